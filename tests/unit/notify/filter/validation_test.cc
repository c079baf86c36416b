// SNS's validation of filter policies: every recorded reason of the spec's §5 table
// (sns-filter-policy.md, from AWS recordings), the scope parser, and where SNS's operator set
// differs from EventBridge's.
#include <string>
#include <vector>

#include "filter_test_support.h"

namespace certflow::notify::filter::testing {
namespace {

struct Row {
  const char* policy;
  const char* reason;
};

class SnsReason : public ::testing::TestWithParam<Row> {};

TEST_P(SnsReason, IsTheRecordedText) {
  EXPECT_EQ(refusal(GetParam().policy), GetParam().reason) << GetParam().policy;
}

INSTANTIATE_TEST_SUITE_P(
    Structure, SnsReason,
    ::testing::Values(
        Row{R"({"k": "v"})", R"("k" must be an object or an array)"},
        Row{R"({"key_a":"value_one"})", R"("key_a" must be an object or an array)"},
        // The operator object is read as a nested key, before the scope's nesting rule applies.
        Row{R"({"key":{"suffix":"value"}})", R"("suffix" must be an object or an array)"},
        Row{R"({"key":{"suffix":"value","prefix":"value"}})",
            R"("suffix" must be an object or an array)"},
        Row{R"({"key":{"not-an-operator":"value"}})",
            R"("not-an-operator" must be an object or an array)"},
        Row{R"({"k": []})", "Empty arrays are not allowed"},
        Row{R"({"key":[["value"]]})", "Match value must be String, number, true, false, or null"},
        Row{R"({"key":[{"wrong-operator":true}]})", "Unrecognized match type wrong-operator"},
        Row{R"({"key":[{"suffix":"value","prefix":"value2"}]})",
            "Only one key allowed in match expression"}));

INSTANTIATE_TEST_SUITE_P(
    StringOperands, SnsReason,
    ::testing::Values(
        Row{R"({"key":[{"suffix":100}]})", "suffix match pattern must be a string"},
        Row{R"({"key":[{"suffix":null}]})", "suffix match pattern must be a string"},
        Row{R"({"key":[{"suffix":[]}]})", "suffix match pattern must be a string"},
        Row{R"({"key":[{"suffix":["test","test2"]}]})", "suffix match pattern must be a string"},
        Row{R"({"key":[{"cidr":["x"]}]})", "prefix match pattern must be a string"},
        Row{R"({"key":[{"cidr":"bad-filter"}]})", "Malformed CIDR, one '/' required"},
        Row{R"({"key":[{"cidr":"bad-/64filter"}]})",
            "Malformed CIDR, mask bits must be an integer"},
        Row{R"({"key":[{"cidr":"bad-filter/64"}]})", "Nonstandard IP address: bad-filter"},
        Row{R"({"key":[{"cidr":"xx.11.xx/8"}]})", "Nonstandard IP address: xx.11.xx"},
        Row{R"({"key":[{"cidr":"xxxx:db8:1234:1a00::/64"}]})",
            "Nonstandard IP address: xxxx:db8:1234:1a00::"}));

INSTANTIATE_TEST_SUITE_P(
    Numeric, SnsReason,
    ::testing::Values(
        Row{R"({"key":[{"numeric":[]}]})", "Invalid member in numeric match: ]"},
        Row{R"({"key":[{"numeric":["operator"]}]})",
            "Unrecognized numeric range operator: operator"},
        Row{R"({"key":[{"numeric":[1,"<="]}]})", "Invalid member in numeric match: 1"},
        Row{R"({"key":[{"numeric":["=","000"]}]})", "Value of equals must be numeric"},
        Row{R"({"key":[{"numeric":[">="]}]})", "Value of >= must be numeric"},
        Row{R"({"key":[{"numeric":["<",100,">",10]}]})", "Too many elements in numeric expression"},
        Row{R"({"key":[{"numeric":[">=",1,">",2]}]})", "Bad numeric range operator: >"},
        Row{R"({"key":[{"numeric":[">",3,"<",1]}]})", "Bottom must be less than top"},
        Row{R"({"key":[{"numeric":[">",20,"<="]}]})", "Value of <= must be numeric"},
        Row{R"({"key":[{"numeric":[">",20,30]}]})", "Bad value in numeric range: 30"},
        Row{R"({"key":[{"numeric":[">",20,30.50]}]})", "Bad value in numeric range: 30.50"},
        Row{R"({"key":[{"numeric":[">",20,"test"]}]})", "Bad numeric range operator: test"},
        Row{R"({"key":[{"numeric":[">","20","<","30"]}]})", "Value of > must be numeric"},
        Row{R"({"key":[{"numeric":[">",20,"<","30"]}]})", "Value of < must be numeric"},
        Row{R"({"key":[{"numeric":[">",20,"<",30,"<",50]}]})",
            "Too many terms in numeric range expression"}));

INSTANTIATE_TEST_SUITE_P(
    ExistsAndAnythingBut, SnsReason,
    ::testing::Values(
        Row{R"({"key":[{"exists":null}]})", "exists match pattern must be either true or false."},
        Row{R"({"key":[{"exists":"no"}]})", "exists match pattern must be either true or false."},
        Row{R"({"key":[{"anything-but":{"wrong-operator":null}}]})",
            "Unsupported anything-but pattern: wrong-operator"},
        Row{R"({"key":[{"anything-but":{"exists":false}}]})",
            "Unsupported anything-but pattern: exists"},
        Row{R"({"key":[{"anything-but":{"prefix":false}}]})",
            "prefix match pattern must be a string"}));

TEST(FilterPolicyValidation, NotJsonIsAParseFailureInJacksonWords) {
  EXPECT_EQ(refusal("invalid"),
            "failed to parse JSON. Unrecognized token 'invalid': was expecting (JSON String, "
            "Number, Array, Object or token 'null', 'true' or 'false')");
  EXPECT_EQ(refusal(R"({"key": ["a")").rfind("failed to parse JSON. ", 0), 0u);
}

TEST(FilterPolicyValidation, NestedPolicyUnderMessageAttributesIsAWholeMessage) {
  const char* nested = R"({"object":{"key":[{"prefix":"auto-"}]}})";
  EXPECT_EQ(refusal(nested, Scope::kMessageAttributes),
            "Invalid parameter: Filter policy scope MessageAttributes does not support nested "
            "filter policy");
  EXPECT_EQ(refusal(nested, Scope::kMessageBody), "<accepted>");
  // Nesting inside an $or branch is nesting too.
  EXPECT_EQ(refusal(R"({"$or":[{"a":{"b":["x"]}},{"c":["y"]}]})").rfind("Invalid parameter: ", 0),
            0u);
  EXPECT_EQ(refusal(R"({"$or":[{"a":["x"]},{"c":["y"]}]})"), "<accepted>");
}

TEST(FilterPolicyValidation, ScopeParsesBothNamesAndRefusesOthersWithSnsText) {
  EXPECT_EQ(*parse_scope("MessageAttributes"), Scope::kMessageAttributes);
  EXPECT_EQ(*parse_scope("MessageBody"), Scope::kMessageBody);
  auto bad = parse_scope("RandomValue");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidParameter);
  EXPECT_EQ(bad.error().message,
            "Invalid parameter: FilterPolicyScope: Invalid value [RandomValue]. Please use either "
            "MessageBody or MessageAttributes");
  EXPECT_FALSE(parse_scope("messagebody"));
}

TEST(FilterPolicyValidation, AnythingButKeepsSnsOperandForms) {
  EXPECT_EQ(refusal(R"({"key":[{"anything-but":{"prefix":"test-"}}]})"), "<accepted>");
  EXPECT_EQ(refusal(R"({"key":[{"anything-but":["test","test2"]}]})"), "<accepted>");
  EXPECT_EQ(refusal(R"({"key":[{"anything-but":"test"}]})"), "<accepted>");
  EXPECT_EQ(refusal(R"({"key":[{"anything-but":[100,500]}]})"), "<accepted>");
  // Documented today (AWS refused suffix in May 2024).
  EXPECT_EQ(refusal(R"({"key":[{"anything-but":{"suffix":"ball"}}]})"), "<accepted>");
  EXPECT_EQ(refusal(R"({"key":[{"anything-but":{"wildcard":"*ball"}}]})"), "<accepted>");
  // EventBridge-only forms.
  EXPECT_EQ(refusal(R"({"key":[{"anything-but":{"equals-ignore-case":"x"}}]})"),
            "Unsupported anything-but pattern: equals-ignore-case");
  EXPECT_EQ(refusal(R"({"key":[{"anything-but":{"prefix":["a","b"]}}]})"),
            "prefix match pattern must be a string");
}

TEST(FilterPolicyValidation, EventBridgeIgnoreCaseInsidePrefixIsRefused) {
  EXPECT_EQ(refusal(R"({"key":[{"prefix":{"equals-ignore-case":"x"}}]})"),
            "prefix match pattern must be a string");
  EXPECT_EQ(refusal(R"({"key":[{"suffix":{"equals-ignore-case":"x"}}]})"),
            "suffix match pattern must be a string");
  EXPECT_EQ(refusal(R"({"key":[{"equals-ignore-case":"x"}]})"), "<accepted>");
}

TEST(FilterPolicyValidation, WildcardsAreLimitedToThreeStarsAPattern) {
  EXPECT_EQ(refusal(R"({"key":[{"wildcard":"a*b*c*d"}]})"), "<accepted>");
  EXPECT_EQ(refusal(R"({"key":[{"wildcard":"a*b*c*d*"}]})"), "Filter policy is too complex");
  EXPECT_EQ(refusal(R"({"key":[{"wildcard":"a\\*b\\*c\\*d*"}]})"), "<accepted>");  // escaped
  EXPECT_EQ(refusal(R"({"key":[{"wildcard":5}]})"), "wildcard match pattern must be a string");
}

TEST(FilterPolicyValidation, WildcardComplexityIsCappedAtOneHundredPoints) {
  // Six patterns of two stars: (6 × 6 points) × 6 patterns = 216 points.
  std::string many = R"({"key":[)";
  for (int i = 0; i < 6; ++i)
    many += std::string(i ? "," : "") + R"({"wildcard":"*x)" + std::to_string(i) + R"(*"})";
  EXPECT_EQ(refusal(many + "]}"), "Filter policy is too complex");
  // Four single-star patterns: 4 points × 4 = 16.
  EXPECT_EQ(refusal(R"({"key":[{"wildcard":"a*"},{"wildcard":"b*"},{"wildcard":"c*"},)"
                    R"({"wildcard":"d*"}]})"),
            "<accepted>");
}

TEST(FilterPolicyValidation, EngineChecksStillApply) {
  // Left to the shared pattern engine after SNS's checks pass.
  EXPECT_EQ(refusal(R"({"key":[{"wildcard":"a**b"}]})"),
            "Consecutive wildcard characters at pos 2");
  EXPECT_EQ(refusal(R"({"key":[{"anything-but":[1,"a"]}]})"),
            "Inside anything but list, either all values are number or string, mixed type is not "
            "supported");
  EXPECT_EQ(refusal(R"({"key":{}})", Scope::kMessageBody), "Empty objects are not allowed");
  EXPECT_EQ(refusal(R"(["key"])"), "Filter is not an object");
}

TEST(FilterPolicyValidation, EveryOccurrenceOfARepeatedKeyIsChecked) {
  EXPECT_EQ(refusal(R"({"k":[{"bad":1}],"k":["x"]})"), "Unrecognized match type bad");
  // The last occurrence is the one that counts and matches.
  auto policy = must_compile(R"({"k":["x"],"k":["y"]})", Scope::kMessageAttributes);
  EXPECT_TRUE(policy.matches("", {{"k", str("y")}}));
  EXPECT_FALSE(policy.matches("", {{"k", str("x")}}));
}

TEST(FilterPolicyValidation, TooLargeAPolicyIsRefused) {
  std::string big = R"({"key":[")" + std::string(256 * 1024, 'x') + R"("]})";
  EXPECT_EQ(refusal(big), "Filter policy can not be larger than 256 KB");
}

TEST(FilterPolicyValidation, DeepNestingIsRefusedWithoutRecursingWithoutBound) {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += R"({"a":)";
  deep += R"(["x"])";
  for (int i = 0; i < 5000; ++i) deep += "}";
  EXPECT_EQ(refusal(deep, Scope::kMessageBody), "Filter policy is too complex");
  std::string arrays = R"({"a":)" + std::string(5000, '[') + std::string(5000, ']') + "}";
  EXPECT_NE(refusal(arrays, Scope::kMessageBody), "<accepted>");
}

TEST(FilterPolicyValidation, KeepsThePolicyTextAndScope) {
  const char* text = R"({"store":["example_corp"]})";
  auto policy = must_compile(text, Scope::kMessageBody);
  EXPECT_EQ(policy.text(), text);
  EXPECT_EQ(policy.scope(), Scope::kMessageBody);
}

}  // namespace
}  // namespace certflow::notify::filter::testing
