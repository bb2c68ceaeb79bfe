#pragma once

#include <atomic>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace reonomy::mock {

class Corpus;
class Matcher;

// The corpus and the matcher over it (with their indexes), built once on a thread of their own so
// the server answers within milliseconds of its start while they take a few hundred.
// ours: the real service has no start-up to wait for; a request that needs the corpus (a job's
// result plan, a download, a property route, an SFTP listing) waits in get() until the build is
// done, so a client sending at launch sees a slower first answer, never an error. Requests that
// do not need it (health, the control plane, auth and validation errors, 404s) never wait.
// Thread-safe; the destructor waits for a build under way.
class CorpusGate {
public:
  struct Built {
    std::shared_ptr<const Corpus> corpus;
    std::shared_ptr<const Matcher> matcher; // over `corpus`
  };
  // What health reports, read without waiting.
  struct Status {
    enum class State { building, ready, failed } state = State::building;
    std::optional<double> build_ms; // how long the build took, once it ended
    std::string error;              // why it failed
  };

  CorpusGate() = default;
  ~CorpusGate();
  CorpusGate(const CorpusGate&) = delete;
  CorpusGate& operator=(const CorpusGate&) = delete;

  // Runs `build` on a new thread. Call once; get() waits until it was called and has returned.
  void start(std::function<Built()> build);

  // The built corpus and matcher, after waiting for them. Throws ApiError 500 (InternalError)
  // naming the cause when the build failed.
  const Built& get() const;
  Status status() const;

private:
  std::promise<Built> promise_;
  std::shared_future<Built> built_ = promise_.get_future().share();
  std::atomic<double> build_ms_ = -1; // set before the promise is fulfilled
  std::thread thread_;
};

} // namespace reonomy::mock
