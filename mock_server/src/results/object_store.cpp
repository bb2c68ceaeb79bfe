#include "results/object_store.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "core/hex.hpp"
#include "results/object_stream.hpp"

namespace reonomy::mock {

namespace {

constexpr const char* kSuffix = ".object";

class Md5 {
public:
  Md5() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_, EVP_md5(), nullptr) != 1)
      throw std::runtime_error("MD5 is not available from OpenSSL");
  }
  ~Md5() { EVP_MD_CTX_free(ctx_); }
  Md5(const Md5&) = delete;
  Md5& operator=(const Md5&) = delete;
  void update(const std::string& bytes) { EVP_DigestUpdate(ctx_, bytes.data(), bytes.size()); }
  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx_, digest, &len);
    return hex_encode(std::string_view(reinterpret_cast<const char*>(digest), len), HexCase::lower);
  }

private:
  EVP_MD_CTX* ctx_;
};

bool write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    done += std::size_t(n);
  }
  return true;
}

// Spool files of processes that are gone (a crash, a kill): <pid>-<n>.object.
void remove_stale_files(const std::filesystem::path& dir) {
  std::error_code ec;
  for (const auto& item : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = item.path().filename().string();
    if (name.size() <= std::strlen(kSuffix) ||
        name.compare(name.size() - std::strlen(kSuffix), std::string::npos, kSuffix) != 0)
      continue;
    long pid = 0;
    const auto [end, err] = std::from_chars(name.data(), name.data() + name.size(), pid);
    if (err != std::errc() || *end != '-' || pid <= 0)
      continue;
    if (::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
      std::filesystem::remove(item.path(), ec);
  }
}

// Default spool directories of processes that are gone (killed before they could remove theirs):
// reonomy-mock-spool-<pid> beside `ours`.
void remove_stale_dirs(const std::filesystem::path& ours) {
  const std::string prefix = "reonomy-mock-spool-";
  std::error_code ec;
  for (const auto& item : std::filesystem::directory_iterator(ours.parent_path(), ec)) {
    const std::string name = item.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || item.path() == ours)
      continue;
    long pid = 0;
    const char* digits = name.data() + prefix.size();
    const auto [end, err] = std::from_chars(digits, name.data() + name.size(), pid);
    if (err != std::errc() || end != name.data() + name.size() || pid <= 0)
      continue;
    if (::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
      std::filesystem::remove_all(item.path(), ec);
  }
}

} // namespace

std::filesystem::path default_spool_dir() {
  std::error_code ec;
  std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
  if (ec)
    tmp = "/tmp";
  return tmp / ("reonomy-mock-spool-" + std::to_string(::getpid()));
}

struct ObjectStore::Spooled {
  int fd = -1;
  std::filesystem::path path;
  ~Spooled() {
    if (fd >= 0)
      ::close(fd);
  }
};

struct ObjectStore::Entry {
  std::optional<ObjectFacts> facts;
  std::shared_ptr<Spooled> file; // set while the object is in the spool
  bool rendering = false;
  bool unspoolable = false; // the spool could not take it: generate it for every download
  TimePoint expires;
  std::list<std::string>::iterator lru;
  bool in_lru = false;
};

namespace {

class SpoolReader final : public ObjectReader {
public:
  SpoolReader(ObjectFacts facts, std::shared_ptr<const void> keep, int fd)
      : ObjectReader(std::move(facts)), keep_(std::move(keep)), fd_(fd) {}
  void read(std::uint64_t offset, std::size_t max, std::string& out) override {
    const std::uint64_t left = offset < facts_.size ? facts_.size - offset : 0;
    out.resize(std::size_t(std::min<std::uint64_t>(left, max)));
    std::size_t done = 0;
    while (done < out.size()) {
      const ssize_t n = ::pread(fd_, out.data() + done, out.size() - done, off_t(offset + done));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += std::size_t(n);
    }
    out.resize(done);
  }
  int file_descriptor() const override { return fd_; }

private:
  std::shared_ptr<const void> keep_; // the spool file stays open while it is read
  int fd_;
};

class GeneratedReader final : public ObjectReader {
public:
  GeneratedReader(ObjectFacts facts, ObjectFill fill)
      : ObjectReader(std::move(facts)), fill_(std::move(fill)) {}
  void read(std::uint64_t offset, std::size_t max, std::string& out) override {
    out.clear();
    if (offset < start_)
      return; // cannot go back
    while (offset >= start_ + buffer_.size()) {
      start_ += buffer_.size();
      buffer_.clear();
      if (!fill_(buffer_, kPieceBytes))
        return;
    }
    const std::size_t from = std::size_t(offset - start_);
    out.assign(buffer_, from, std::min(max, buffer_.size() - from));
  }

private:
  ObjectFill fill_;
  std::string buffer_;
  std::uint64_t start_ = 0; // the object offset of buffer_[0]
};

} // namespace

