#include <catch2/catch.hpp>

#include "http/request_journal.hpp"

using namespace reonomy::mock;

namespace {
JournalEntry entry(std::string key, std::string path, int status) {
  JournalEntry e;
  e.access_key = std::move(key);
  e.method = "GET";
  e.path = std::move(path);
  e.status = status;
  return e;
}
} // namespace

TEST_CASE("the journal keeps the newest entries, newest first, up to its capacity") {
  RequestJournal journal(3);
  for (int i = 1; i <= 5; ++i)
    journal.record(entry("k", "/p" + std::to_string(i), 200));
  const auto all = journal.query({});
  CHECK(all["capacity"] == 3);
  CHECK(all["recorded"] == 5);
  REQUIRE(all["items"].size() == 3);
  CHECK(all["items"][0]["path"] == "/p5");
  CHECK(all["items"][0]["seq"] == 5);
  CHECK(all["items"][2]["path"] == "/p3");
}

TEST_CASE("the journal filters by account, path glob and status or class") {
  RequestJournal journal(100);
  journal.record(entry("a", "/v2/jobs/file", 201));
  journal.record(entry("b", "/v2/jobs/file/x", 429));
  journal.record(entry("a", "/v2/jobs/file/y", 404));
  journal.record(entry("a", "/job_cache/z_1.ndjson", 0));
  JournalFilter f;
  f.access_key = "a";
  CHECK(journal.query(f)["items"].size() == 3);
  f.path = "/v2/jobs/file/*";
  CHECK(journal.query(f)["items"].size() == 1);
  JournalFilter by_class;
  by_class.status_class = 4;
  CHECK(journal.query(by_class)["items"].size() == 2);
  JournalFilter closed;
  closed.status = 0;
  CHECK(journal.query(closed)["items"][0]["path"] == "/job_cache/z_1.ndjson");
  JournalFilter limited;
  limited.limit = 1;
  CHECK(journal.query(limited)["items"].size() == 1);
}

TEST_CASE("journal entries have capped strings, so memory stays flat") {
  RequestJournal journal(2);
  auto big = entry(std::string(100000, 'k'), "/" + std::string(100000, 'p'), 400);
  big.reason = std::string(100000, 'r');
  journal.record(big);
  const auto item = journal.query({})["items"][0];
  CHECK(item["path"].get<std::string>().size() < 2000);
  CHECK(item["reason"].get<std::string>().size() < 2000);
  CHECK(item["access_key"].get<std::string>().size() < 300);
}

TEST_CASE("a journal of capacity 0 keeps nothing; clear empties it") {
  RequestJournal none(0);
  none.record(entry("a", "/", 200));
  CHECK(none.query({})["items"].empty());
  RequestJournal journal(5);
  journal.record(entry("a", "/", 200));
  journal.clear();
  CHECK(journal.query({})["recorded"] == 0);
  CHECK(journal.query({})["items"].empty());
}

TEST_CASE("the journal lists requests in the order they came, not the order they ended") {
  RequestJournal journal(10);
  const auto first = journal.next_seq();
  const auto second = journal.next_seq();
  auto late = entry("a", "/slow", 200);
  late.seq = first;
  auto quick = entry("a", "/quick", 200);
  quick.seq = second;
  journal.record(quick);
  journal.record(late);
  const auto items = journal.query({})["items"];
  CHECK(items[0]["path"] == "/quick");
  CHECK(items[1]["path"] == "/slow");
}
