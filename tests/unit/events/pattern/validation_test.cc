// Rejected patterns and their messages, beyond the corpus: limits, and the location line.
#include <gtest/gtest.h>

#include <string>

#include "events/pattern/pattern.h"

namespace certflow::events::pattern {
namespace {

std::string reason(std::string_view pattern, const CompileOptions& options = {}) {
  auto p = compile_pattern(pattern, options);
  if (p) return "<accepted>";
  EXPECT_EQ(p.error().code, ErrorCode::kValidation);
  const std::string& m = p.error().message;
  const std::string prefix = "Event pattern is not valid. Reason: ";
  EXPECT_EQ(m.rfind(prefix, 0), 0u) << m;
  return m.substr(prefix.size(), m.find('\n') == std::string::npos ? std::string::npos
                                                                   : m.find('\n') - prefix.size());
}

TEST(Validation, Structure) {
  EXPECT_EQ(reason("{}"), "Empty objects are not allowed");
  EXPECT_EQ(reason(R"({"a":{}})"), "Empty objects are not allowed");
  EXPECT_EQ(reason(R"({"a":[]})"), "Empty arrays are not allowed");
  EXPECT_EQ(reason(R"({"a":null})"), "\"a\" must be an object or an array");
  EXPECT_EQ(reason(R"({"a":true})"), "\"a\" must be an object or an array");
  EXPECT_EQ(reason(R"({"a":[["x"]]})"), "Match value must be String, number, true, false, or null");
  EXPECT_EQ(reason(R"({"a":[{}]})"), "Match expression name not found");
  EXPECT_EQ(reason(R"({"a":[{"foo":1}]})"), "Unrecognized match type foo");
  EXPECT_EQ(reason(R"({"a":[{"prefix":"a","suffix":"b"}]})"),
            "Only one key allowed in match expression");
  EXPECT_EQ(reason("[1]"), "Filter is not an object");
  EXPECT_EQ(reason(R"({"$or":"x"})"), "\"$or\" must be an object or an array");
  EXPECT_EQ(reason(R"({"$or":[]})"), "Empty arrays are not allowed");
  EXPECT_EQ(reason(R"({"$or":[{"a":["1"]}]})"), "Unrecognized match type a");
}

TEST(Validation, Operators) {
  EXPECT_EQ(reason(R"({"a":[{"exists":"yes"}]})"),
            "exists match pattern must be either true or false.");
  EXPECT_EQ(reason(R"({"a":[{"prefix":{"foo":"x"}}]})"), "Unsupported prefix pattern: foo");
  EXPECT_EQ(reason(R"({"a":[{"suffix":{"foo":"x"}}]})"), "Unsupported suffix pattern: foo");
  EXPECT_EQ(reason(R"({"a":[{"anything-but":["a",1]}]})"),
            "Inside anything but list, either all values are number or string, mixed type is not "
            "supported");
  EXPECT_EQ(reason(R"({"a":[{"anything-but":[]}]})"),
            "Inside anything but list, either all values are number or string, mixed type is not "
            "supported");
  EXPECT_EQ(reason(R"({"a":[{"anything-but":{"numeric":[">",1]}}]})"),
            "Unsupported anything-but pattern: numeric");
  EXPECT_EQ(reason(R"({"a":[{"anything-but":true}]})"),
            "Value of anything-but must be an array or single string/number value.");
  EXPECT_EQ(reason(R"({"a":[{"numeric":[">",5,"<",1]}]})"), "Bottom must be less than top");
  EXPECT_EQ(reason(R"({"a":[{"numeric":[">=",5,"<=",5]}]})"), "Bottom must be less than top");
  EXPECT_EQ(reason(R"({"a":[{"numeric":["<",5,">",1]}]})"),
            "Too many elements in numeric expression");
  EXPECT_EQ(reason(R"({"a":[{"numeric":["gt",5]}]})"), "Unrecognized numeric range operator: gt");
  EXPECT_EQ(reason(R"({"a":[{"numeric":["=",1,"<",5]}]})"),
            "Too many elements in numeric expression");
  EXPECT_EQ(reason(R"({"a":[{"numeric":[">",0,"<",5,"<",6]}]})"),
            "Too many terms in numeric range expression");
  EXPECT_EQ(reason(R"({"a":[{"numeric":[]}]})"), "Invalid member in numeric match: ]");
  EXPECT_EQ(reason(R"({"a":[{"numeric":[">",0,">=",1]}]})"), "Bad numeric range operator: >=");
  EXPECT_EQ(reason(R"({"a":[{"numeric":[">",12345678901234567890]}]})"),
            "Cannot compare number : 12345678901234567890");
  EXPECT_EQ(reason(R"({"a":[{"cidr":"10.0.0.0/-1"}]})"),
            "Malformed CIDR, mask bits must not be negative");
  EXPECT_EQ(reason(R"({"a":[{"cidr":"10.0.0.256/8"}]})"), "Invalid IP address: 10.0.0.256");
  EXPECT_EQ(reason(R"({"a":[{"cidr":"10.0.0.1/32"}]})"), "IPv4 mask bits must be < 32");
  EXPECT_EQ(reason(R"({"a":[{"cidr":"::1/128"}]})"), "IPv6 mask bits must be < 128");
  EXPECT_EQ(reason(R"({"a":[{"wildcard":"he*\\**"}]})"), "<accepted>");
}

TEST(Validation, Limits) {
  std::string big = R"({"a":[")" + std::string(5000, 'x') + R"("]})";
  EXPECT_EQ(reason(big), "Event pattern is longer than 4096 characters");
  CompileOptions unlimited;
  unlimited.max_pattern_chars = 0;
  EXPECT_EQ(reason(big, unlimited), "<accepted>");

  // 11 x 11 x 11 $or combinations exceed AWS's 1000.
  std::string ors = "{";
  for (int g = 0; g < 3; ++g) {
    ors += std::string(g ? "," : "") + "\"k" + std::to_string(g) + "\":{\"$or\":[";
    for (int i = 0; i < 11; ++i)
      ors += std::string(i ? "," : "") + "{\"f" + std::to_string(i) + "\":[1]}";
    ors += "]}";
  }
  ors += "}";
  EXPECT_EQ(reason(ors), "The number of $or combinations exceeds 1000");
  EXPECT_EQ(
      reason(R"({"a":[{"wildcard":"*:*:*:*:*:event-bus/*"}]})"),
      "Rule is too complex - try using fewer wildcard characters or fewer repeating character "
      "sequences after a wildcard character");
  EXPECT_EQ(reason(R"({"a":[{"wildcard":"arn:aws:events:us-east-1:*:event-bus/*"}]})"),
            "<accepted>");
}

TEST(Validation, MessageNamesTheField) {
  auto p = compile_pattern("{\"detail\":{\"state\":[{\"prefix\":1}]}}");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("field: \"detail.state\""), std::string::npos)
      << p.error().message;
  EXPECT_NE(p.error().message.find("line: 1, column: 31"), std::string::npos) << p.error().message;
}

TEST(Validation, JsonSyntax) {
  EXPECT_EQ(reason(R"({"a":["x"])"), "Unexpected end-of-input: expected close marker for Object");
  EXPECT_EQ(
      reason(R"({"a":["x"],})"),
      "Unexpected character ('}' (code 125)): was expecting double-quote to start field name");
  EXPECT_EQ(reason(R"({"a" ["x"]})"),
            "Unexpected character ('[' (code 91)): was expecting a colon to separate field name "
            "and value");
  EXPECT_EQ(reason("{\"a\":[\"x\"]} x"),
            "Unexpected character ('x' (code 120)): expected end of input");
  EXPECT_EQ(reason("{\"a\":[01]}"), "Invalid numeric value: Leading zeroes not allowed");
  EXPECT_EQ(reason("{\"a\":[\"\xff\"]}"), "Invalid UTF-8 start byte 0xFF");
}

TEST(Validation, DeepNestingIsRejectedNotRecursed) {
  CompileOptions unlimited;
  unlimited.max_pattern_chars = 0;
  std::string deep(100000, '[');
  EXPECT_NE(reason("{\"a\":" + deep, unlimited), "<accepted>");
}

TEST(Validation, InvalidEventIsAnError) {
  auto p = compile_pattern(R"({"a":["x"]})");
  ASSERT_TRUE(p);
  EXPECT_FALSE(test_pattern(*p, "not json"));
  EXPECT_FALSE(test_pattern(*p, "[1,2]"));
  EXPECT_FALSE(test_pattern(*p, R"({"a":"x"} trailing)"));
  Matcher m;
  ASSERT_TRUE(m.add_pattern("p", R"({"a":["x"]})"));
  EXPECT_FALSE(m.match("{\"a\":"));
  EXPECT_FALSE(m.match("\"str\""));
}

}  // namespace
}  // namespace certflow::events::pattern
