#pragma once

#include <httplib.h>

namespace reonomy::mock {

// cpp-httplib 0.11 gives a handler no access to its connection's socket. Fault rules need it to
// end a connection the way a network failure would; these find the socket by the request's two
// addresses (a scan of the process's descriptors: fine for a fault, never on the normal path).

// The descriptor of the connection `req` came on, or -1 when it cannot be found.
int connection_socket(const httplib::Request& req);

// Ends the connection at once: with a FIN (`reset` false) or an RST (`reset` true). The
// descriptor number stays valid (it now refers to /dev/null) so cpp-httplib's later writes go
// nowhere and its own close() closes nothing of anyone else's. Returns false when the socket was
// not found.
bool end_connection(int fd, bool reset);
inline bool end_connection(const httplib::Request& req, bool reset) {
  return end_connection(connection_socket(req), reset);
}

// Ends the connection after an answer was written to a request whose body was never read: reads
// and drops what the client still sends, then shuts the socket down (a FIN after the answer).
// cpp-httplib's later reads see the end, and its writes fail instead of reaching the client.
void end_after_answer(const httplib::Request& req);

// Makes the connection's eventual close() send an RST instead of a FIN (SO_LINGER 0).
void reset_on_close(int fd);

} // namespace reonomy::mock
