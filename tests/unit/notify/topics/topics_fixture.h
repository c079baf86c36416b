// The topics engine over a real SQLite store in a temporary directory, on a SimulatedClock, with
// real queues (for sqs redrive) and a scripted channel standing in for the endpoints' side of
// email and http: it records each notification and answers as the test says.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <string>

#include "core/clock.h"
#include "crypto/envelope.h"
#include "notify/signer.h"
#include "notify/topics.h"
#include "queue/queues.h"
#include "store/store_test_support.h"  // tests/unit/store

namespace certflow::notify::testing {

using store::testing::must;

inline const std::string kAccount = "000000000000";
inline const std::string kPublicUrl = "http://127.0.0.1:8750";

// The endpoints' side of a protocol: records what arrives, answers from a script (success when
// the script is empty).
class ScriptedChannel final : public Channel {
 public:
  explicit ScriptedChannel(bool confirm) : confirm_(confirm) {}
  Status check_endpoint(const std::string& protocol, const std::string& endpoint) override {
    if (endpoint.find("bad") != std::string::npos) {
      return fail(ErrorCode::kInvalidParameter, "Invalid parameter: Endpoint for " + protocol);
    }
    return {};
  }
  bool needs_confirmation() const override { return confirm_; }
  std::vector<ChannelOutcome> deliver_all(const std::vector<Notification>& batch) override {
    std::vector<ChannelOutcome> outcomes;
    for (const auto& n : batch) {
      received.push_back(n);
      if (script.empty()) {
        outcomes.emplace_back();
      } else {
        outcomes.push_back(script.front());
        script.pop_front();
      }
    }
    return outcomes;
  }
  void fail_next(int times, bool retryable = true) {
    for (int i = 0; i < times; ++i) {
      script.push_back(tl::unexpected(ChannelFailure{"HttpStatus503", "unavailable", retryable}));
    }
  }
  std::vector<Notification> received;
  std::deque<ChannelOutcome> script;

 private:
  bool confirm_;
};

class TopicsTest : public ::testing::Test {
 protected:
  TopicsTest();
  void SetUp() override;
  void TearDown() override;

  // Closes everything and opens the same database again with a new engine (a restart).
  void restart();
  Topics& topics() { return *topics_; }

  std::string create(const std::string& name, const Attributes& attributes = {}) {
    return must(topics_->create_topic(name, attributes, {}));
  }
  // Subscribes an email endpoint and confirms it through its confirmation token.
  std::string confirmed_email(const std::string& topic_arn, const std::string& address,
                              const Attributes& attributes = {});
  std::string publish(const std::string& topic_arn, const std::string& message,
                      const MessageAttributes& attributes = {}) {
    PublishRequest request;
    request.topic_arn = topic_arn;
    request.message = message;
    request.attributes = attributes;
    return must(topics_->publish(request, Publisher{"", kAccount, ""}));
  }
  size_t deliver() { return must(topics_->deliver_due()); }
  void advance(std::chrono::milliseconds by) { clock_.advance(by); }
  int64_t pending_deliveries() { return must(store_->count_topic_deliveries()); }

  store::testing::SqliteEngine engine_;
  SimulatedClock clock_;
  crypto::MasterKey master_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<MessageSigner> signer_;
  std::unique_ptr<queue::Queues> queues_;
  ScriptedChannel email_{true};
  ScriptedChannel http_{true};
  ScriptedChannel sqs_{false};
  ChannelRegistry channels_;
  std::unique_ptr<Topics> topics_;
};

}  // namespace certflow::notify::testing
