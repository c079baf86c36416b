#include "queue/queue_fixture.h"

namespace certflow::queue::testing {

QueuesTest::QueuesTest() : clock_(from_epoch_millis(1'800'000'000'000)) {}

void QueuesTest::SetUp() { reopen(); }

void QueuesTest::reopen() {
  queues_.reset();
  store_.reset();
  store_ = must(store::open_sqlite_store({dir_.path() + "/certflow.db", 5000}));
  QueuesConfig config;
  config.recheck_interval = std::chrono::milliseconds(5);
  queues_ = std::make_unique<Queues>(*store_, clock_, config);
}

std::string QueuesTest::create(const std::string& name, const Attributes& attributes) {
  return must(queues_->create_queue({name, attributes, {}}));
}

SentMessage QueuesTest::send(const std::string& name, const std::string& body,
                             const MessageAttributes& attributes) {
  SendMessageRequest request;
  request.body = body;
  request.attributes = attributes;
  request.sender_id = "AKIATEST";
  return must(queues_->send_message(name, request));
}

std::vector<ReceivedMessage> QueuesTest::receive(const std::string& name, ReceiveRequest request) {
  return must(queues_->receive_message(name, request));
}

ReceivedMessage QueuesTest::receive_one(const std::string& name, ReceiveRequest request) {
  auto messages = receive(name, request);
  if (messages.size() != 1) {
    throw std::runtime_error("expected one message, got " + std::to_string(messages.size()));
  }
  return messages.front();
}

std::string QueuesTest::attribute(const std::string& name, const std::string& attribute) {
  return must(queues_->get_attributes(name, {attribute})).at(attribute);
}

MessageAttributeValue QueuesTest::text(const std::string& value, const std::string& type) {
  return MessageAttributeValue{type, value, std::nullopt};
}

MessageAttributeValue QueuesTest::binary(const std::string& bytes) {
  return MessageAttributeValue{"Binary", std::nullopt, bytes};
}

}  // namespace certflow::queue::testing
