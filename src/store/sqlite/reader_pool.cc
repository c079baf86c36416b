#include "store/sqlite/reader_pool.h"

namespace certflow::store::sqlite {

ReaderPool::Lease::~Lease() {
  if (connection_) pool_->release(std::move(connection_));
}

ReaderPool::ReaderPool(std::string path, int busy_timeout_ms, size_t max_idle)
    : path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms), max_idle_(max_idle) {}

Result<ReaderPool::Lease> ReaderPool::acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(connection));
    }
  }
  // Opened outside the lock: opening touches the file system and must not stall other readers.
  auto connection = Connection::open(path_, OpenMode::kReadOnly, busy_timeout_ms_);
  if (!connection) return tl::unexpected(connection.error());
  return Lease(this, std::move(*connection));
}

void ReaderPool::release(std::unique_ptr<Connection> connection) {
  std::lock_guard lock(mu_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(connection));
  // else: closed here; a burst beyond max_idle costs reopening, not memory held forever.
}

}  // namespace certflow::store::sqlite
