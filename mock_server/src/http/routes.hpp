#pragma once

#include <regex>
#include <string>
#include <vector>

#include <httplib.h>

namespace reonomy::mock {

// The mock's routes, registered with cpp-httplib and remembered, so that a request to a path
// that exists under other methods gets 405 with `Allow` (RFC 9110 §15.5.6) rather than 404.
class Routes {
public:
  explicit Routes(httplib::Server& http) : http_(http) {}

  Routes& Get(const std::string& pattern, httplib::Server::Handler handler);
  Routes& Post(const std::string& pattern, httplib::Server::Handler handler);
  Routes& Post(const std::string& pattern, httplib::Server::HandlerWithContentReader handler);
  Routes& Put(const std::string& pattern, httplib::Server::HandlerWithContentReader handler);
  Routes& Delete(const std::string& pattern, httplib::Server::Handler handler);
  Routes& Delete(const std::string& pattern, httplib::Server::HandlerWithContentReader handler);
  Routes& Patch(const std::string& pattern, httplib::Server::HandlerWithContentReader handler);
  Routes& Options(const std::string& pattern, httplib::Server::Handler handler);
  // A POST route that reads its body itself, through read_request_body (http/connection.hpp):
  // cpp-httplib 0.11 would read and parse a multipart body before any handler ran, case-
  // sensitively and into memory several times over. Dispatched by dispatch_body_readers.
  Routes& PostReadingBody(const std::string& pattern, httplib::Server::Handler handler);

  // Runs the body-reading route that matches `req`, if any (from the pre-routing stage, once the
  // request is admitted); true when one did.
  bool dispatch_body_readers(const httplib::Request& req, httplib::Response& res) const;

  // The methods some route takes at `path`, in the order of RFC 9110's method table (GET brings
  // HEAD), joined for an Allow header; "" when no route has this path.
  std::string allowed_methods(const std::string& path) const;

private:
  void remember(const std::string& method, const std::string& pattern);

  httplib::Server& http_;
  std::vector<std::pair<std::string, std::regex>> routes_;
  std::vector<std::pair<std::regex, httplib::Server::Handler>> body_readers_;
};

} // namespace reonomy::mock
