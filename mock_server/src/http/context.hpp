#pragma once

#include "core/clock.hpp"
#include "jobs/accounts.hpp"
#include "jobs/job_store.hpp"
#include "jobs/rate_limiter.hpp"
#include "reonomy_mock/options.hpp"

namespace reonomy::mock {

// The state every route works on, owned by the Server and shared by its handlers.
struct ServiceContext {
  explicit ServiceContext(Options opts)
      : options(std::move(opts)), clock(options.clock), accounts(options.users),
        limiter(options.rate_limit) {}

  Phases phases() const {
    return {Micros(static_cast<long long>(options.pending_seconds * 1e6)),
            Micros(static_cast<long long>(options.started_seconds * 1e6))};
  }

  const Options options;
  Clock clock;
  const Accounts accounts;
  JobStore jobs;
  RateLimiter limiter;
};

} // namespace reonomy::mock
