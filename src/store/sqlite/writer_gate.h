// WriterGate: admits one write transaction at a time. Unlike holding a std::mutex for the
// transaction's life, the gate may be released by a thread other than the one that entered
// (a Transaction can be handed between threads), and entering gives up after a timeout instead
// of deadlocking a thread that already holds a transaction.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace certflow::store::sqlite {

class WriterGate {
 public:
  // false when the gate stayed taken for the whole timeout.
  bool enter(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, timeout, [this] { return !taken_; })) return false;
    taken_ = true;
    return true;
  }

  // REQUIRES: a successful enter() not yet matched by leave().
  void leave() {
    {
      std::lock_guard lock(mu_);
      taken_ = false;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool taken_ = false;  // guarded by mu_
};

}  // namespace certflow::store::sqlite
