// SNS's limits: at most 5 keys (leaf keys of nested policies), at most 150 combinations by the
// formula of the constraints and and-or-logic pages (values × depth multiplied over the keys,
// summed over $or branches). The policies are AWS's recorded boundary cases.
#include <string>

#include "filter_test_support.h"
#include "notify/filter/policy_json.h"
#include "notify/filter/validate.h"

namespace certflow::notify::filter::testing {
namespace {

std::string values(const std::string& stem, int count) {
  std::string out = "[";
  for (int i = 0; i < count; ++i) out += (i ? ",\"" : "\"") + stem + std::to_string(i) + "\"";
  return out + "]";
}

std::size_t combinations(const std::string& policy, Scope scope) {
  auto tree = detail::parse_json_tree(policy);
  EXPECT_TRUE(tree);
  auto shape = detail::validate_policy(*tree, scope);
  EXPECT_TRUE(shape) << shape.error().message;
  return shape ? shape->combinations : 0;
}

constexpr const char* kTooComplex = "Filter policy is too complex";

TEST(FilterPolicyLimits, SixKeysAreRefusedInBothScopes) {
  const char* six = R"({"key_a":["value_one"],"key_b":["value_two"],"key_c":["value_three"],)"
                    R"("key_d":["value_four"],"key_e":["value_five"],"key_f":["value_six"]})";
  EXPECT_EQ(refusal(six, Scope::kMessageAttributes), "Filter policy can not have more than 5 keys");
  EXPECT_EQ(refusal(six, Scope::kMessageBody), "Filter policy can not have more than 5 keys");
  const char* five = R"({"key_a":["value_one"],"key_b":["value_two"],"key_c":["value_three"],)"
                     R"("key_d":["value_four"],"key_e":["value_five"]})";
  EXPECT_EQ(refusal(five), "<accepted>");
}

TEST(FilterPolicyLimits, NestedPoliciesCountLeafKeys) {
  // The constraints page's example: finding's three children count, finding itself does not.
  const char* six_leaves =
      R"({"state":["SUCCESS"],"severity":[{"exists":true}],"message":[{"exists":true}],)"
      R"("finding":{"standard_control":[{"exists":true}],"region":[{"exists":true}],)"
      R"("account":[{"exists":true}]}})";
  EXPECT_EQ(refusal(six_leaves, Scope::kMessageBody),
            "Filter policy can not have more than 5 keys");
  EXPECT_EQ(refusal(R"({"a":{"b":{"c":["x"]}},"d":{"e":["y"]}})", Scope::kMessageBody),
            "<accepted>");
}

TEST(FilterPolicyLimits, KeysNamedInSeveralOrBranchesCountOnce) {
  EXPECT_EQ(refusal(R"({"$or":[{"a":["1"],"b":["1"],"c":["1"]},{"a":["2"],"d":["2"],"e":["2"]}]})"),
            "<accepted>");
  EXPECT_EQ(refusal(R"({"$or":[{"a":["1"],"b":["1"],"c":["1"]},{"d":["2"],"e":["2"],"f":["2"]}]})"),
            "Filter policy can not have more than 5 keys");
}

TEST(FilterPolicyLimits, OneKeyWith151ValuesIsTooComplex) {
  EXPECT_EQ(refusal(R"({"key":)" + values("value", 151) + "}"), kTooComplex);
  EXPECT_EQ(refusal(R"({"key":)" + values("value", 150) + "}"), "<accepted>");
}

TEST(FilterPolicyLimits, ValuesMultiplyAcrossKeys) {
  EXPECT_EQ(refusal(R"({"key1":)" + values("v", 100) + R"(,"key2":)" + values("v", 51) + "}"),
            kTooComplex);  // 5100
  EXPECT_EQ(combinations(R"({"key_a":["1","2","3"],"key_b":["1"],"key_c":["1","2"]})",
                         Scope::kMessageAttributes),
            6u);
}

TEST(FilterPolicyLimits, NestedValuesAreMultipliedByTheirDepth) {
  const std::string nested =
      R"({"key_a":{"key_b":{"key_c":["v1","v2","v3","v4"]}},"key_d":{"key_e":["v1","v2","v3"]}})";
  EXPECT_EQ(combinations(nested, Scope::kMessageBody), 72u);  // 4×3 × 3×2
  // AWS's recorded 216 (3 × 4 × 2 × 3 × 1 × 3): refused.
  const std::string with_flat =
      R"({"key_a":{"key_b":{"key_c":["v1","v2","v3","v4"]}},"key_d":{"key_e":["v1","v2","v3"]},)"
      R"("key_f":["v1","v2","v3"]})";
  EXPECT_EQ(refusal(with_flat, Scope::kMessageBody), kTooComplex);
}

TEST(FilterPolicyLimits, OrBranchesAreSummed) {
  // The and-or-logic page: source(1) × (metricName(2) + metricType(1) × (metricId(2) +
  // spaceId(3))) = 2 + 2 + 3.
  const char* doc =
      R"({"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization","ReadLatency"]},)"
      R"({"metricType":["MetricType"],"$or":[{"metricId":[1234,4321]},{"spaceId":[1,2,3]}]}]})";
  EXPECT_EQ(combinations(doc, Scope::kMessageAttributes), 7u);
}

TEST(FilterPolicyLimits, ExactlyOneHundredFiftyIsAccepted) {
  // Recorded: 3×6 + 3×4×4 + 3×4×7 = 150, accepted.
  const std::string policy = R"({"source":["aws.cloudwatch","aws.events","aws.test"],"$or":[)"
                             R"({"metricName":)" +
                             values("m", 6) + R"(},{"metricType":)" + values("t", 4) +
                             R"(,"$or":[{"metricId":[1234,4321,5678,9012]},)"
                             R"({"spaceId":[1,2,3,4,5,6,7]}]}]})";
  EXPECT_EQ(combinations(policy, Scope::kMessageAttributes), 150u);
  EXPECT_EQ(refusal(policy), "<accepted>");
}

TEST(FilterPolicyLimits, OneHundredFiftyTwoWithOrIsRefused) {
  // Recorded: 4×6 + 4×4×4 + 4×4×4 = 152.
  const std::string policy =
      R"({"source":["aws.cloudwatch","aws.events","aws.test","aws.t2"],)"
      R"("$or":[{"metricName":)" +
      values("m", 6) + R"(},{"metricType":)" + values("t", 4) +
      R"(,"$or":[{"metricId":[1234,4321,5678,9012]},{"spaceId":[1,2,3,4]}]}]})";
  EXPECT_EQ(refusal(policy), kTooComplex);
}

TEST(FilterPolicyLimits, OneHundredFiftyOneIsRefused) {
  // 151 = 150 + 1 with $or: the smallest refusal.
  const std::string policy = R"({"$or":[{"a":)" + values("v", 150) + R"(},{"b":["x"]}]})";
  EXPECT_EQ(combinations(R"({"$or":[{"a":)" + values("v", 149) + R"(},{"b":["x"]}]})",
                         Scope::kMessageAttributes),
            150u);
  EXPECT_EQ(refusal(policy), kTooComplex);
}

TEST(FilterPolicyLimits, NestedOrInTheBodyIsRefusedAt160) {
  // Recorded: (3 + 2) × (scope 2×2) × (source 1×2 + type 3×2) = 160.
  const char* policy =
      R"({"$or":[{"metricName":["CPUUtilization","ReadLatency","TestValue"]},)"
      R"({"namespace":["AWS/EC2","AWS/ES"]}],"detail":{"scope":["Service","Test"],"$or":[)"
      R"({"source":["aws.cloudwatch"]},)"
      R"({"type":["CloudWatch Alarm State Change","TestValue","TestValue2"]}]}})";
  EXPECT_EQ(refusal(policy, Scope::kMessageBody), kTooComplex);
}

}  // namespace
}  // namespace certflow::notify::filter::testing
