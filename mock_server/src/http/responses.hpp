#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "core/api_error.hpp"

namespace reonomy::mock {

// The one place errors are rendered: status, headers and {"type": ..., "message": ...}.
void render_error(httplib::Response& res, const ApiError& error);

void render_json(httplib::Response& res, int status, const nlohmann::json& body);

// Wraps a route so an ApiError it throws becomes the documented error response and anything
// else a 500 InternalError, never a dropped connection.
httplib::Server::Handler guarded(httplib::Server::Handler handler);

} // namespace reonomy::mock
