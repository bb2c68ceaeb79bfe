#pragma once

#include <httplib.h>

#include "http/routes.hpp"

#include "http/context.hpp"

namespace reonomy::mock {

// The mock's own endpoints under /_mock/ (health, reset, clock). No credentials: they exist for
// the tests and tools that drive the mock, never for what a client of the real API would see.
void add_control_routes(Routes& http, ServiceContext& ctx);

} // namespace reonomy::mock
