#include <catch2/catch.hpp>

#include "results/object_key.hpp"

using namespace reonomy::mock;

TEST_CASE("object keys have the documentation's forms and parse back", "[object_key]") {
  const Uuid id = *parse_uuid("afcc88d7-58d0-44a5-9894-5243bf111ba8");
  CHECK(to_string(ObjectKey{id, 0, JobType::property_details}) ==
        "job_cache/afcc88d7-58d0-44a5-9894-5243bf111ba8_0.ndjson");
  CHECK(to_string(ObjectKey{id, 0, JobType::search}) ==
        "job_results/afcc88d7-58d0-44a5-9894-5243bf111ba8.ndjson");
  CHECK(to_string(ObjectKey{id, 0, JobType::match}) ==
        "job_results/afcc88d7-58d0-44a5-9894-5243bf111ba8.csv");
  for (auto type : {JobType::property_details, JobType::search, JobType::match}) {
    const ObjectKey key{id, type == JobType::property_details ? 39u : 0u, type};
    const auto parsed = parse_object_key(to_string(key));
    REQUIRE(parsed);
    CHECK(parsed->result_id == id);
    CHECK(parsed->part == key.part);
    CHECK(parsed->type == type);
  }
}

TEST_CASE("anything else is not an object key", "[object_key]") {
  for (const char* key : {"", "job_cache/afcc88d7-58d0-44a5-9894-5243bf111ba8.ndjson",
                          "job_cache/afcc88d7-58d0-44a5-9894-5243bf111ba8_.ndjson",
                          "job_cache/afcc88d7-58d0-44a5-9894-5243bf111ba8_01.ndjson",
                          "job_cache/afcc88d7-58d0-44a5-9894-5243bf111ba8_-1.ndjson",
                          "job_cache/afcc88d7-58d0-44a5-9894-5243bf111ba8_0.csv",
                          "job_results/../afcc88d7-58d0-44a5-9894-5243bf111ba8.ndjson",
                          "job_results/afcc88d7-58d0-44a5-9894-5243bf111ba8.ndjson.gz",
                          "other/afcc88d7-58d0-44a5-9894-5243bf111ba8.ndjson"})
    CHECK_FALSE(parse_object_key(key));
}

TEST_CASE("a job's result id is stable and differs from the job id", "[object_key]") {
  const Uuid job = *parse_uuid("fe9f0c8f-717d-48f7-9974-50430094236c");
  CHECK(result_id_of(job) == result_id_of(job));
  CHECK(result_id_of(job) != job);
}
