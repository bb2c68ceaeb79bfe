#pragma once

#include <httplib.h>

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "reonomy_client/client.hpp"

namespace reonomy::client::testing {

// Virtual time: sleep_for records the wait and moves now() forward at once, and may run a hook
// (e.g. advancing an in-process mock's manual clock by the same amount).
class FakeClock : public Clock {
public:
  TimePoint now() override { return now_; }
  void sleep_for(Duration duration) override;

  std::vector<Duration> sleeps;
  std::function<void(Duration)> on_sleep;

private:
  TimePoint now_{std::chrono::hours(1)};
};

// A Transport that plays back a script: each entry answers one request, a string entry is a
// broken connection with that message. Records every request it saw.
class ScriptedTransport : public Transport {
public:
  using Entry = std::variant<HttpResponse, std::string>;
  void add(HttpResponse response) { script_.push_back(std::move(response)); }
  void add_json(int status, const nlohmann::json& body) { add({status, {}, body.dump()}); }
  void drop(std::string message) { script_.push_back(std::move(message)); }

  HttpResponse send(const HttpRequest& request) override;
  HttpResponse stream(const HttpRequest& request, const StreamHandlers& handlers) override;

  std::vector<HttpRequest> requests;
  std::size_t remaining() const { return script_.size(); }

private:
  HttpResponse next(const HttpRequest& request);
  std::deque<Entry> script_;
};

// Remembers what the client reported, for assertions.
class RecordingObserver : public ClientObserver {
public:
  void on_retry(const RetryEvent& event) override { retries.push_back(event); }
  void on_waiting_for_job(const std::string& id) override { waited_for.push_back(id); }
  void on_status(const Job& job) override { statuses.push_back(job.status_text()); }
  void on_url_refresh(const std::string& object, const std::string& reason) override {
    refreshes.push_back(object + ": " + reason);
  }
  void on_download_start(const DownloadProgress& progress) override {
    starts.push_back(progress.object + "@" + std::to_string(progress.bytes));
  }
  void on_download_progress(const DownloadProgress& progress) override {
    reports.push_back(progress);
  }
  std::vector<RetryEvent> retries;
  std::vector<std::string> waited_for;
  std::vector<std::string> statuses;
  std::vector<std::string> refreshes;
  std::vector<std::string> starts;
  std::vector<DownloadProgress> reports; // every on_download_progress
};

// An httplib::Server on a free loopback port, serving on its own thread until destroyed.
// Handlers run on server threads: they must not use Catch2 macros.
class LocalServer {
public:
  LocalServer();
  ~LocalServer();
  httplib::Server& http() { return http_; }
  void start();
  int port() const { return port_; }
  std::string url(const std::string& path = "") const;

private:
  httplib::Server http_;
  std::thread thread_;
  int port_ = -1;
};

// Client options for tests: the given base URL, demo credentials, a FakeClock (no real waits),
// a fixed jitter seed and short backoff.
ClientOptions test_client_options(const std::string& base_url, std::shared_ptr<FakeClock> clock);

// A client with test_client_options, a FakeClock and a RecordingObserver, pointed at `base_url`.
struct ObservedClient {
  explicit ObservedClient(const std::string& base_url);
  std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>();
  RecordingObserver observer;
  std::unique_ptr<Client> client;
};

// A job object as the API shows it.
nlohmann::json job_json(const std::string& id, const nlohmann::json& status,
                        const std::vector<std::string>& result_urls = {});

} // namespace reonomy::client::testing
