// What survives a restart: deliveries are at-least-once, routing is exactly-once per (event,
// target) because the router's position is committed with the deliveries it wrote.
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "bus_fixture.h"

namespace certflow::events::bus::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class BusDurabilityTest : public BusTest {
 protected:
  void SetUp() override {
    BusTest::SetUp();
    put_rule("r", R"({"source":["shop"]})");
    put_target("r", target("q", kQueueArn));
  }
  size_t pending_deliveries() {
    return must(store().due_deliveries(std::numeric_limits<int64_t>::max(), 100'000)).size();
  }
  int64_t routed_sequence() {
    auto txn = must(store().begin());
    return must(txn->get_routed_sequence());
  }
};

TEST_F(BusDurabilityTest, ARoutedDeliverySurvivesARestart) {
  const std::string id = put_event("shop", "Order Placed", "{}");
  EXPECT_EQ(must(bus().route_pending()), 1u);
  EXPECT_EQ(pending_deliveries(), 1u);
  restart();
  EXPECT_EQ(must(bus().route_pending()), 0u);
  must(bus().deliver_due());
  ASSERT_EQ(queues_.delivered().size(), 1u);
  EXPECT_EQ(json::parse(queues_.delivered()[0].payload)["id"], id);
}

TEST_F(BusDurabilityTest, AnUnroutedEventIsRoutedAfterARestart) {
  put_event("shop", "Order Placed", "{}");
  restart();
  pump();
  EXPECT_EQ(queues_.delivered().size(), 1u);
}

TEST_F(BusDurabilityTest, ARetryPendingAtARestartIsMadeAfterIt) {
  queues_.fail_next(kQueueArn, 1);
  put_event("shop", "Order Placed", "{}");
  pump();
  EXPECT_TRUE(queues_.delivered().empty());
  restart();
  clock_.advance(1s);
  must(bus().deliver_due());
  EXPECT_EQ(queues_.delivered().size(), 1u);
  EXPECT_EQ(queues_.attempts(kQueueArn), 2);
}

TEST_F(BusDurabilityTest, RoutingIsExactlyOncePerEventAndTargetAcrossRestarts) {
  put_event("shop", "A", "{}");
  put_event("shop", "B", "{}");
  must(bus().route_pending());
  const int64_t position = routed_sequence();
  EXPECT_EQ(position, must(store().list_events({})).back().sequence);
  put_event("shop", "C", "{}");
  restart();
  EXPECT_EQ(routed_sequence(), position);
  EXPECT_EQ(must(bus().route_pending()), 1u);  // only C
  restart();
  EXPECT_EQ(must(bus().route_pending()), 0u);
  EXPECT_EQ(pending_deliveries(), 3u);
  must(bus().deliver_due());
  std::multiset<std::string> types;
  for (const auto& d : queues_.delivered()) {
    types.insert(json::parse(d.payload)["detail-type"].get<std::string>());
  }
  EXPECT_EQ(types, (std::multiset<std::string>{"A", "B", "C"}));
  EXPECT_EQ(metric("MatchedEvents", "r"), 3);
}

TEST_F(BusDurabilityTest, ManyEventsCrossTheRoutingAndDeliveryBatches) {
  std::vector<EventEntry> batch(10);
  for (auto& entry : batch) {
    entry.source = "shop";
    entry.detail_type = "Order Placed";
    entry.detail = "{}";
  }
  for (int i = 0; i < 62; ++i) must(bus().put_events(batch));
  EXPECT_EQ(must(bus().route_pending()), 620u);
  EXPECT_EQ(must(bus().deliver_due()), 620u);
  std::set<std::string> ids;
  for (const auto& d : queues_.delivered()) ids.insert(json::parse(d.payload)["id"]);
  EXPECT_EQ(ids.size(), 620u);
  EXPECT_EQ(pending_deliveries(), 0u);
}

TEST_F(BusDurabilityTest, TheBackgroundThreadRoutesAndDeliversWhenWoken) {
  bus().start();
  put_event("shop", "Order Placed", "{}");  // PutEvents wakes the thread
  // Real time here: the thread's own wait. Up to 10 s, normally a few milliseconds.
  for (int i = 0; i < 2000 && queues_.delivered().empty(); ++i) {
    std::this_thread::sleep_for(5ms);
  }
  bus().stop();
  EXPECT_EQ(queues_.delivered().size(), 1u);
}

TEST_F(BusDurabilityTest, ConcurrentPutEventsShareCommitsAndEveryAcknowledgedEventIsStoredOnce) {
  constexpr int kThreads = 8;
  constexpr int kCalls = 40;
  std::vector<std::vector<std::string>> ids(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int call = 0; call < kCalls; ++call) {
        std::vector<EventEntry> entries(3);
        for (int e = 0; e < 3; ++e) {
          entries[e].source = "shop";
          entries[e].detail_type = "Order Placed";
          entries[e].detail = R"({"thread":)" + std::to_string(t) + "}";
        }
        auto results = bus().put_events(entries);
        ASSERT_TRUE(results) << results.error().message;
        for (const auto& result : *results) {
          ASSERT_FALSE(result.event_id.empty()) << result.error_message;
          ids[t].push_back(result.event_id);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  store::EventQuery query;
  query.limit = 10'000;
  std::set<std::string> stored;
  for (const auto& event : must(store().list_events(query))) stored.insert(event.id);
  std::set<std::string> acknowledged;
  for (const auto& list : ids) acknowledged.insert(list.begin(), list.end());
  EXPECT_EQ(acknowledged.size(), size_t{kThreads * kCalls * 3});
  EXPECT_EQ(stored, acknowledged);
}

}  // namespace
}  // namespace certflow::events::bus::testing