ObjectStore::ObjectStore(Config config) : config_(std::move(config)) {
  if (!config_.dir.empty() && config_.cap_bytes > 0) {
    std::error_code ec;
    made_dir_ = std::filesystem::create_directories(config_.dir, ec);
    if (ec || !std::filesystem::is_directory(config_.dir)) {
      if (config_.dir_given)
        throw std::runtime_error("--spool-dir " + config_.dir.string() + " cannot be made: " +
                                 (ec ? ec.message() : std::string("not a directory")));
      if (config_.note)
        config_.note("spool directory " + config_.dir.string() + " cannot be made (" +
                     ec.message() + "): result objects are generated for every download");
    } else {
      spool_ = true;
      remove_stale_files(config_.dir);
      if (config_.dir == default_spool_dir())
        remove_stale_dirs(config_.dir);
    }
  }
  unsigned threads = config_.render_threads;
  if (threads == 0)
    threads = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < threads; ++i)
    threads_.emplace_back([this] { render_loop(); });
  threads_.emplace_back([this] { timer_loop(); });
}

ObjectStore::~ObjectStore() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (auto& thread : threads_)
    thread.join();
  clear();
  if (made_dir_) {
    std::error_code ec;
    std::filesystem::remove(config_.dir, ec); // only when empty: never a user's other files
  }
}

std::shared_ptr<ObjectStore::Entry> ObjectStore::entry_of(const std::string& key,
                                                          TimePoint expires) {
  auto& entry = entries_[key];
  if (!entry)
    entry = std::make_shared<Entry>();
  entry->expires = std::max(entry->expires, expires);
  return entry;
}

std::shared_ptr<ObjectReader> ObjectStore::open(const std::string& key, const ObjectSource& source,
                                                TimePoint expires) {
  std::unique_lock lock(mutex_);
  const auto entry = entry_of(key, expires);
  for (;;) {
    if (entry->rendering) {
      changed_.wait(lock);
      continue;
    }
    if (entry->file) {
      touch(*entry);
      return std::make_shared<SpoolReader>(*entry->facts, entry->file, entry->file->fd);
    }
    if (entry->facts && (!spool_ || entry->unspoolable)) {
      const ObjectFacts facts = *entry->facts;
      lock.unlock();
      return std::make_shared<GeneratedReader>(facts, source());
    }
    entry->rendering = true;
    lock.unlock();
    try {
      render(key, *entry, source, true);
    } catch (...) {
      lock.lock();
      entry->rendering = false;
      changed_.notify_all();
      throw;
    }
    lock.lock();
    entry->rendering = false;
    changed_.notify_all();
    if (!entry->facts)
      throw std::runtime_error("result object " + key + " could not be rendered");
  }
}

bool ObjectStore::reserve(std::uint64_t bytes, const Entry* self, bool may_evict) {
  while (used_ + bytes > config_.cap_bytes) {
    if (!may_evict || lru_.empty())
      return false;
    const auto victim = entries_.find(lru_.front());
    if (victim == entries_.end() || victim->second.get() == self) {
      lru_.pop_front(); // never happens: spooled entries are in the map; keep the loop finite
      continue;
    }
    drop_file(*victim->second);
    ++evictions_;
  }
  used_ += bytes;
  return true;
}

void ObjectStore::touch(Entry& entry) {
  if (entry.in_lru)
    lru_.splice(lru_.end(), lru_, entry.lru);
}

void ObjectStore::drop_file(Entry& entry) {
  if (!entry.file)
    return;
  std::error_code ec;
  std::filesystem::remove(entry.file->path, ec); // readers keep their descriptor
  entry.file.reset();
  used_ -= std::min(used_, entry.facts ? entry.facts->size : 0);
  if (entry.in_lru)
    lru_.erase(entry.lru);
  entry.in_lru = false;
}

