// Queues over a real SQLite store in a temporary directory and a simulated clock.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/clock.h"
#include "queue/queues.h"
#include "store/store_test_support.h"

namespace certflow::queue::testing {

using store::testing::must;

class QueuesTest : public ::testing::Test {
 protected:
  QueuesTest();
  void SetUp() override;

  // Closes the store and the queues and opens them again over the same database.
  void reopen();

  std::string create(const std::string& name, const Attributes& attributes = {});
  SentMessage send(const std::string& name, const std::string& body,
                   const MessageAttributes& attributes = {});
  std::vector<ReceivedMessage> receive(const std::string& name, ReceiveRequest request = {});
  // One message expected.
  ReceivedMessage receive_one(const std::string& name, ReceiveRequest request = {});
  std::string attribute(const std::string& name, const std::string& attribute);
  void advance(std::chrono::milliseconds by) { clock_.advance(by); }

  static MessageAttributeValue text(const std::string& value, const std::string& type = "String");
  static MessageAttributeValue binary(const std::string& bytes);

  store::testing::TempDir dir_;
  SimulatedClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Queues> queues_;
};

// The error code of a failed result (kInternal if it succeeded, so the test fails clearly).
template <typename T>
ErrorCode code_of(const Result<T>& result) {
  return result ? ErrorCode::kInternal : result.error().code;
}

}  // namespace certflow::queue::testing
