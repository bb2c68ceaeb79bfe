#pragma once

#include <httplib.h>

#include "http/routes.hpp"

#include "http/context.hpp"

namespace reonomy::mock {

// POST /_mock/echo: what an upload looked like on arrival (headers with credentials redacted, form
// fields, file parts with their size and first bytes) and the verdict POST /v2/jobs/file would
// give it, computed by the same checks (identify_caller, refused_upload_error, read_submission).
// Always 200 when the report was made; it submits nothing and counts against no rate limit.
void add_echo_route(Routes& http, ServiceContext& ctx);

} // namespace reonomy::mock
