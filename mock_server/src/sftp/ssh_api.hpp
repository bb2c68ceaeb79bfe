#pragma once

// The one place libssh is included from: the SFTP server functions are declared only with
// WITH_SERVER defined, and every user of libssh here wants the same owning handles.
#ifndef WITH_SERVER
#define WITH_SERVER
#endif
#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>
#include <libssh/sftp.h>

#include <memory>

namespace reonomy::mock::detail {

struct SshKeyFree {
  void operator()(ssh_key key) const { ssh_key_free(key); }
};
struct SshBindFree {
  void operator()(ssh_bind bind) const { ssh_bind_free(bind); }
};
struct SshSessionFree {
  void operator()(ssh_session session) const {
    ssh_disconnect(session);
    ssh_free(session);
  }
};
struct SshEventFree {
  void operator()(ssh_event event) const { ssh_event_free(event); }
};

using SshKey = std::unique_ptr<ssh_key_struct, SshKeyFree>;
using SshBind = std::unique_ptr<ssh_bind_struct, SshBindFree>;
using SshSession = std::unique_ptr<ssh_session_struct, SshSessionFree>;
using SshEvent = std::unique_ptr<ssh_event_struct, SshEventFree>;

} // namespace reonomy::mock::detail
