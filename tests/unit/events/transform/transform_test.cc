// Target input as EventBridge documents it (eb-transform-target-input): Input, InputPath,
// InputTransformer with JSON and text templates and the reserved variables.
#include "events/transform/transform.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace certflow::events::transform {
namespace {

using nlohmann::json;

// The EC2 example event of the EventBridge user guide.
const std::string kEvent = R"({"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602",
"detail-type":"EC2 Instance State-change Notification","source":"aws.ec2",
"account":"123456789012","time":"2015-11-11T21:29:54Z","region":"us-east-1",
"resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
"detail":{"instance-id":"i-0123456789","state":"RUNNING","note":"say \"hi\""}})";

RuleContext context() {
  TimePoint ingested;
  EXPECT_TRUE(parse_iso8601("2015-11-11T21:29:55Z", ingested));
  return {"arn:aws:events:us-east-1:123456789012:rule/r1", "r1", ingested};
}

std::string rendered(const TargetInput& input) {
  auto out = render(input, kEvent, context());
  EXPECT_TRUE(out) << out.error().message;
  return out ? *out : std::string();
}

TargetInput transformer(std::map<std::string, std::string> paths, std::string text) {
  TargetInput input;
  input.input_transformer = InputTransformer{std::move(paths), std::move(text)};
  EXPECT_TRUE(validate(input)) << validate(input).error().message;
  return input;
}

const std::map<std::string, std::string> kPaths = {{"instance", "$.detail.instance-id"},
                                                   {"state", "$.detail.state"},
                                                   {"note", "$.detail.note"},
                                                   {"missing", "$.detail.nothing"}};

TEST(TransformTest, WithoutInputTheWholeEventIsSent) { EXPECT_EQ(rendered({}), kEvent); }

TEST(TransformTest, InputIsSentAsItIs) {
  TargetInput input;
  input.input = R"({"fixed": true})";
  EXPECT_EQ(rendered(input), R"({"fixed": true})");
}

TEST(TransformTest, InputPathSendsThePart) {
  TargetInput input;
  input.input_path = "$.detail";
  EXPECT_EQ(json::parse(rendered(input))["state"], "RUNNING");
  input.input_path = "$.resources[0]";
  EXPECT_EQ(rendered(input), R"("arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111")");
  input.input_path = "$.detail.nothing";
  EXPECT_EQ(rendered(input), "null");
}

TEST(TransformTest, TextTemplateInsertsRawValues) {
  EXPECT_EQ(rendered(transformer(kPaths, "<instance> is in state <state>")),
            "i-0123456789 is in state RUNNING");
  EXPECT_EQ(rendered(transformer(kPaths, "state: <missing>.")), "state: .");
}

TEST(TransformTest, StringTemplateEscapesValuesInsideTheString) {
  const std::string out = rendered(transformer(kPaths, R"("Instance <instance>: <note>")"));
  EXPECT_EQ(out, R"("Instance i-0123456789: say \"hi\"")");
  EXPECT_EQ(json::parse(out), "Instance i-0123456789: say \"hi\"");
}

TEST(TransformTest, JsonTemplateQuotesValuesOutsideStringsOnly) {
  const std::string out = rendered(transformer(
      kPaths,
      R"({"instance": <instance>, "status": "<instance> is in state \"<state>\"", "gone": <missing>})"));
  const json parsed = json::parse(out);
  EXPECT_EQ(parsed["instance"], "i-0123456789");
  EXPECT_EQ(parsed["status"], "i-0123456789 is in state \"RUNNING\"");
  EXPECT_TRUE(parsed["gone"].is_null());
}

TEST(TransformTest, ObjectsAndArraysKeepTheirShape) {
  const json parsed = json::parse(
      rendered(transformer({{"detail", "$.detail"}, {"resources", "$.resources"}},
                           R"({"d": <detail>, "r": <resources>, "first": "<resources>"})")));
  EXPECT_EQ(parsed["d"]["state"], "RUNNING");
  EXPECT_EQ(parsed["r"].size(), 1u);
  EXPECT_EQ(parsed["first"], R"(["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"])");
}

TEST(TransformTest, ReservedVariables) {
  const json parsed = json::parse(
      rendered(transformer({}, R"({"arn": "<aws.events.rule-arn>", "name": "<aws.events.rule-name>",
             "at": "<aws.events.event.ingestion-time>", "event": <aws.events.event>,
             "whole": <aws.events.event.json>})")));
  EXPECT_EQ(parsed["arn"], "arn:aws:events:us-east-1:123456789012:rule/r1");
  EXPECT_EQ(parsed["name"], "r1");
  EXPECT_EQ(parsed["at"], "2015-11-11T21:29:55Z");
  EXPECT_FALSE(parsed["event"].contains("detail"));
  EXPECT_EQ(parsed["event"]["source"], "aws.ec2");
  EXPECT_EQ(parsed["whole"], json::parse(kEvent));
}

TEST(TransformTest, UnknownPlaceholdersStayAsWritten) {
  EXPECT_EQ(rendered(transformer(kPaths, "a <b> c <state>")), "a <b> c RUNNING");
}

TEST(TransformTest, ValidationRefusesWhatPutTargetsRefuses) {
  auto refused = [](const TargetInput& input, const std::string& needle) {
    auto status = validate(input);
    ASSERT_FALSE(status) << needle;
    EXPECT_EQ(status.error().code, ErrorCode::kValidation);
    EXPECT_NE(status.error().message.find(needle), std::string::npos) << status.error().message;
  };
  TargetInput two;
  two.input = "{}";
  two.input_path = "$";
  refused(two, "Only one of");
  TargetInput not_json;
  not_json.input = "{nope";
  refused(not_json, "valid JSON");
  TargetInput bad_path;
  bad_path.input_path = "detail";
  refused(bad_path, "InputPath");
  TargetInput bad_key;
  bad_key.input_transformer = InputTransformer{{{"aws.events.rule-arn", "$.id"}}, "<x>"};
  refused(bad_key, "reserved");
  TargetInput key_placeholder;
  key_placeholder.input_transformer = InputTransformer{{{"k", "$.id"}}, R"({<k>: 1})"};
  refused(key_placeholder, "not valid JSON");
  TargetInput empty_template;
  empty_template.input_transformer = InputTransformer{{}, ""};
  refused(empty_template, "1 to 8192");
  TargetInput too_many;
  too_many.input_transformer = InputTransformer{{}, "x"};
  for (int i = 0; i < 101; ++i) {
    too_many.input_transformer->input_paths_map["v" + std::to_string(i)] = "$.id";
  }
  refused(too_many, "at most 100");
}

}  // namespace
}  // namespace certflow::events::transform
