#include "http/responses.hpp"

#include "http/access_log.hpp"

#include <exception>

namespace reonomy::mock {

void render_error(httplib::Response& res, const ApiError& error) {
  request_note().error_type = error.type();
  request_note().error_message = error.what();
  res.status = error.status();
  for (const auto& [name, value] : error.headers())
    res.set_header(name, value);
  render_json(res, error.status(), {{"type", error.type()}, {"message", error.what()}});
}

void render_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

httplib::Server::Handler guarded(httplib::Server::Handler handler) {
  return [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
    try {
      handler(req, res);
    } catch (const ApiError& e) {
      render_error(res, e);
    } catch (const std::exception& e) {
      // ours: the cause goes to the caller; a mock's internals are nothing to hide.
      render_error(res,
                   ApiError(500, "InternalError", std::string("The mock failed: ") + e.what()));
    }
  };
}

} // namespace reonomy::mock
