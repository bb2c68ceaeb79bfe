#pragma once

#include <string_view>

#include <httplib.h>

#include "http/context.hpp"

namespace reonomy::mock {

// Whether a listen address keeps the control plane to this machine: 127.0.0.0/8, ::1 (also
// written [::1]) and localhost.
bool is_loopback_host(std::string_view host);

// The gate of every /_mock/ request, run before routing. A token is presented as
// `Authorization: Bearer TOKEN` or `X-Mock-Admin-Token: TOKEN` (the header echo needs, since its
// Authorization is the one being diagnosed). A presented token must equal Options::admin_token
// (compared in constant time), on any host; without one, a loopback host admits the request and
// any other host answers 401, explaining how to enable access. The token is never logged or
// repeated in a response.
httplib::Server::HandlerResponse admit_control_request(const ServiceContext& ctx,
                                                       const httplib::Request& req,
                                                       httplib::Response& res);

} // namespace reonomy::mock
