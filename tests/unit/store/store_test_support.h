// Shared by the store tests: the engines the conformance suites run against, a typed fixture,
// and row builders. A new engine (PostgreSQL) joins every conformance suite by adding its
// engine type to StoreEngines.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "store/store.h"

namespace certflow::store::testing {

// Unwraps a Result, throwing on error: GoogleTest reports the exception (with the store's
// message) as a test failure, which keeps test bodies linear.
template <typename T>
T must(Result<T> result) {
  if (!result) throw std::runtime_error("store error: " + result.error().message);
  return std::move(*result);
}
inline void must(Status status) {
  if (!status) throw std::runtime_error("store error: " + status.error().message);
}

// Wraps a thread body so that an exception (e.g. from must()) becomes a test failure instead of
// std::terminate.
template <typename Fn>
auto reporting_failures(Fn fn) {
  return [fn = std::move(fn)]() mutable {
    try {
      fn();
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
    }
  };
}

// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Engine: a database that outlives Store objects, so a test can close and reopen it.
class SqliteEngine {
 public:
  std::string database_path() const { return dir_.path() + "/db/certflow.db"; }
  Result<std::unique_ptr<Store>> open() const {
    return open_sqlite_store(SqliteOptions{database_path(), 5000});
  }

 private:
  TempDir dir_;
};

using StoreEngines = ::testing::Types<SqliteEngine>;

template <typename Engine>
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }

  // Closes the store (if open) and opens the same database again.
  void reopen() {
    store_.reset();
    store_ = must(engine_.open());
  }

  Store& store() { return *store_; }

  // Runs body inside one transaction and commits it.
  void commit(const std::function<void(Transaction&)>& body) {
    auto tx = must(store_->begin());
    body(*tx);
    must(tx->commit());
  }

  void put(const CertificateRow& row) {
    commit([&](Transaction& tx) { must(tx.put_certificate(row)); });
  }

  Engine engine_;
  std::unique_ptr<Store> store_;
};

// Certificate number i: an ISSUED RSA_2048 certificate created at 1'000'000 + i ms, valid for a
// year from then, with a few summary fields and a little material.
CertificateRow make_certificate(int i);

// "arn:aws:acm:us-east-1:000000000000:certificate/<suffix>"
std::string certificate_arn(const std::string& suffix);

}  // namespace certflow::store::testing
