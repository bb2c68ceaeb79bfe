#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "../temp_dir.hpp"
#include "core/api_error.hpp"
#include "jobs/job_spec.hpp"
#include "jobs/state_file.hpp"
#include "jobs/state_store.hpp"
#include "results/object_key.hpp"

using namespace reonomy::mock;
using reonomy::mock::testing::file_bytes;
using reonomy::mock::testing::TempDir;
namespace fs = std::filesystem;

namespace {

const ResultSettings kSettings{7, 2000, 25};
const std::string kSpec =
    R"({"detail_type": ["basic"], "property_ids": ["51e2200a-5160-5ab1-8f98-20a17fedbb87"]})";
const std::string kCsv = "Address1,City,State,Zip\r\n767 3rd Ave,New York,NY,10017\r\n";
const std::string kMetadata =
    R"({'headers': ['Address1', 'City', 'State', 'Zip'], 'mapping': {'address_line_1': 'Address1', 'address_city': 'City', 'address_state': 'State', 'address_postal': 'Zip'}})";

StateStore::Config config(const fs::path& dir, std::vector<std::string>* notes = nullptr) {
  StateStore::Config c;
  c.dir = dir;
  c.settings = kSettings;
  if (notes)
    c.note = [notes](const std::string& line) { notes->push_back(line); };
  return c;
}

Job job_of(const std::string& key, JobType type, std::string_view content,
           std::optional<std::string_view> metadata, std::string filename) {
  const Uuid id = uuid_v4();
  return Job{id,
             key,
             type,
             std::move(filename),
             TimePoint(Micros(1'700'000'000'123'456)),
             Phases{Micros(1'500'000), Micros(2'000'000)},
             std::make_shared<const JobSpec>(parse_job_spec(type, content, metadata)),
             result_id_of(id)};
}

// Records a property-details job for `key` and returns its file.
fs::path record_job(StateStore& store, const fs::path& dir, const std::string& key = "k") {
  const Job job = job_of(key, JobType::property_details, kSpec, std::nullopt, "spec.json");
  store.record(job, {kSpec, std::nullopt});
  return dir / "jobs" / account_directory_name(key) / (to_string(job.id) + ".job");
}

void write_all(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// The message of the error opening `dir` throws; fails when it opens.
std::string opening_error(const fs::path& dir) {
  try {
    StateStore store(config(dir));
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  FAIL("the state directory opened");
  return "";
}

} // namespace

TEST_CASE("a state record keeps any bytes and refuses a changed or cut file", "[state]") {
  state::Record record{"test", {}};
  record.add("binary", std::string("a\nb\0c", 5)).add("empty", "").add("n", "-42");
  const std::string bytes = state::encode(record);
  const state::Record back = state::decode(bytes);
  CHECK(back.kind == "test");
  CHECK(back.at("binary") == std::string("a\nb\0c", 5));
  CHECK(back.at("empty").empty());
  CHECK(back.integer("n") == -42);
  CHECK_THROWS_WITH(back.at("missing"), Catch::Contains("missing field missing"));

  std::string changed = bytes;
  changed[30] ^= 1;
  CHECK_THROWS_WITH(state::decode(changed), Catch::Contains("checksum mismatch"));
  for (const std::size_t keep :
       {std::size_t{0}, std::size_t{10}, bytes.size() / 2, bytes.size() - 1})
    CHECK_THROWS_WITH(state::decode(bytes.substr(0, keep)), Catch::Contains("truncated"));
  CHECK_THROWS_WITH(state::decode("{\"json\": true}"),
                    Catch::Contains("not a reonomy-mock state file"));
}

TEST_CASE("a state directory gives back its jobs, uploads and signing identity", "[state]") {
  TempDir dir("reonomy-state-test");
  Presigner::Identity identity;
  const Job details = job_of("key-a", JobType::property_details, kSpec, std::nullopt, "spec.json");
  const Job match = job_of("key/b", JobType::match, kCsv, kMetadata, "addresses\n.csv");
  {
    StateStore store(config(dir.path));
    identity = store.presigner_identity();
    CHECK(store.take_jobs().empty());
    store.record(details, {kSpec, std::nullopt});
    store.record(match, {kCsv, kMetadata});
  }
  StateStore store(config(dir.path));
  CHECK(store.presigner_identity().secret == identity.secret);
  CHECK(store.presigner_identity().access_key_id == identity.access_key_id);
  CHECK(store.presigner_identity().security_token == identity.security_token);
  const auto jobs = store.take_jobs();
  REQUIRE(jobs.size() == 2);
  CHECK(jobs[0].id == details.id); // in acceptance order
  CHECK(jobs[0].access_key == "key-a");
  CHECK(jobs[0].created == details.created);
  CHECK(jobs[0].phases.pending == details.phases.pending);
  CHECK(jobs[0].phases.started == details.phases.started);
  CHECK(jobs[0].result_id == details.result_id);
  CHECK(std::get<PropertyDetailsSpec>(*jobs[0].spec).property_ids ==
        std::get<PropertyDetailsSpec>(*details.spec).property_ids);
  CHECK(jobs[1].id == match.id);
  CHECK(jobs[1].access_key == "key/b");
  CHECK(jobs[1].type == JobType::match);
  CHECK(jobs[1].filename == "addresses\n.csv");
  CHECK(std::get<MatchSpec>(*jobs[1].spec).csv == kCsv);
  CHECK(std::get<MatchSpec>(*jobs[1].spec).metadata.headers.size() == 4);
}

TEST_CASE("a damaged or truncated job file stops the start and is named", "[state]") {
  TempDir dir("reonomy-state-test");
  fs::path file;
  {
    StateStore store(config(dir.path));
    file = record_job(store, dir.path);
  }
  const std::string bytes = file_bytes(file);
  SECTION("a changed byte") {
    std::string changed = bytes;
    changed[changed.find("51e2200a")] = '6';
    write_all(file, changed);
    const std::string error = opening_error(dir.path);
    CHECK_THAT(error, Catch::Contains(file.string()) && Catch::Contains("checksum mismatch") &&
                          Catch::Contains("--state-quarantine"));
  }
  SECTION("a cut file") {
    write_all(file, bytes.substr(0, bytes.size() / 2));
    CHECK_THAT(opening_error(dir.path),
               Catch::Contains(file.string()) && Catch::Contains("truncated"));
  }
  SECTION("an empty file") {
    write_all(file, "");
    CHECK_THAT(opening_error(dir.path),
               Catch::Contains(file.string()) && Catch::Contains("truncated"));
  }
  SECTION("a file that is not a job's") {
    write_all(dir.path / "jobs" / account_directory_name("k") / "notes.txt", "hello");
    CHECK_THAT(opening_error(dir.path),
               Catch::Contains("notes.txt") && Catch::Contains("not a job file"));
  }
  SECTION("a damaged settings or presigner file") {
    for (const char* name : {"settings", "presigner"}) {
      const fs::path path = dir.path / name;
      const std::string saved = file_bytes(path);
      write_all(path, saved.substr(0, saved.size() - 3));
      CHECK_THAT(opening_error(dir.path), Catch::Contains(path.string()));
      write_all(path, saved);
    }
  }
}

TEST_CASE("quarantine moves a damaged file aside and starts without it", "[state]") {
  TempDir dir("reonomy-state-test");
  fs::path bad, good;
  {
    StateStore store(config(dir.path));
    bad = record_job(store, dir.path);
    good = record_job(store, dir.path);
  }
  const std::string bytes = file_bytes(bad);
  write_all(bad, bytes.substr(0, bytes.size() - 10));
  std::vector<std::string> notes;
  auto quarantined = config(dir.path, &notes);
  quarantined.quarantine = true;
  StateStore store(std::move(quarantined));
  const auto jobs = store.take_jobs();
  REQUIRE(jobs.size() == 1);
  CHECK(to_string(jobs[0].id) + ".job" == good.filename().string());
  CHECK_FALSE(fs::exists(bad));
  const fs::path aside = dir.path / "quarantine" /
                         ("jobs_" + account_directory_name("k") + "_" + bad.filename().string());
  CHECK(file_bytes(aside) == bytes.substr(0, bytes.size() - 10));
  REQUIRE(notes.size() == 1);
  CHECK_THAT(notes[0], Catch::Contains(bad.string()) && Catch::Contains("truncated") &&
                           Catch::Contains(aside.string()));
}

TEST_CASE("a write a crash cut short is dropped at start", "[state]") {
  TempDir dir("reonomy-state-test");
  fs::path file;
  {
    StateStore store(config(dir.path));
    file = record_job(store, dir.path);
  }
  fs::path tmp = file;
  tmp += ".tmp";
  fs::rename(file, tmp); // written, never renamed: never acknowledged
  write_all(dir.path / "clock.tmp", "reonomy-mock-st");
  StateStore store(config(dir.path));
  CHECK(store.take_jobs().empty());
  CHECK_FALSE(fs::exists(tmp));
  CHECK_FALSE(fs::exists(dir.path / "clock.tmp"));
}

TEST_CASE("a state directory refuses other result settings, naming them", "[state]") {
  TempDir dir("reonomy-state-test");
  { StateStore store(config(dir.path)); }
  auto other = config(dir.path);
  other.settings.seed = 8;
  other.settings.chunk_size = 10;
  try {
    StateStore store(std::move(other));
    FAIL("opened with another seed");
  } catch (const std::runtime_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("--seed 7 (this start: 8)") &&
                             Catch::Contains("--chunk-size 25 (this start: 10)") &&
                             !Catch::Contains("--corpus-size"));
  }
}

TEST_CASE("one mock at a time uses a state directory", "[state]") {
  TempDir dir("reonomy-state-test");
  StateStore first(config(dir.path));
  CHECK_THAT(opening_error(dir.path), Catch::Contains("another reonomy-mock"));
}

TEST_CASE("forgetting removes an account's job files, or everyone's", "[state]") {
  TempDir dir("reonomy-state-test");
  {
    StateStore store(config(dir.path));
    record_job(store, dir.path, "a");
    record_job(store, dir.path, "a");
    record_job(store, dir.path, "b");
    store.forget("a");
  }
  {
    StateStore store(config(dir.path));
    const auto jobs = store.take_jobs();
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0].access_key == "b");
    record_job(store, dir.path, "a");
    store.forget(std::nullopt);
  }
  StateStore store(config(dir.path));
  CHECK(store.take_jobs().empty());
}

TEST_CASE("a manual clock's time is kept", "[state]") {
  TempDir dir("reonomy-state-test");
  Clock clock(ClockMode::manual, TimePoint(Micros(1'800'000'000'000'000)));
  clock.advance(Micros(5'000'000));
  {
    StateStore store(config(dir.path));
    CHECK_FALSE(store.manual_clock());
    store.save_clock(clock);
  }
  StateStore store(config(dir.path));
  REQUIRE(store.manual_clock());
  CHECK(*store.manual_clock() == TimePoint(Micros(1'800'000'005'000'000)));
}
