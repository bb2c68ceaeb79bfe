#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>

#include <string>

#include "reonomy_mock/server.hpp"

namespace reonomy::mock::testing {

inline constexpr const char* kKey = "demo-access-key";
inline constexpr const char* kSecret = "demo-secret-key";
inline constexpr const char* kOtherKey = "other-access-key";
inline constexpr const char* kOtherSecret = "other-secret-key";

// Options for an in-process mock: loopback, a free port, a manual clock, two accounts, phases
// of 2 s PENDING and 3 s STARTED, no rate limit unless a test asks for one, no request log.
Options test_options();
// test_options() with zero-length PENDING and STARTED phases: a job is SUCCESS once accepted.
Options instant_test_options();

// A mock server started on a free loopback port for the life of the fixture, and a client.
class MockFixture {
public:
  explicit MockFixture(Options options = test_options());
  ~MockFixture();

  httplib::Client client() const;
  httplib::Headers auth(const std::string& key = kKey, const std::string& secret = kSecret) const;

  // POST /v2/jobs/file as a well-behaved HTTP library builds it.
  httplib::Result submit(const std::string& job_type, const std::string& file_content,
                         const std::string& filename = "spec.json",
                         const std::string& metadata = "", const std::string& key = kKey,
                         const std::string& secret = kSecret) const;
  httplib::Result get(const std::string& path, const std::string& key = kKey,
                      const std::string& secret = kSecret) const;
  void advance(double seconds) const;

  // Submits, fetches the job and requires it finished (for servers with zero-length phases).
  nlohmann::json finished_job(const std::string& job_type, const std::string& file_content,
                              const std::string& filename = "spec.json",
                              const std::string& metadata = "") const;
  // GET of a presigned result URL (no credentials: the URL carries them).
  httplib::Result download(const std::string& url) const;

  // Sends `request` bytes as they are on a fresh connection and returns the status code and the
  // body of the response, for requests no HTTP library would build.
  struct RawResponse {
    int status = 0;
    std::string headers;
    std::string body;
  };
  RawResponse raw(const std::string& request) const;

  Server& server() { return server_; }
  int port() const { return server_.port(); }

private:
  Server server_;
};

// The JSON body of a response; fails the test when it is not JSON.
nlohmann::json body_of(const httplib::Result& res);

// A minimal valid property-details spec.
std::string property_details_spec(int ids = 2);
// "Basic base64(key:secret)".
std::string basic_auth(const std::string& key, const std::string& secret);

} // namespace reonomy::mock::testing
