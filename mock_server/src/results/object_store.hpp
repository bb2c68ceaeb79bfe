#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"

namespace reonomy::mock {

// What S3 knows of an object before its first byte: its size and the MD5 of its bytes (the ETag
// of an object written by one PUT). Never depends on the spool: an object the spool cannot hold
// is measured in a first pass.
struct ObjectFacts {
  std::uint64_t size = 0;
  std::string md5_hex; // 32 lowercase hex digits
};

// A generator of one object's bytes: appends at least `min_bytes` (or the rest of the object) to
// `out`; false once the object is complete (ObjectStream::fill).
using ObjectFill = std::function<bool(std::string& out, std::size_t min_bytes)>;
// Makes a fresh generator of one object's bytes: the same bytes every time it is called.
using ObjectSource = std::function<ObjectFill()>;

// One download's view of an object: its facts, and its bytes read front to back from the spool
// file it was rendered to, or generated again when the spool could not hold it.
class ObjectReader {
public:
  virtual ~ObjectReader() = default;
  const ObjectFacts& facts() const { return facts_; }
  // Replaces `out` with up to `max` (> 0) bytes of the object from `offset` on; an empty `out`
  // means the bytes could not be read (a spool file read error). Offsets only move forward
  // between calls (a generated object cannot seek back).
  virtual void read(std::uint64_t offset, std::size_t max, std::string& out) = 0;
  // The spool file to send [offset, offset+n) from with sendfile(2), or -1 when generated.
  virtual int file_descriptor() const { return -1; }

protected:
  explicit ObjectReader(ObjectFacts facts) : facts_(std::move(facts)) {}
  ObjectFacts facts_;

private:
  friend class ObjectStore;
};

// Result objects rendered once and then served as files: a bounded spool of rendered objects on
// disk, least recently used evicted first, and a pool of render threads (one per core) that
// renders objects ahead of their first download. An evicted object is rendered again, byte for
// byte the same; an object the spool cannot hold (its cap, a full disk, no spool) is measured
// (size and MD5) in a first pass and generated again for every download.
class ObjectStore {
public:
  struct Config {
    std::filesystem::path dir;   // made if missing, emptied of our files at start, removed at end;
                                 // empty: no spool
    std::uint64_t cap_bytes = 0; // the spool's size limit; 0: no spool
    bool dir_given = false; // chosen by the user: a directory that cannot be made stops the start
    unsigned render_threads = 0;    // 0: one per core
    std::function<void()> tick;     // called about every 100 ms by the store's timer thread
    std::function<TimePoint()> now; // the clock objects expire on
    std::function<void(const std::string&)> note; // start-up and failure lines for the log
  };
  explicit ObjectStore(Config config);
  ~ObjectStore(); // stops the threads, removes every spool file and the directory it made

  ObjectStore(const ObjectStore&) = delete;
  ObjectStore& operator=(const ObjectStore&) = delete;

  // Object `key` ready to serve: rendered (or measured) now when it never was, rendered into the
  // spool again when it was evicted and there is room. It stops existing at `expires`.
  std::shared_ptr<ObjectReader> open(const std::string& key, const ObjectSource& source,
                                     TimePoint expires);
  // Renders these objects on the render threads, ahead of their first download, while the spool
  // has room for them without evicting anything.
  void prepare(std::vector<std::pair<std::string, ObjectSource>> objects, TimePoint expires);
  // Forgets every object and removes its spool file (the control plane's reset).
  void clear();
  // Forgets the objects whose key `keep` says no to (an account's reset).
  void retain(const std::function<bool(const std::string& key)>& keep);

  struct Stats {
    std::uint64_t spooled_objects = 0, spooled_bytes = 0, cap_bytes = 0;
    std::uint64_t renders = 0;   // objects rendered or measured, every time
    std::uint64_t evictions = 0; // spool files removed for room
    std::string dir;
  };
  Stats stats() const;

private:
  struct Spooled;
  struct Entry;
  struct Work {
    std::string key;
    ObjectSource source;
    TimePoint expires;
  };

  std::shared_ptr<Entry> entry_of(const std::string& key, TimePoint expires);
  void render(const std::string& key, Entry& entry, const ObjectSource& source, bool may_evict);
  bool reserve(std::uint64_t bytes, const Entry* self, bool may_evict);
  void touch(Entry& entry);
  void drop_file(Entry& entry);
  void expire(TimePoint now);
  void render_loop();
  void timer_loop();

  Config config_;
  bool spool_ = false;
  bool made_dir_ = false;
  mutable std::mutex mutex_;
  std::condition_variable changed_; // an entry finished rendering; work arrived; stopping
  std::map<std::string, std::shared_ptr<Entry>> entries_;
  std::list<std::string> lru_; // spooled objects, least recently used first
  std::uint64_t used_ = 0;     // bytes in spool files and reserved by renders in progress
  std::uint64_t renders_ = 0, evictions_ = 0, file_counter_ = 0;
  std::deque<Work> work_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// The spool directory used when none is given: reonomy-mock-spool-<pid> in the system temp dir.
std::filesystem::path default_spool_dir();

} // namespace reonomy::mock
