#include "topics_fixture.h"

namespace certflow::notify::testing {

namespace {

crypto::MasterKey test_master_key() {
  return *crypto::MasterKey::from_bytes(crypto::SecretBytes(std::string(32, 'k')));
}

TimePoint start_time() { return from_epoch_millis(1'790'000'000'000); }

}  // namespace

TopicsTest::TopicsTest() : clock_(start_time()), master_(test_master_key()) {
  channels_.add("email", email_);
  channels_.add("email-json", email_);
  channels_.add("http", http_);
  channels_.add("https", http_);
  channels_.add("sqs", sqs_);
}

void TopicsTest::SetUp() { restart(); }

void TopicsTest::TearDown() {
  topics_.reset();
  queues_.reset();
  signer_.reset();
  store_.reset();
}

void TopicsTest::restart() {
  TearDown();
  store_ = must(engine_.open());
  signer_ = std::make_unique<MessageSigner>(
      must(MessageSigner::load_or_create(*store_, master_, clock_, kPublicUrl)));
  queues_ = std::make_unique<queue::Queues>(*store_, clock_, queue::QueuesConfig{});
  topics_ = std::make_unique<Topics>(*store_, clock_, channels_, master_, *signer_, *queues_,
                                     NotifyConfig{"us-east-1", kAccount, kPublicUrl});
  must(topics_->load());
}

std::string TopicsTest::confirmed_email(const std::string& topic_arn, const std::string& address,
                                        const Attributes& attributes) {
  const size_t before = email_.received.size();
  EXPECT_EQ(must(topics_->subscribe({topic_arn, "email", address, attributes, false})),
            "pending confirmation");
  deliver();
  EXPECT_EQ(email_.received.size(), before + 1);
  const Notification& confirmation = email_.received.back();
  EXPECT_EQ(confirmation.type, MessageType::kSubscriptionConfirmation);
  return must(topics_->confirm_subscription(topic_arn, confirmation.token));
}

}  // namespace certflow::notify::testing