// Renders `key` once: into a spool file while the spool has room, and always through MD5. A
// prefetch (may_evict false) that runs out of room stops and leaves the object unrendered.
void ObjectStore::render(const std::string& key, Entry& entry, const ObjectSource& source,
                         bool may_evict) {
  const bool prefetch = !may_evict;
  auto file = std::make_shared<Spooled>();
  std::uint64_t reserved = 0;
  if (spool_) {
    std::unique_lock lock(mutex_);
    file->path = config_.dir /
                 (std::to_string(::getpid()) + "-" + std::to_string(++file_counter_) + kSuffix);
    lock.unlock();
    file->fd = ::open(file->path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
    if (file->fd < 0 && config_.note)
      config_.note("spool file " + file->path.string() + ": " + std::strerror(errno));
  }
  bool writing = file->fd >= 0;
  const auto abandon = [&] {
    if (file->fd >= 0) {
      ::close(file->fd);
      file->fd = -1;
      std::error_code ec;
      std::filesystem::remove(file->path, ec);
    }
    std::lock_guard lock(mutex_);
    used_ -= std::min(used_, reserved);
    reserved = 0;
    writing = false;
  };

  const ObjectFill fill = source();
  Md5 md5;
  std::string piece;
  piece.reserve(kPieceBytes + (64 << 10));
  std::uint64_t size = 0;
  try {
    for (;;) {
      piece.clear();
      if (!fill(piece, kPieceBytes))
        break;
      md5.update(piece);
      size += piece.size();
      if (!writing)
        continue;
      bool room;
      {
        std::lock_guard lock(mutex_);
        room = !stopping_ && reserve(piece.size(), &entry, may_evict);
        if (room)
          reserved += piece.size();
      }
      if (!room) {
        abandon();
        if (prefetch)
          return; // the download renders it, with eviction
        entry.unspoolable = true;
        continue;
      }
      if (!write_all(file->fd, piece)) {
        if (config_.note)
          config_.note("spool file " + file->path.string() + ": " + std::strerror(errno) + ": " +
                       key + " is generated for every download");
        abandon();
        if (prefetch)
          return;
        entry.unspoolable = true;
      }
    }
  } catch (...) {
    abandon();
    throw;
  }

  std::lock_guard lock(mutex_);
  ++renders_;
  entry.facts = ObjectFacts{size, md5.hex()};
  if (!writing) {
    entry.unspoolable = entry.unspoolable || spool_;
    return;
  }
  // `reserved` == size is already counted in used_.
  entry.file = std::move(file);
  const auto current = entries_.find(key);
  if (current == entries_.end() || current->second.get() != &entry) {
    // Cleared or expired while rendering: serve the one download that asked, keep nothing.
    std::error_code ec;
    std::filesystem::remove(entry.file->path, ec);
    used_ -= std::min(used_, reserved);
    return;
  }
  entry.lru = lru_.insert(lru_.end(), key);
  entry.in_lru = true;
}

void ObjectStore::prepare(std::vector<std::pair<std::string, ObjectSource>> objects,
                          TimePoint expires) {
  {
    std::lock_guard lock(mutex_);
    for (auto& [key, source] : objects)
      work_.push_back({std::move(key), std::move(source), expires});
  }
  changed_.notify_all();
}

void ObjectStore::render_loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return stopping_ || !work_.empty(); });
    if (stopping_)
      return;
    Work work = std::move(work_.front());
    work_.pop_front();
    const auto entry = entry_of(work.key, work.expires);
    if (entry->rendering || entry->facts || !spool_ || used_ >= config_.cap_bytes)
      continue;
    entry->rendering = true;
    lock.unlock();
    try {
      render(work.key, *entry, work.source, false);
    } catch (const std::exception& e) {
      if (config_.note)
        config_.note("rendering " + work.key + " ahead of its download failed: " + e.what());
    }
    lock.lock();
    entry->rendering = false;
    changed_.notify_all();
  }
}

void ObjectStore::timer_loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    changed_.wait_for(lock, std::chrono::milliseconds(100));
    if (stopping_)
      return;
    lock.unlock();
    try {
      if (config_.tick)
        config_.tick();
      if (config_.now)
        expire(config_.now());
    } catch (const std::exception& e) {
      if (config_.note)
        config_.note(std::string("result object upkeep failed: ") + e.what());
    }
    lock.lock();
  }
}

void ObjectStore::expire(TimePoint now) {
  std::lock_guard lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    Entry& entry = *it->second;
    if (!entry.rendering && entry.expires <= now) {
      drop_file(entry);
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

void ObjectStore::clear() {
  std::lock_guard lock(mutex_);
  for (auto& [key, entry] : entries_)
    drop_file(*entry);
  entries_.clear();
  lru_.clear();
  work_.clear();
}

void ObjectStore::retain(const std::function<bool(const std::string& key)>& keep) {
  std::lock_guard lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (keep(it->first)) {
      ++it;
      continue;
    }
    drop_file(*it->second);
    it = entries_.erase(it);
  }
  const auto gone =
      std::remove_if(work_.begin(), work_.end(), [&](const Work& work) { return !keep(work.key); });
  work_.erase(gone, work_.end());
}

ObjectStore::Stats ObjectStore::stats() const {
  std::lock_guard lock(mutex_);
  Stats s;
  s.cap_bytes = spool_ ? config_.cap_bytes : 0;
  s.dir = spool_ ? config_.dir.string() : "";
  s.spooled_objects = lru_.size();
  for (const auto& key : lru_) {
    const auto it = entries_.find(key);
    if (it != entries_.end() && it->second->facts)
      s.spooled_bytes += it->second->facts->size;
  }
  s.renders = renders_;
  s.evictions = evictions_;
  return s;
}

} // namespace reonomy::mock
