#include <catch2/catch.hpp>

#include <condition_variable>
#include <mutex>

#include "http/worker_pool.hpp"

using namespace reonomy::mock;

namespace {
// Tasks that block until open() is called, counting how many ran and how many ran at once.
struct Gate {
  std::mutex mutex;
  std::condition_variable changed;
  bool is_open = false;
  int running = 0, most_at_once = 0, done = 0;

  std::function<void()> task() {
    return [this] {
      std::unique_lock lock(mutex);
      most_at_once = std::max(most_at_once, ++running);
      changed.notify_all();
      changed.wait(lock, [this] { return is_open; });
      --running;
      ++done;
    };
  }
  void wait_running(int n) {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return running == n; });
  }
  void open() {
    const std::lock_guard lock(mutex);
    is_open = true;
    changed.notify_all();
  }
};
} // namespace

TEST_CASE("a worker pool starts no thread before the first task", "[worker_pool]") {
  WorkerPool pool(8);
  CHECK(pool.workers() == 0);
  Gate gate;
  pool.enqueue(gate.task());
  CHECK(pool.workers() == 1);
  gate.open();
  pool.shutdown();
  CHECK(gate.done == 1);
}

TEST_CASE("a worker pool runs at most its maximum at once and queues the rest", "[worker_pool]") {
  WorkerPool pool(3);
  Gate gate;
  for (int i = 0; i < 5; ++i)
    pool.enqueue(gate.task());
  CHECK(pool.workers() == 3);
  gate.wait_running(3);
  {
    const std::lock_guard lock(gate.mutex);
    CHECK(gate.done == 0);
  }
  gate.open();
  pool.shutdown(); // runs the two queued tasks before joining
  CHECK(gate.done == 5);
  CHECK(gate.most_at_once == 3);
  CHECK(pool.workers() == 0);
}
