// Conformance suite, part 3: isolation between the open write transaction and readers on other
// threads, serialization of writers, and readers running while a writer commits.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "store_test_support.h"

namespace certflow::store::testing {
namespace {

template <typename Engine>
class StoreConcurrencyTest : public StoreTest<Engine> {};
TYPED_TEST_SUITE(StoreConcurrencyTest, StoreEngines);

// Runs fn on another thread and waits for its result.
template <typename Fn>
auto on_other_thread(Fn fn) {
  return std::async(std::launch::async, std::move(fn)).get();
}

TYPED_TEST(StoreConcurrencyTest, ReadersOnOtherThreadsDoNotSeeUncommittedWrites) {
  const CertificateRow row = make_certificate(1);
  auto tx = must(this->store().begin());
  must(tx->put_certificate(row));
  must(tx->put_tags(row.arn, {{"k", "v"}}));
  must(tx->put_account_config(AccountConfig{7}));

  on_other_thread([&] {
    EXPECT_FALSE(must(this->store().get_certificate(row.arn)).has_value());
    EXPECT_TRUE(must(this->store().get_tags(row.arn)).empty());
    EXPECT_EQ(must(this->store().count_certificates()), 0u);
    EXPECT_TRUE(must(this->store().list_certificates({}, {})).rows.empty());
    EXPECT_EQ(must(this->store().get_account_config()).days_before_expiry, 45);
  });

  must(tx->commit());
  on_other_thread([&] {
    EXPECT_TRUE(must(this->store().get_certificate(row.arn)).has_value());
    EXPECT_EQ(must(this->store().get_tags(row.arn)).size(), 1u);
    EXPECT_EQ(must(this->store().get_account_config()).days_before_expiry, 7);
  });
}

TYPED_TEST(StoreConcurrencyTest, BeginWaitsWhileAnotherTransactionIsOpen) {
  auto first = must(this->store().begin());
  must(first->put_certificate(make_certificate(1)));

  std::atomic<bool> second_began{false};
  std::thread second(reporting_failures([&] {
    auto tx = must(this->store().begin());
    second_began = true;
    // The first transaction has committed by now, and this one builds on it.
    auto row = must(tx->get_certificate(make_certificate(1).arn));
    EXPECT_TRUE(row.has_value());
    must(tx->put_certificate(make_certificate(2)));
    must(tx->commit());
  }));
  // Cannot prove a negative without waiting; 100 ms is plenty for a begin() that wrongly
  // did not wait to get through.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(second_began.load());
  must(first->commit());
  first.reset();
  second.join();
  EXPECT_TRUE(second_began.load());
  EXPECT_EQ(must(this->store().count_certificates()), 2u);
}

TYPED_TEST(StoreConcurrencyTest, ConcurrentReadersSeeWholeCommitsWhileAWriterCommits) {
  constexpr int kBatches = 40;
  constexpr int kBatchSize = 25;
  std::atomic<bool> writing{true};
  std::atomic<int> reads{0};

  auto reader = reporting_failures([&] {
    uint64_t last_count = 0;
    while (writing.load()) {
      const uint64_t count = must(this->store().count_certificates());
      EXPECT_EQ(count % kBatchSize, 0u) << "saw part of a transaction";
      EXPECT_GE(count, last_count) << "committed rows disappeared";
      last_count = count;
      auto page = must(this->store().list_certificates({}, {5000, false, std::nullopt}));
      EXPECT_EQ(page.rows.size() % kBatchSize, 0u);
      EXPECT_GE(page.rows.size(), count);
      if (!page.rows.empty()) {
        auto row = must(this->store().get_certificate(page.rows.back().arn));
        EXPECT_TRUE(row.has_value());
      }
      ++reads;
    }
  });
  std::vector<std::thread> readers;
  {
    // Stops and joins the readers however the writer below finishes.
    struct StopReaders {
      std::atomic<bool>& writing;
      std::vector<std::thread>& readers;
      ~StopReaders() {
        writing = false;
        for (auto& t : readers) t.join();
      }
    } stop{writing, readers};
    for (int i = 0; i < 4; ++i) readers.emplace_back(reader);

    for (int b = 0; b < kBatches; ++b) {
      this->commit([&](Transaction& tx) {
        for (int i = 0; i < kBatchSize; ++i) {
          must(tx.put_certificate(make_certificate(b * 1000 + i)));
        }
      });
    }
  }

  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(must(this->store().count_certificates()), uint64_t{kBatches * kBatchSize});
}

TYPED_TEST(StoreConcurrencyTest, WritersOnManyThreadsAllCommit) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back(reporting_failures([&, t] {
      for (int i = 0; i < kPerThread; ++i) this->put(make_certificate(t * 1000 + i));
    }));
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(must(this->store().count_certificates()), uint64_t{kThreads * kPerThread});
}

}  // namespace
}  // namespace certflow::store::testing
