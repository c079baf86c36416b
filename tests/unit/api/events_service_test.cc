// The EventBridge adapter (AWSEvents.*): request decoding against the model, AWS's error codes,
// the answers' shapes and the lists it pages itself, over a real EventBus and SQLite store.
#include "api/events/events_service.h"

#include <gtest/gtest.h>

#include "api/events/events_input.h"
#include "api/service_calls.h"
#include "crypto/envelope.h"
#include "events/destinations/destinations.h"
#include "store/store_test_support.h"

namespace certflow::api {
namespace {

using nlohmann::json;
namespace bus = certflow::events::bus;

const std::string kQueue = "arn:aws:sqs:us-east-1:000000000000:orders";
constexpr const char* kAcmRule =
    R"({"source":["aws.acm"],"detail-type":["ACM Certificate Approaching Expiration"]})";

class AcceptingTarget final : public bus::Target {
 public:
  Status check(const std::string&) override { return {}; }
  bus::DeliveryOutcome deliver(const bus::Delivery&) override { return {}; }
};

json acm_event() {
  return {{"version", "0"},
          {"id", "1"},
          {"detail-type", "ACM Certificate Approaching Expiration"},
          {"source", "aws.acm"},
          {"account", "000000000000"},
          {"time", "2031-01-11T00:00:00Z"},
          {"region", "us-east-1"},
          {"resources", json::array()},
          {"detail", {{"DaysToExpiry", 3}}}};
}

class EventsServiceTest : public ::testing::Test {
 protected:
  EventsServiceTest() : clock_(from_epoch_millis(1'924'767'000'000)) {}
  void SetUp() override {
    store_ = store::testing::must(engine_.open());
    registry_.add("sqs", target_);
    bus_ = std::make_unique<bus::EventBus>(*store_, clock_, registry_, bus::BusConfig{});
    store::testing::must(bus_->load());
    destinations_ = std::make_unique<certflow::events::destinations::Destinations>(
        *store_, master_, clock_, bus::BusConfig{});
    backend_ = std::make_unique<EventsBackend>(EventsBackend{*bus_, *destinations_});
    service_ = make_events_service(*backend_);
  }

  json call(const std::string& operation, const json& input = json::object()) {
    return api::testing::call_ok(*service_, operation, input);
  }
  Error call_fails(const std::string& operation, const json& input) {
    return api::testing::call_error(*service_, operation, input);
  }

