#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace reonomy::mock {

// cpp-httplib's task queue (one task per connection) with at most `max_workers` threads, like its
// ThreadPool, except that a worker is started only when a task finds none idle. ThreadPool starts
// all of them at once when the server starts listening: 32 threads took 15 to 40 ms on a busy
// 2-core machine (measured), in front of the first answer. Workers never exit before shutdown(),
// so under load the pool is the same as ThreadPool's; tasks beyond `max_workers` busy ones wait.
class WorkerPool final : public httplib::TaskQueue {
public:
  explicit WorkerPool(std::size_t max_workers);
  ~WorkerPool() override;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void enqueue(std::function<void()> task) override;
  // Runs the queued tasks, then joins every worker. Idempotent.
  void shutdown() override;
  // Workers started and not yet joined (at most max_workers; none after shutdown()).
  std::size_t workers() const;

private:
  void work();

  const std::size_t max_workers_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> workers_;
  std::size_t idle_ = 0; // workers waiting for a task, or started and not yet waiting
  bool shutdown_ = false;
};

} // namespace reonomy::mock
