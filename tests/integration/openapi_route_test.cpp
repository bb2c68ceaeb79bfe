#include <catch2/catch.hpp>

#include <fstream>

#include "mock_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;

TEST_CASE("GET /_mock/openapi.json serves the embedded document with this mock's URL",
          "[control][openapi]") {
  Options options = test_options();
  options.public_url = "http://mock.test:9999/";
  MockFixture mock(options);
  const auto served = body_of(mock.client().Get("/_mock/openapi.json"));
  std::ifstream in(REONOMY_FIXTURES_DIR "/../mock_server/openapi.json");
  REQUIRE(in);
  auto source = nlohmann::json::parse(in);
  CHECK(served["servers"] == nlohmann::json::array({{{"url", "http://mock.test:9999"}}}));
  source["servers"] = served["servers"];
  CHECK(served == source); // the build embedded the file as it is in the tree
}
