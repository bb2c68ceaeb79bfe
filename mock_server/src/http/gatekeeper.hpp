#pragma once

#include <httplib.h>

#include "http/context.hpp"

namespace reonomy::mock {

// The checks every public request passes before its body is read (cpp-httplib runs the
// pre-routing handler first): User-Agent (403), credentials (401), the per-account rate limit
// (429 with Retry-After). The control plane (/_mock/) and result objects (presigned, as on S3)
// pass untouched.
httplib::Server::HandlerResponse admit_request(ServiceContext& ctx, const httplib::Request& req,
                                               httplib::Response& res);

bool is_control_path(const std::string& path);

} // namespace reonomy::mock