  store::testing::SqliteEngine engine_;
  SimulatedClock clock_;
  AcceptingTarget target_;
  bus::TargetRegistry registry_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<bus::EventBus> bus_;
  crypto::MasterKey master_ =
      *crypto::MasterKey::from_bytes(crypto::SecretBytes(std::string(32, 'k')));
  std::unique_ptr<certflow::events::destinations::Destinations> destinations_;
  std::unique_ptr<EventsBackend> backend_;
  std::unique_ptr<JsonService> service_;
};

TEST_F(EventsServiceTest, SpeaksJson11AsAWSEvents) {
  EXPECT_EQ(service_->target_prefix(), "AWSEvents");
  EXPECT_EQ(service_->signing_name(), "events");
  EXPECT_EQ(service_->json_version(), "1.1");
  for (const char* op : {"CreateEventBus", "DescribeEventBus", "ListEventBuses", "DeleteEventBus",
                         "PutRule", "DescribeRule", "ListRules", "DeleteRule", "EnableRule",
                         "DisableRule", "ListRuleNamesByTarget", "PutTargets", "ListTargetsByRule",
                         "RemoveTargets", "TestEventPattern", "PutEvents"}) {
    EXPECT_TRUE(service_->has_operation(op)) << op;
  }
  EXPECT_FALSE(service_->has_operation("CreateArchive"));
}

TEST_F(EventsServiceTest, RuleAnswersHaveTheModelsShape) {
  EXPECT_EQ(call("PutRule", {{"Name", "acm"}, {"EventPattern", kAcmRule}}),
            json({{"RuleArn", "arn:aws:events:us-east-1:000000000000:rule/acm"}}));
  const json rule = {{"Name", "acm"},
                     {"Arn", "arn:aws:events:us-east-1:000000000000:rule/acm"},
                     {"EventPattern", kAcmRule},
                     {"State", "ENABLED"},
                     {"EventBusName", "default"}};
  json described = rule;
  described["CreatedBy"] = "000000000000";
  EXPECT_EQ(call("DescribeRule", {{"Name", "acm"}}), described);
  EXPECT_EQ(call("ListRules"), json({{"Rules", {rule}}}));
  EXPECT_EQ(call("DisableRule", {{"Name", "acm"}}), json::object());
  EXPECT_EQ(call("DescribeRule", {{"Name", "acm"}})["State"], "DISABLED");
}

TEST_F(EventsServiceTest, BadMembersAreValidationExceptionsNamingTheMember) {
  Error e = call_fails("PutRule", {{"Name", "bad name"}, {"EventPattern", kAcmRule}});
  EXPECT_EQ(e.code, ErrorCode::kValidation);
  EXPECT_EQ(e.message,
            "1 validation error detected: Value 'bad name' at 'name' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
  e = call_fails("PutRule", {{"Name", "r"}, {"EventPattern", kAcmRule}, {"State", "ON"}});
  EXPECT_NE(e.message.find("at 'state' failed to satisfy constraint: Member must satisfy enum"),
            std::string::npos);
  e = call_fails("DescribeRule", json::object());
  EXPECT_NE(e.message.find("Value null at 'name'"), std::string::npos);
  e = call_fails("ListRules", {{"Limit", 101}});
  EXPECT_NE(e.message.find("at 'limit'"), std::string::npos);
  e = call_fails("PutRule", {{"Name", "r"}, {"EventPattern", 5}});
  EXPECT_EQ(e.code, ErrorCode::kSerialization);
  e = call_fails("DescribeEventBus", {{"Name", "arn:aws:events:us-east-1:1:event-bus/x"}});
  EXPECT_NE(e.message.find("regular expression pattern"), std::string::npos);
  e = call_fails("PutRule",
                 {{"Name", "r"}, {"EventPattern", kAcmRule}, {"Tags", {{{"Key", "a"}}}}});
  EXPECT_EQ(e.code, ErrorCode::kValidation);
  EXPECT_NE(e.message.find("tags.1.member.value"), std::string::npos) << e.message;
  EXPECT_EQ(call_fails("CreateEventBus", {{"Name", "b"}, {"KmsKeyIdentifier", "k"}}).code,
            ErrorCode::kValidation);
  EXPECT_FALSE(store::testing::must(store_->get_event_bus("b")));
}

TEST_F(EventsServiceTest, EngineErrorsKeepTheirCodes) {
  EXPECT_EQ(call_fails("PutRule", {{"Name", "r"}, {"EventPattern", "{\"a\":1}"}}).code,
            ErrorCode::kInvalidEventPattern);
  EXPECT_EQ(
      call_fails("PutRule", {{"Name", "r"}, {"EventPattern", kAcmRule}, {"EventBusName", "x"}})
          .code,
      ErrorCode::kResourceNotFound);
  call("CreateEventBus", {{"Name", "x"}});
  EXPECT_EQ(call_fails("CreateEventBus", {{"Name", "x"}}).code, ErrorCode::kResourceAlreadyExists);
  call("PutRule", {{"Name", "r"}, {"EventPattern", kAcmRule}});
  json five = json::array();
  for (int i = 0; i < 5; ++i) five.push_back({{"Id", "t" + std::to_string(i)}, {"Arn", kQueue}});
  EXPECT_EQ(call("PutTargets", {{"Rule", "r"}, {"Targets", five}}),
            json({{"FailedEntryCount", 0}, {"FailedEntries", json::array()}}));
  EXPECT_EQ(
      call_fails("PutTargets", {{"Rule", "r"}, {"Targets", {{{"Id", "t5"}, {"Arn", kQueue}}}}})
          .code,
      ErrorCode::kLimitExceeded);
}

TEST_F(EventsServiceTest, PutTargetsTakesAtMostTenAndDecodesEveryMember) {
  call("PutRule", {{"Name", "r"}, {"EventPattern", kAcmRule}});
  json eleven = json::array();
  for (int i = 0; i < 11; ++i) eleven.push_back({{"Id", "t" + std::to_string(i)}, {"Arn", kQueue}});
  Error e = call_fails("PutTargets", {{"Rule", "r"}, {"Targets", eleven}});
  EXPECT_EQ(e.code, ErrorCode::kValidation);
  EXPECT_NE(e.message.find("'targets' failed to satisfy constraint: Member must have length less "
                           "than or equal to 10"),
            std::string::npos);

  const json target = {
      {"Id", "t"},
      {"Arn", kQueue},
      {"RoleArn", "arn:aws:iam::000000000000:role/r"},
      {"InputTransformer",
       {{"InputPathsMap", {{"cn", "$.detail.CommonName"}}}, {"InputTemplate", "<cn>"}}},
      {"RetryPolicy", {{"MaximumRetryAttempts", 4}, {"MaximumEventAgeInSeconds", 120}}},
      {"DeadLetterConfig", {{"Arn", kQueue}}}};
  call("PutTargets", {{"Rule", "r"}, {"Targets", {target}}});
  EXPECT_EQ(call("ListTargetsByRule", {{"Rule", "r"}}), json({{"Targets", {target}}}));

  json bad = target;
  bad["InputTransformer"]["InputPathsMap"] = {{"bad name", "$.x"}};
  e = call_fails("PutTargets", {{"Rule", "r"}, {"Targets", {bad}}});
  EXPECT_NE(e.message.find("targets.1.member.inputTransformer.inputPathsMap"), std::string::npos);
  bad["InputTransformer"]["InputPathsMap"] = {{"cn", 1}};
  EXPECT_EQ(call_fails("PutTargets", {{"Rule", "r"}, {"Targets", {bad}}}).code,
            ErrorCode::kSerialization);
}

TEST_F(EventsServiceTest, ListsTheAdapterPagesCarryAnOpaqueToken) {
  call("PutRule", {{"Name", "r"}, {"EventPattern", kAcmRule}});
  call("PutRule", {{"Name", "s"}, {"EventPattern", kAcmRule}});
  json targets = json::array();
  for (const char* id : {"a", "b", "c"}) targets.push_back({{"Id", id}, {"Arn", kQueue}});
  call("PutTargets", {{"Rule", "r"}, {"Targets", targets}});
  call("PutTargets", {{"Rule", "s"}, {"Targets", {{{"Id", "a"}, {"Arn", kQueue}}}}});

  json page = call("ListTargetsByRule", {{"Rule", "r"}, {"Limit", 2}});
  ASSERT_EQ(page["Targets"].size(), 2u);
  ASSERT_TRUE(page.contains("NextToken"));
  json rest =
      call("ListTargetsByRule", {{"Rule", "r"}, {"Limit", 2}, {"NextToken", page["NextToken"]}});
  ASSERT_EQ(rest["Targets"].size(), 1u);
  EXPECT_EQ(rest["Targets"][0]["Id"], "c");
  EXPECT_FALSE(rest.contains("NextToken"));

  page = call("ListRuleNamesByTarget", {{"TargetArn", kQueue}, {"Limit", 1}});
  EXPECT_EQ(page["RuleNames"], json({"r"}));
  rest = call("ListRuleNamesByTarget",
              {{"TargetArn", kQueue}, {"Limit", 1}, {"NextToken", page["NextToken"]}});
  EXPECT_EQ(rest["RuleNames"], json({"s"}));
  EXPECT_FALSE(rest.contains("NextToken"));
  EXPECT_EQ(call_fails("ListTargetsByRule", {{"Rule", "r"}, {"NextToken", "Zm9yZ2Vk"}}).code,
            ErrorCode::kValidation);
}

TEST_F(EventsServiceTest, TestEventPatternNeedsTheMandatoryFields) {
  EXPECT_EQ(call("TestEventPattern", {{"EventPattern", kAcmRule}, {"Event", acm_event().dump()}}),
            json({{"Result", true}}));
  json other = acm_event();
  other["source"] = "aws.s3";
  EXPECT_EQ(call("TestEventPattern", {{"EventPattern", kAcmRule}, {"Event", other.dump()}}),
            json({{"Result", false}}));
  EXPECT_EQ(
      call_fails("TestEventPattern", {{"EventPattern", "[1]"}, {"Event", acm_event().dump()}}).code,
      ErrorCode::kInvalidEventPattern);
  json partial = acm_event();
  partial.erase("region");
  partial.erase("resources");
  Error e = call_fails("TestEventPattern", {{"EventPattern", kAcmRule}, {"Event", partial.dump()}});
  EXPECT_EQ(e.code, ErrorCode::kValidation);
  EXPECT_NE(e.message.find("region, resources"), std::string::npos);
  EXPECT_EQ(call_fails("TestEventPattern", {{"EventPattern", kAcmRule}, {"Event", "[]"}}).code,
            ErrorCode::kValidation);
}

TEST_F(EventsServiceTest, PutEventsAnswersPerEntryAndCountsSizeAsAws) {
  const json out = call("PutEvents", {{"Entries",
                                       {{{"Source", "shop"}, {"DetailType", "t"}, {"Detail", "{}"}},
                                        {{"Source", "shop"}, {"DetailType", "t"}}}}});
  EXPECT_EQ(out["FailedEntryCount"], 1);
  EXPECT_EQ(out["Entries"][0].size(), 1u);
  EXPECT_EQ(out["Entries"][0]["EventId"].get<std::string>().size(), 36u);
  EXPECT_EQ(out["Entries"][1]["ErrorCode"], "InvalidArgument");

  bus::EventEntry entry;
  entry.source = "abc";
  entry.detail_type = "de";
  entry.detail = "{\"é\":1}";  // bytes, not characters
  entry.resources = {"r1", "r22"};
  EXPECT_EQ(events::put_events_entry_size(entry), 3u + 2 + 8 + 5);
  entry.time = clock_.now();
  EXPECT_EQ(events::put_events_entry_size(entry), 3u + 2 + 8 + 5 + 14);

  EXPECT_EQ(call_fails("PutEvents", {{"Entries", json::array()}}).code, ErrorCode::kValidation);
  EXPECT_EQ(call_fails("PutEvents", {{"Entries", {{{"Source", "s"}, {"Time", true}}}}}).code,
            ErrorCode::kSerialization);
}

TEST_F(EventsServiceTest, PutEventsTimeIsEpochSecondsOrIsoText) {
  auto decoded =
      events::decode_put_events({{"Entries",
                                  {{{"Source", "s"}, {"Time", 1924767000}},
                                   {{"Source", "s"}, {"Time", 1924767000.5}},
                                   {{"Source", "s"}, {"Time", "2030-12-31T00:00:00Z"}}}}});
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(to_epoch_millis(*(*decoded)[0].time), 1'924'767'000'000);
  EXPECT_EQ(to_epoch_millis(*(*decoded)[1].time), 1'924'767'000'500);
  EXPECT_EQ(to_iso8601(*(*decoded)[2].time), "2030-12-31T00:00:00Z");
  auto bad = events::decode_put_events({{"Entries", {{{"Source", "s"}, {"Time", -1}}}}});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("entries.1.member.time"), std::string::npos);
}

TEST_F(EventsServiceTest, EventBusAnswers) {
  EXPECT_EQ(call("CreateEventBus", {{"Name", "shop"}, {"Description", "d"}}),
            json({{"EventBusArn", "arn:aws:events:us-east-1:000000000000:event-bus/shop"},
                  {"Description", "d"}}));
  EXPECT_EQ(call("DescribeEventBus", {{"Name", "shop"}}),
            json({{"Name", "shop"},
                  {"Arn", "arn:aws:events:us-east-1:000000000000:event-bus/shop"},
                  {"Description", "d"},
                  {"CreationTime", 1924767000}}));
  EXPECT_EQ(call("DescribeEventBus"),
            json({{"Name", "default"},
                  {"Arn", "arn:aws:events:us-east-1:000000000000:event-bus/default"}}));
  json listed = call("ListEventBuses", {{"Limit", 1}});
  EXPECT_EQ(listed["EventBuses"].size(), 1u);
  EXPECT_TRUE(listed.contains("NextToken"));
  EXPECT_EQ(call("DeleteEventBus", {{"Name", "shop"}}), json::object());
}

}  // namespace
}  // namespace certflow::api

