#include <catch2/catch.hpp>

#include "core/api_error.hpp"
#include "jobs/job_store.hpp"
#include "results/object_key.hpp"

using namespace reonomy::mock;
using namespace std::chrono_literals;

namespace {
const TimePoint t0 = TimePoint(Micros(1'600'000'000'000'000));

Job make_job(const std::string& key, TimePoint at, Phases phases = {2s, 3s}) {
  const Uuid id = uuid_v4();
  return Job{id,
             key,
             JobType::search,
             "search.json",
             at,
             phases,
             std::make_shared<const JobSpec>(SearchSpec{}),
             result_id_of(id)};
}
} // namespace

TEST_CASE("a job's status follows PENDING, STARTED, SUCCESS from its phases", "[job]") {
  const Job job = make_job("a", t0);
  CHECK(job.status_at(t0) == JobStatus::pending);
  CHECK(job.status_at(t0 + 1999999us) == JobStatus::pending);
  CHECK(job.status_at(t0 + 2s) == JobStatus::started);
  CHECK(job.status_at(t0 + 4999999us) == JobStatus::started);
  CHECK(job.status_at(t0 + 5s) == JobStatus::success);
  CHECK(job.modified_at(t0 + 1s) == t0);
  CHECK(job.modified_at(t0 + 3s) == t0 + 2s);
  CHECK(job.modified_at(t0 + 60s) == t0 + 5s);
}

TEST_CASE("a job with zero-length phases succeeds at once", "[job]") {
  const Job job = make_job("a", t0, {0s, 0s});
  CHECK(job.status_at(t0) == JobStatus::success);
}

TEST_CASE("second submission while a job runs gets 429 naming the running job", "[job_store]") {
  JobStore store;
  const auto first = store.submit(make_job("a", t0), t0);
  for (auto at : {t0, t0 + 2s, t0 + 4999999us}) {
    try {
      store.submit(make_job("a", at), at);
      FAIL("a second job was accepted while the first was in progress");
    } catch (const ApiError& e) {
      CHECK(e.status() == 429);
      CHECK(e.type() == "JobInProgress");
      CHECK_THAT(e.what(), Catch::Contains(to_string(first->id)));
    }
  }
  CHECK(store.size() == 1);
  CHECK_NOTHROW(store.submit(make_job("a", t0 + 5s), t0 + 5s));
  CHECK(store.size() == 2);
}

TEST_CASE("one account's running job does not block another account", "[job_store]") {
  JobStore store;
  store.submit(make_job("a", t0), t0);
  CHECK_NOTHROW(store.submit(make_job("b", t0), t0));
}

TEST_CASE("jobs are found only by their own account", "[job_store]") {
  JobStore store;
  const auto job = store.submit(make_job("a", t0), t0);
  CHECK(store.find("a", job->id) == job);
  CHECK(store.find("b", job->id) == nullptr);
  CHECK(store.find("a", uuid_v4()) == nullptr);
}

TEST_CASE("the list is newest first with limit and offset", "[job_store]") {
  JobStore store;
  std::vector<Uuid> ids;
  for (int i = 0; i < 5; ++i) {
    const TimePoint at = t0 + std::chrono::seconds(10 * i);
    ids.push_back(store.submit(make_job("a", at), at)->id);
  }
  auto page = store.list("a", 2, 1);
  CHECK(page.count == 5);
  REQUIRE(page.items.size() == 2);
  CHECK(page.items[0]->id == ids[3]);
  CHECK(page.items[1]->id == ids[2]);
  CHECK(store.list("a", 100, 0).items.front()->id == ids[4]);
  CHECK(store.list("a", 100, 5).items.empty());
  CHECK(store.list("nobody", 100, 0).count == 0);
}

TEST_CASE("reset forgets one account's jobs or all", "[job_store]") {
  JobStore store;
  store.submit(make_job("a", t0), t0);
  store.submit(make_job("b", t0), t0);
  CHECK(store.reset("a") == 1);
  CHECK(store.list("a", 10, 0).count == 0);
  CHECK(store.list("b", 10, 0).count == 1);
  CHECK(store.reset() == 1);
  CHECK(store.size() == 0);
}
