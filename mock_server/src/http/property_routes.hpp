#pragma once

#include <httplib.h>

#include "http/routes.hpp"

#include "http/context.hpp"

namespace reonomy::mock {

// GET /v2/property/{property_id} and POST /v2/search/summaries, answered from the same records
// and corpus as the batch jobs (doc: a job returns what these endpoints return, property by
// property).
void add_property_routes(Routes& http, ServiceContext& ctx);

} // namespace reonomy::mock