namespace certflow::api {
namespace {

bool bus_accepted(const char* member, const std::string& value,
                  Result<std::string> (*decode)(const nlohmann::json&)) {
  return decode(nlohmann::json{{member, value}}).has_value();
}

Result<std::string> put_events_bus(const nlohmann::json& body) {
  auto entries =
      events::decode_put_events({{"Entries", {{{"Source", "s"}, {"EventBusName", body["B"]}}}}});
  if (!entries) return tl::unexpected(entries.error());
  return (*entries)[0].event_bus;
}

TEST(EventsInput, EventBusNamesFollowTheModelsPatterns) {
  const auto describe = events::decode_describe_event_bus;
  EXPECT_TRUE(bus_accepted("Name", "orders.v2_x-y", describe));
  EXPECT_TRUE(
      bus_accepted("Name", "arn:aws:events:us-east-1:000000000000:event-bus/orders", describe));
  EXPECT_TRUE(bus_accepted("Name", "arn:aws-us-gov:events:us-gov-west-1:123456789012:event-bus/a/b",
                           describe));
  for (const char* bad : {"arn:aws:events:us-east:000000000000:event-bus/orders",
                          "arn:aws:events:us-east-1:00000000000:event-bus/orders",
                          "arn:aws:sqs:us-east-1:000000000000:event-bus/orders",
                          "arn:aws:events:us-east-1:000000000000:rule/orders",
                          "arn:aws:events:us-east-1:000000000000:event-bus/", "a b", "a:b"}) {
    EXPECT_FALSE(bus_accepted("Name", bad, describe)) << bad;
  }
  EXPECT_TRUE(bus_accepted("Name", "partner/x", events::decode_delete_event_bus));
  EXPECT_FALSE(bus_accepted("Name", "arn:aws:events:us-east-1:000000000000:event-bus/x",
                            events::decode_delete_event_bus));
  EXPECT_TRUE(
      bus_accepted("B", "arn:aws:events:us-east-1:000000000000:event-bus/x", put_events_bus));
  EXPECT_FALSE(bus_accepted("B", "partner/x", put_events_bus));
  EXPECT_FALSE(bus_accepted("Name", std::string(1601, 'a'), describe));
  EXPECT_TRUE(bus_accepted("Name", std::string(1600, 'a'), describe));
}

}  // namespace
}  // namespace certflow::api
