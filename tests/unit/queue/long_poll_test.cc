// Long polling: a receive with a wait time returns as soon as a message can be received, and
// otherwise when the clock passes its deadline. Time is moved by the test; the only real waiting
// is the few milliseconds a woken poller takes.
#include <future>
#include <thread>

#include "queue/queue_fixture.h"

namespace certflow::queue::testing {
namespace {

using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;

class LongPollTest : public QueuesTest {
 protected:
  std::future<std::vector<ReceivedMessage>> poll(const std::string& name,
                                                 std::optional<int64_t> wait_seconds) {
    ReceiveRequest request;
    request.wait_seconds = wait_seconds;
    return std::async(std::launch::async, [this, name, request] {
      return must(queues_->receive_message(name, request));
    });
  }

  // The poll is still waiting after a moment (it did not return at once).
  static bool still_waiting(std::future<std::vector<ReceivedMessage>>& poll) {
    return poll.wait_for(100ms) == std::future_status::timeout;
  }
};

TEST_F(LongPollTest, APollReturnsAsSoonAsAMessageArrives) {
  create("orders");
  auto waiting = poll("orders", 20);
  ASSERT_TRUE(still_waiting(waiting));
  const auto sent_at = Steady::now();
  send("orders", "arrived");
  ASSERT_EQ(waiting.wait_for(5s), std::future_status::ready);
  EXPECT_LT(Steady::now() - sent_at, 2s);
  auto messages = waiting.get();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].body, "arrived");
}

TEST_F(LongPollTest, TheQueueWaitTimeIsTheDefault) {
  create("orders", {{"ReceiveMessageWaitTimeSeconds", "20"}});
  auto waiting = poll("orders", std::nullopt);
  ASSERT_TRUE(still_waiting(waiting));
  send("orders", "arrived");
  ASSERT_EQ(waiting.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(waiting.get().size(), 1u);
  // WaitTimeSeconds 0 overrides it: an empty queue answers at once.
  EXPECT_EQ(poll("orders", 0).wait_for(5s), std::future_status::ready);
}

TEST_F(LongPollTest, APollEndsEmptyWhenTheClockPassesItsDeadline) {
  create("orders");
  auto waiting = poll("orders", 5);
  ASSERT_TRUE(still_waiting(waiting));
  advance(4s);
  ASSERT_TRUE(still_waiting(waiting));
  advance(1s);
  ASSERT_EQ(waiting.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(waiting.get().empty());
}

TEST_F(LongPollTest, APollReceivesAMessageWhoseDelayEndsWhileItWaits) {
  create("orders");
  must(queues_->send_message("orders", {"delayed", 10, {}, {}, "me"}));
  auto waiting = poll("orders", 20);
  ASSERT_TRUE(still_waiting(waiting));
  advance(10s);
  ASSERT_EQ(waiting.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(waiting.get().at(0).body, "delayed");
}

TEST_F(LongPollTest, APollOnAnotherQueueKeepsWaiting) {
  create("orders");
  create("other");
  auto waiting = poll("orders", 20);
  send("other", "not for you");
  EXPECT_TRUE(still_waiting(waiting));
  queues_->stop_waiting();
  ASSERT_EQ(waiting.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(waiting.get().empty());
}

TEST_F(LongPollTest, StopWaitingEndsEveryPollAndLaterOnesReturnAtOnce) {
  create("orders");
  auto first = poll("orders", 20);
  auto second = poll("orders", 20);
  ASSERT_TRUE(still_waiting(first));
  queues_->stop_waiting();
  EXPECT_EQ(first.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(second.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(poll("orders", 20).wait_for(5s), std::future_status::ready);
}

}  // namespace
}  // namespace certflow::queue::testing
