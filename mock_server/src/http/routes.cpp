#include "http/routes.hpp"

#include <algorithm>

namespace reonomy::mock {

void Routes::remember(const std::string& method, const std::string& pattern) {
  routes_.emplace_back(method, std::regex(pattern));
}

Routes& Routes::Get(const std::string& pattern, httplib::Server::Handler handler) {
  remember("GET", pattern);
  http_.Get(pattern, std::move(handler));
  return *this;
}

Routes& Routes::Post(const std::string& pattern, httplib::Server::Handler handler) {
  remember("POST", pattern);
  http_.Post(pattern, std::move(handler));
  return *this;
}

Routes& Routes::Post(const std::string& pattern,
                     httplib::Server::HandlerWithContentReader handler) {
  remember("POST", pattern);
  http_.Post(pattern, std::move(handler));
  return *this;
}

Routes& Routes::Delete(const std::string& pattern, httplib::Server::Handler handler) {
  remember("DELETE", pattern);
  http_.Delete(pattern, std::move(handler));
  return *this;
}

Routes& Routes::Put(const std::string& pattern, httplib::Server::HandlerWithContentReader handler) {
  remember("PUT", pattern);
  http_.Put(pattern, std::move(handler));
  return *this;
}

Routes& Routes::Delete(const std::string& pattern,
                       httplib::Server::HandlerWithContentReader handler) {
  remember("DELETE", pattern);
  http_.Delete(pattern, std::move(handler));
  return *this;
}

Routes& Routes::Patch(const std::string& pattern,
                      httplib::Server::HandlerWithContentReader handler) {
  remember("PATCH", pattern);
  http_.Patch(pattern, std::move(handler));
  return *this;
}

Routes& Routes::Options(const std::string& pattern, httplib::Server::Handler handler) {
  remember("OPTIONS", pattern);
  http_.Options(pattern, std::move(handler));
  return *this;
}

Routes& Routes::PostReadingBody(const std::string& pattern, httplib::Server::Handler handler) {
  remember("POST", pattern);
  body_readers_.emplace_back(std::regex(pattern), std::move(handler));
  return *this;
}

bool Routes::dispatch_body_readers(const httplib::Request& req, httplib::Response& res) const {
  if (req.method != "POST")
    return false;
  for (const auto& [pattern, handler] : body_readers_) {
    if (!std::regex_match(req.path, pattern))
      continue;
    handler(req, res);
    return true;
  }
  return false;
}

std::string Routes::allowed_methods(const std::string& path) const {
  static const std::vector<std::string> kOrder = {"GET", "HEAD", "POST", "PUT", "DELETE"};
  std::vector<std::string> found;
  for (const auto& [method, pattern] : routes_) {
    if (!std::regex_match(path, pattern))
      continue;
    found.push_back(method);
    if (method == "GET")
      found.push_back("HEAD");
  }
  std::string allow;
  for (const auto& method : kOrder) {
    if (std::find(found.begin(), found.end(), method) == found.end())
      continue;
    allow += (allow.empty() ? "" : ", ") + method;
  }
  return allow;
}

} // namespace reonomy::mock
