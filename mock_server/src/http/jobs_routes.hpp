#pragma once

#include <httplib.h>

#include "http/routes.hpp"

#include "http/context.hpp"

namespace reonomy::mock {

// POST /v2/jobs/file, GET /v2/jobs/file/{id}, GET /v2/jobs/file.
void add_jobs_routes(Routes& http, ServiceContext& ctx);

} // namespace reonomy::mock
