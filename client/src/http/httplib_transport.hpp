#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "reonomy_client/http.hpp"

namespace httplib {
class Client;
}

namespace reonomy::client::detail {

struct Url;

// HTTP and HTTPS over cpp-httplib, one kept-alive connection per origin (the API and the host
// of the result URLs may differ).
class HttplibTransport : public Transport {
public:
  struct Settings {
    std::string ca_file;
    std::chrono::seconds connect_timeout{10};
    std::chrono::seconds read_timeout{60};
  };

  explicit HttplibTransport(Settings settings);
  ~HttplibTransport() override;

  HttpResponse send(const HttpRequest& request) override;
  HttpResponse stream(const HttpRequest& request, const StreamHandlers& handlers) override;

private:
  httplib::Client& client_for(const Url& url);

  Settings settings_;
  std::map<std::string, std::unique_ptr<httplib::Client>> clients_;
};

} // namespace reonomy::client::detail
