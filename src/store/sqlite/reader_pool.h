// ReaderPool: read-only connections for Store reads, so any number of threads can read at once
// (WAL lets readers proceed while the writer commits). A thread leases a connection for one
// operation and returns it; the pool opens more on demand and keeps a bounded number idle.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sqlite/connection.h"

namespace certflow::store::sqlite {

class ReaderPool {
 public:
  class Lease {
   public:
    Lease(ReaderPool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() const { return *connection_; }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  ReaderPool(std::string path, int busy_timeout_ms, size_t max_idle);
  // REQUIRES: every Lease has been destroyed.
  ~ReaderPool() = default;

  Result<Lease> acquire();

 private:
  void release(std::unique_ptr<Connection> connection);

  const std::string path_;
  const int busy_timeout_ms_;
  const size_t max_idle_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
};

}  // namespace certflow::store::sqlite
