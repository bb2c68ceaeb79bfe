#include "http/openapi_route.hpp"

#include <string_view>

#include <nlohmann/json.hpp>

#include "http/responses.hpp"

namespace reonomy::mock {

extern const std::string_view kOpenApiDocument; // generated from mock_server/openapi.json

void add_openapi_route(Routes& http, ServiceContext& ctx) {
  // Parsed once, at start: a document that is not JSON fails every server start (and the tests),
  // not one request at a time.
  auto document = std::make_shared<const nlohmann::json>(nlohmann::json::parse(kOpenApiDocument));
  http.Get("/_mock/openapi.json",
           guarded([&ctx, document](const httplib::Request&, httplib::Response& res) {
             nlohmann::json served = *document;
             served["servers"] = {{{"url", ctx.public_url}}};
             render_json(res, 200, served);
           }));
}

} // namespace reonomy::mock
