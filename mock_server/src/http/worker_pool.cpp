#include "http/worker_pool.hpp"

#include <system_error>

namespace reonomy::mock {

WorkerPool::WorkerPool(std::size_t max_workers) : max_workers_(max_workers) {}

WorkerPool::~WorkerPool() {
  shutdown();
}

void WorkerPool::enqueue(std::function<void()> task) {
  {
    const std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
    if (!shutdown_ && idle_ < tasks_.size() && workers_.size() < max_workers_) {
      try {
        workers_.emplace_back([this] { work(); });
        ++idle_;
      } catch (const std::system_error&) {
        // Out of threads: the task waits for a busy worker, unless there is none to wait for.
        if (workers_.empty())
          throw;
      }
    }
  }
  wake_.notify_one();
}

void WorkerPool::shutdown() {
  std::vector<std::thread> workers;
  {
    const std::lock_guard lock(mutex_);
    shutdown_ = true;
    workers.swap(workers_);
  }
  wake_.notify_all();
  for (auto& worker : workers)
    worker.join();
}

std::size_t WorkerPool::workers() const {
  const std::lock_guard lock(mutex_);
  return workers_.size();
}

void WorkerPool::work() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return !tasks_.empty() || shutdown_; });
    if (tasks_.empty())
      return; // shut down, nothing left to run
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    --idle_;
    lock.unlock();
    task();
    lock.lock();
    ++idle_;
  }
}

} // namespace reonomy::mock
