#include <catch2/catch.hpp>

#include <unistd.h>

#include <openssl/evp.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "../temp_dir.hpp"
#include "core/hex.hpp"
#include "results/object_store.hpp"

using namespace reonomy::mock;
using reonomy::mock::testing::TempDir;
namespace fs = std::filesystem;

namespace {

// An object of `size` bytes, the same every time: line after line of its own name and a counter.
std::string bytes_of(const std::string& name, std::size_t size) {
  std::string out;
  for (std::size_t i = 0; out.size() < size; ++i)
    out += name + " " + std::to_string(i) + "\n";
  out.resize(size);
  return out;
}

std::string md5_of(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_md5(), nullptr);
  return hex_encode(std::string_view(reinterpret_cast<const char*>(digest), len), HexCase::lower);
}

// A source that counts how often it is asked to generate, handing out pieces of at most 1000
// bytes (an object comes in many pieces).
ObjectSource source_of(const std::string& name, std::size_t size, std::atomic<int>& generated) {
  return [name, size, &generated]() -> ObjectFill {
    ++generated;
    auto bytes = std::make_shared<std::string>(bytes_of(name, size));
    auto at = std::make_shared<std::size_t>(0);
    return [bytes, at](std::string& out, std::size_t) {
      if (*at >= bytes->size())
        return false;
      const std::size_t n = std::min<std::size_t>(1000, bytes->size() - *at);
      out.append(*bytes, *at, n);
      *at += n;
      return true;
    };
  };
}

std::string read_all(ObjectReader& reader, std::uint64_t from = 0) {
  std::string all, piece;
  for (std::uint64_t at = from; at < reader.facts().size; at += piece.size()) {
    reader.read(at, 4096, piece);
    if (piece.empty())
      break;
    all += piece;
  }
  return all;
}

std::size_t spool_files(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& item : fs::directory_iterator(dir))
    n += item.path().extension() == ".object";
  return n;
}

const TimePoint kNever = TimePoint::max();

ObjectStore::Config config(const fs::path& dir, std::uint64_t cap) {
  ObjectStore::Config c;
  c.dir = dir;
  c.cap_bytes = cap;
  c.render_threads = 1;
  return c;
}

} // namespace

