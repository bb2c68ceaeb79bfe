#pragma once

#include <httplib.h>

#include "http/routes.hpp"

#include "http/context.hpp"

namespace reonomy::mock {

// GET /_mock/openapi.json: mock_server/openapi.json as embedded at build time, with `servers`
// set to the URL clients reach this mock at (http or https).
void add_openapi_route(Routes& http, ServiceContext& ctx);

} // namespace reonomy::mock
