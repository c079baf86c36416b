// Fuzzes SNS's query-protocol requests: the form parser, every operation's decoder, the XML
// encoders on what was decoded (fuzzed keys and values must come out as text, never markup), and
// the whole service over a real topics engine on a temporary SQLite store, delivering to
// certflow's queues through the sqs channel.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <string_view>

#include "api/query/form.h"
#include "api/sns/sns_input.h"
#include "api/sns/sns_output.h"
#include "api/sns/sns_service.h"
#include "core/clock.h"
#include "notify/channels/queue_channel.h"
#include "notify/signer.h"
#include "notify/topics.h"
#include "queue/queues.h"
#include "store/store.h"

namespace {

namespace sns = certflow::api::sns;
namespace query = certflow::api::query;

size_t count(const std::string& text, std::string_view part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// Each element the encoder writes per item appears exactly once per item.
void check_elements(const std::string& xml, std::string_view element, size_t items) {
  if (count(xml, element) != items) __builtin_trap();
}

// One engine for the whole run; its directory goes when the fuzzer exits.
struct Service {
  Service() {
    std::random_device random;
    dir = std::filesystem::temp_directory_path() /
          ("certflow-sns-fuzz-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(dir);
    store = std::move(*certflow::store::open_sqlite_store({(dir / "certflow.db").string()}));
    master = std::make_unique<certflow::crypto::MasterKey>(
        std::move(*certflow::crypto::MasterKey::from_bytes(
            certflow::crypto::SecretBytes(std::string(32, 'm')))));
    signer = std::make_unique<certflow::notify::MessageSigner>(
        std::move(*certflow::notify::MessageSigner::load_or_create(*store, *master, clock,
                                                                   "http://127.0.0.1:8750")));
    queues =
        std::make_unique<certflow::queue::Queues>(*store, clock, certflow::queue::QueuesConfig{});
    (void)queues->create_queue({"q1", {}, {}});
    channel = std::make_unique<certflow::notify::QueueChannel>(*queues, *signer);
    channels.add("sqs", *channel);
    topics = std::make_unique<certflow::notify::Topics>(
        *store, clock, channels, *master, *signer, *queues,
        certflow::notify::NotifyConfig{"us-east-1", "000000000000", "http://127.0.0.1:8750"});
    if (!topics->load()) __builtin_trap();
    service = certflow::api::make_sns_query_service(*topics, "000000000000");
  }
  ~Service() {
    service.reset();
    topics.reset();
    queues.reset();
    store.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }

  std::filesystem::path dir;
  certflow::SimulatedClock clock{certflow::from_epoch_millis(1'800'000'000'000)};
  std::unique_ptr<certflow::store::Store> store;
  std::unique_ptr<certflow::crypto::MasterKey> master;
  std::unique_ptr<certflow::notify::MessageSigner> signer;
  std::unique_ptr<certflow::queue::Queues> queues;
  std::unique_ptr<certflow::notify::QueueChannel> channel;
  certflow::notify::ChannelRegistry channels;
  std::unique_ptr<certflow::notify::Topics> topics;
  std::unique_ptr<certflow::api::QueryService> service;
};

// The action the form names, through the whole service. Its answer holds text only inside
// elements: every '<' and '>' of a value is escaped, so the brackets pair up.
void invoke(const query::FormParams& params) {
  static Service env;
  auto action = params.find("Action");
  if (action == params.end() || !env.service->has_operation(action->second)) return;
  auto answer = env.service->invoke({}, action->second, params);
  if (answer && *answer) {
    const std::string& xml = **answer;
    if (std::count(xml.begin(), xml.end(), '<') != std::count(xml.begin(), xml.end(), '>')) {
      __builtin_trap();
    }
  }
  (void)env.topics->deliver_due();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  query::FormParams params;
  if (!query::parse_form(text, params)) return 0;

  if (auto in = sns::decode_create_topic(params)) {
    check_elements(sns::encode_attributes(in->attributes), "<entry>", in->attributes.size());
    check_elements(sns::encode_tags(in->tags), "<member>", in->tags.size());
    (void)sns::encode_topic_arn(in->name);
  }
  (void)sns::decode_topic_arn(params);
  (void)sns::decode_subscription_arn(params);
  (void)sns::decode_resource_arn(params);
  if (auto token = sns::decode_next_token(params)) {
    const std::string xml = sns::encode_list_topics({{}, *token});
    check_elements(xml, "<NextToken>", *token ? 1 : 0);
  }
  (void)sns::decode_list_subscriptions_by_topic(params);
  (void)sns::decode_set_topic_attributes(params);
  (void)sns::decode_set_subscription_attributes(params);
  if (auto in = sns::decode_subscribe(params)) {
    certflow::notify::Page<certflow::notify::SubscriptionSummary> page;
    page.items.push_back({in->endpoint, in->protocol, in->protocol, in->endpoint, in->topic_arn});
    check_elements(sns::encode_subscriptions(page), "<member>", 1);
    check_elements(sns::encode_attributes(in->attributes), "<entry>", in->attributes.size());
  }
  (void)sns::decode_confirm_subscription(params);
  if (auto in = sns::decode_publish(params)) {
    if (in->message.empty()) __builtin_trap();
    check_elements(sns::encode_publish(in->message), "<MessageId>", 1);
  }
  if (auto in = sns::decode_publish_batch(params)) {
    if (in->entries.empty()) __builtin_trap();
    std::vector<certflow::notify::PublishBatchResult> results;
    for (const auto& entry : in->entries) {
      certflow::notify::PublishBatchResult result;
      result.id = entry.id;
      result.code = entry.message.empty() ? "InvalidParameter" : "";
      result.message = entry.message;
      results.push_back(std::move(result));
    }
    const std::string xml = sns::encode_publish_batch(results);
    check_elements(xml, "<member>", results.size());
  }
  if (auto in = sns::decode_tag_resource(params)) {
    check_elements(sns::encode_tags(in->tags), "<member>", in->tags.size());
  }
  (void)sns::decode_untag_resource(params);
  invoke(params);
  return 0;
}