TEST_CASE("an object is rendered once, then served from its spool file", "[object_store]") {
  TempDir tmp;
  const fs::path dir = tmp.path / "spool";
  std::atomic<int> generated{0};
  {
    ObjectStore store(config(dir, 1 << 20));
    const auto a = store.open("job_cache/a_0.ndjson", source_of("a", 50'000, generated), kNever);
    CHECK(a->facts().size == 50'000);
    CHECK(a->facts().md5_hex == md5_of(bytes_of("a", 50'000)));
    CHECK(a->file_descriptor() >= 0);
    CHECK(read_all(*a) == bytes_of("a", 50'000));
    CHECK(read_all(*a, 49'990) == bytes_of("a", 50'000).substr(49'990));
    const auto again =
        store.open("job_cache/a_0.ndjson", source_of("a", 50'000, generated), kNever);
    CHECK(read_all(*again) == bytes_of("a", 50'000));
    CHECK(generated == 1);
    CHECK(spool_files(dir) == 1);
    CHECK(store.stats().spooled_bytes == 50'000);
  }
  CHECK_FALSE(fs::exists(dir)); // made by the store, removed with it
}

TEST_CASE("the spool keeps to its cap: least recently used first, evicted objects come back "
          "byte-identical",
          "[object_store]") {
  TempDir tmp;
  std::atomic<int> a_made{0}, b_made{0}, c_made{0};
  ObjectStore store(config(tmp.path, 25'000));
  const auto a = store.open("a", source_of("a", 10'000, a_made), kNever);
  store.open("b", source_of("b", 10'000, b_made), kNever);
  store.open("a", source_of("a", 10'000, a_made), kNever); // a is now the most recent
  store.open("c", source_of("c", 10'000, c_made), kNever); // b goes
  CHECK(store.stats().spooled_objects == 2);
  CHECK(store.stats().evictions == 1);
  CHECK(spool_files(tmp.path) == 2);
  CHECK(read_all(*a) == bytes_of("a", 10'000)); // an open reader outlives the eviction of others
  const auto b = store.open("b", source_of("b", 10'000, b_made), kNever);
  CHECK(b_made == 2);
  CHECK(b->facts().md5_hex == md5_of(bytes_of("b", 10'000)));
  CHECK(read_all(*b) == bytes_of("b", 10'000));
  CHECK(a_made == 1);
  CHECK(spool_files(tmp.path) == 2);
}

TEST_CASE("an object larger than the spool is measured, then generated for each download",
          "[object_store]") {
  TempDir tmp;
  std::atomic<int> made{0};
  ObjectStore store(config(tmp.path, 5'000));
  const auto big = store.open("big", source_of("big", 20'000, made), kNever);
  CHECK(big->facts().size == 20'000);
  CHECK(big->facts().md5_hex == md5_of(bytes_of("big", 20'000)));
  CHECK(big->file_descriptor() == -1);
  CHECK(read_all(*big) == bytes_of("big", 20'000));
  CHECK(made == 2); // the measuring pass and this download
  CHECK(spool_files(tmp.path) == 0);
  const auto ranged = store.open("big", source_of("big", 20'000, made), kNever);
  CHECK(read_all(*ranged, 12'345) == bytes_of("big", 20'000).substr(12'345));
  CHECK(made == 3);
}

TEST_CASE("no spool: objects are measured and generated, never written", "[object_store]") {
  std::atomic<int> made{0};
  ObjectStore store(config({}, 0));
  const auto a = store.open("a", source_of("a", 3'000, made), kNever);
  CHECK(a->facts().md5_hex == md5_of(bytes_of("a", 3'000)));
  CHECK(read_all(*a) == bytes_of("a", 3'000));
  CHECK(store.stats().dir.empty());
}

TEST_CASE("an empty object has the MD5 of nothing", "[object_store]") {
  TempDir tmp;
  std::atomic<int> made{0};
  ObjectStore store(config(tmp.path, 1 << 20));
  const auto empty = store.open("e", source_of("e", 0, made), kNever);
  CHECK(empty->facts().size == 0);
  CHECK(empty->facts().md5_hex == "d41d8cd98f00b204e9800998ecf8427e");
}

TEST_CASE("prepared objects are rendered ahead on the render threads, without evicting",
          "[object_store]") {
  TempDir tmp;
  std::atomic<int> made{0};
  ObjectStore store(config(tmp.path, 25'000));
  std::vector<std::pair<std::string, ObjectSource>> work;
  for (const char* name : {"p0", "p1", "p2"})
    work.emplace_back(name, source_of(name, 10'000, made));
  store.prepare(std::move(work), kNever);
  for (int i = 0; i < 500 && store.stats().renders < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(store.stats().spooled_objects == 2); // the third did not fit, and nothing was evicted
  CHECK(store.stats().evictions == 0);
  const int before = made;
  store.open("p0", source_of("p0", 10'000, made), kNever);
  CHECK(made == before); // already rendered
}

TEST_CASE("objects go at their expiry, on clear, and when retain says so", "[object_store]") {
  TempDir tmp;
  std::atomic<int> made{0};
  std::atomic<std::int64_t> now_s{100};
  auto c = config(tmp.path, 1 << 20);
  c.now = [&] { return TimePoint(std::chrono::seconds(now_s.load())); };
  ObjectStore store(c);
  const TimePoint at200 = TimePoint(std::chrono::seconds(200));
  store.open("x", source_of("x", 1'000, made), at200);
  store.open("y", source_of("y", 1'000, made), kNever);
  store.open("z", source_of("z", 1'000, made), kNever);
  CHECK(spool_files(tmp.path) == 3);
  now_s = 200;
  for (int i = 0; i < 300 && spool_files(tmp.path) == 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(spool_files(tmp.path) == 2);
  store.retain([](const std::string& key) { return key != "y"; });
  CHECK(spool_files(tmp.path) == 1);
  store.clear();
  CHECK(spool_files(tmp.path) == 0);
  CHECK(fs::exists(tmp.path)); // not made by the store: left in place
}

TEST_CASE("concurrent downloads of one object render it once", "[object_store]") {
  TempDir tmp;
  std::atomic<int> made{0};
  ObjectStore store(config(tmp.path, 1 << 20));
  std::vector<std::thread> threads;
  std::atomic<int> right{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      const auto r = store.open("same", source_of("same", 200'000, made), kNever);
      right += read_all(*r) == bytes_of("same", 200'000);
    });
  for (auto& t : threads)
    t.join();
  CHECK(made == 1);
  CHECK(right == 8);
}

TEST_CASE("the default spool directory sweeps those of processes that are gone", "[object_store]") {
  const fs::path ours = default_spool_dir();
  const fs::path dead = ours.parent_path() / "reonomy-mock-spool-999999999"; // above pid_max
  const fs::path alive =
      ours.parent_path() / ("reonomy-mock-spool-" + std::to_string(::getppid())); // a live pid
  fs::create_directories(dead);
  std::ofstream(dead / "1-1.object") << "left by a killed mock";
  const bool alive_existed = fs::exists(alive);
  fs::create_directories(alive);
  {
    ObjectStore store(config(ours, 1 << 20));
    CHECK_FALSE(fs::exists(dead));
    CHECK(fs::exists(alive));
  }
  CHECK_FALSE(fs::exists(ours));
  if (!alive_existed)
    fs::remove_all(alive);
}
