#pragma once

#include <httplib.h>

#include "http/routes.hpp"

#include "http/context.hpp"

namespace reonomy::mock {

// GET /job_cache/<key> and /job_results/<key>: result objects behind presigned URLs, answering as
// S3 does (XML errors, x-amz-request-id). No Basic auth: the signature is the credential.
void add_results_routes(Routes& http, ServiceContext& ctx);

// True for the paths of result objects (they bypass the API's auth and rate limit).
bool is_object_path(const std::string& path);

} // namespace reonomy::mock
