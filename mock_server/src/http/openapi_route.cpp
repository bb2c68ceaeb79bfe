#include "http/openapi_route.hpp"

#include <string_view>

#include <nlohmann/json.hpp>

#include "http/responses.hpp"

namespace reonomy::mock {

extern const std::string_view kOpenApiDocument; // generated from mock_server/openapi.json

namespace {
// Parsed on first use, once per process: parsing at start took 3 to 8 ms of the start-up
// (measured), for a route few clients call. A document that is not JSON still fails its test
// (tests/integration/openapi_route_test.cpp) and every request to it, with the parser's message.
const nlohmann::json& openapi_document() {
  static const nlohmann::json document = nlohmann::json::parse(kOpenApiDocument);
  return document;
}
} // namespace

void add_openapi_route(Routes& http, ServiceContext& ctx) {
  http.Get("/_mock/openapi.json", guarded([&ctx](const httplib::Request&, httplib::Response& res) {
             nlohmann::json served = openapi_document();
             served["servers"] = {{{"url", ctx.public_url}}};
             render_json(res, 200, served);
           }));
}

} // namespace reonomy::mock
