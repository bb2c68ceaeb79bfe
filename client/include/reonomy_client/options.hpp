#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "reonomy_client/clock.hpp"
#include "reonomy_client/observer.hpp"

namespace reonomy::client {

struct RetryPolicy {
  // Tries per request when the server answers 5xx or the connection fails (the first included).
  int max_attempts = 6;
  // Backoff before retry n (1-based): a random duration in [d/2, d], d = min(max, base * 2^(n-1)).
  std::chrono::milliseconds base_delay{500};
  std::chrono::milliseconds max_delay{30'000};
  // 429 RateLimitExceeded answers tolerated per request, each followed by its Retry-After.
  int max_rate_limit_retries = 20;
  // Retry-After values above this are cut to it, so a confused server cannot park the client.
  std::chrono::milliseconds max_retry_after{120'000};
  // How often a submission may be held up by another running job (429) before giving up.
  int max_job_waits = 5;
  // How often one result file may be re-requested with a fresh URL (expired / NoSuchKey).
  int max_url_refreshes = 3;
  // Seed for the backoff jitter; 0 draws one from the system.
  std::uint64_t jitter_seed = 0;
};

// How a Client reaches the API. from_environment() fills what the environment says.
struct ClientOptions {
  std::string base_url = "https://api.reonomy.com";
  std::string access_key;
  std::string secret_key;
  // doc: "a User-Agent header, which is required by the Reonomy API".
  std::string user_agent = "reonomy-client/0.1.0";
  // PEM file of certificate authorities for HTTPS; empty: the system's.
  std::string ca_file;
  // doc: "you can submit up to 5 API requests per second". The client never sends faster.
  unsigned max_requests_per_second = 5;
  // doc: "check the job status periodically (for example, once a second)".
  std::chrono::milliseconds poll_interval{1000};
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds read_timeout{60};
  RetryPolicy retry;
  // Real time: request pacing, backoff and Retry-After. Default: SystemClock.
  std::shared_ptr<Clock> clock;
  // Job time: the poll interval and waits for a running job. Default: `clock`. A conformance
  // run against a mock with a manual clock moves that clock here instead of sleeping.
  std::shared_ptr<Clock> job_clock;
  // Not owned; may be null.
  ClientObserver* observer = nullptr;

  // Defaults overridden by REONOMY_BASE_URL, REONOMY_ACCESS_KEY and REONOMY_SECRET_KEY.
  static ClientOptions from_environment();
};

} // namespace reonomy::client
