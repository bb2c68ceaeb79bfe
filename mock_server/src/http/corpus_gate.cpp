#include "http/corpus_gate.hpp"

#include <chrono>
#include <exception>
#include <stdexcept>

#include "core/api_error.hpp"

namespace reonomy::mock {

namespace {
std::string message_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an unknown error";
  }
}
} // namespace

CorpusGate::~CorpusGate() {
  if (thread_.joinable())
    thread_.join();
}

void CorpusGate::start(std::function<Built()> build) {
  if (thread_.joinable())
    throw std::logic_error("CorpusGate::start() can be called once");
  thread_ = std::thread([this, build = std::move(build)] {
    const auto t0 = std::chrono::steady_clock::now();
    const auto elapsed_ms = [t0] {
      return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
          .count();
    };
    try {
      Built built = build();
      build_ms_ = elapsed_ms();
      promise_.set_value(std::move(built));
    } catch (...) {
      build_ms_ = elapsed_ms();
      promise_.set_exception(std::current_exception());
    }
  });
}

const CorpusGate::Built& CorpusGate::get() const {
  try {
    return built_.get();
  } catch (const std::exception& e) {
    // ours: every request that needs the corpus gets the cause, not a request-specific error.
    throw ApiError(500, "InternalError",
                   std::string("The mock could not build its property corpus: ") + e.what() +
                       ". Fix the cause (usually a damaged table in the fixtures directory, "
                       "--fixtures) and restart the mock; GET /_mock/health shows it too.");
  }
}

CorpusGate::Status CorpusGate::status() const {
  Status status;
  if (built_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
    return status;
  status.build_ms = build_ms_.load();
  try {
    built_.get();
    status.state = Status::State::ready;
  } catch (...) {
    status.state = Status::State::failed;
    status.error = message_of(std::current_exception());
  }
  return status;
}

} // namespace reonomy::mock
