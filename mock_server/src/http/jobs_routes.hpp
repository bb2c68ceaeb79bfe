#pragma once

#include <httplib.h>

#include "http/context.hpp"

namespace reonomy::mock {

// POST /v2/jobs/file, GET /v2/jobs/file/{id}, GET /v2/jobs/file.
void add_jobs_routes(httplib::Server& http, ServiceContext& ctx);

} // namespace reonomy::mock
