#include "events/transform/json_path.h"

#include <gtest/gtest.h>

namespace certflow::events::transform {
namespace {

using nlohmann::json;

const json kEvent = json::parse(R"({"detail":{"a-b":{"c_d":[10,20,{"e":"x"}]},"n":null},
                                    "resources":["r1","r2"],"time":"t"})");

std::optional<json> at(const std::string& path) {
  auto parsed = parse_json_path(path);
  EXPECT_TRUE(parsed) << path << ": " << parsed.error().message;
  return parsed ? select(kEvent, *parsed) : std::nullopt;
}

TEST(JsonPathTest, SelectsByNameIndexAndWildcard) {
  EXPECT_EQ(at("$"), kEvent);
  EXPECT_EQ(at("$.time"), json("t"));
  EXPECT_EQ(at("$.detail.a-b.c_d[1]"), json(20));
  EXPECT_EQ(at("$.detail.a-b.c_d[2].e"), json("x"));
  EXPECT_EQ(at("$.resources[*]"), json::parse(R"(["r1","r2"])"));
  EXPECT_EQ(at("$.resources.*"), json::parse(R"(["r1","r2"])"));
  EXPECT_EQ(at("$.detail.n"), json(nullptr));  // present, null
}

TEST(JsonPathTest, MissingValuesAreAbsent) {
  EXPECT_FALSE(at("$.nope").has_value());
  EXPECT_FALSE(at("$.resources[5]").has_value());
  EXPECT_FALSE(at("$.time.deeper").has_value());
  EXPECT_FALSE(at("$.detail.n[*]").has_value());
}

TEST(JsonPathTest, MalformedPathsAreRefusedWithAHint) {
  for (const char* bad : {"", "detail", "$.", "$..a", "$[", "$['a']", "$[-1]", "$.a b", "$[1"}) {
    auto parsed = parse_json_path(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kValidation);
    EXPECT_NE(parsed.error().message.find("$.detail"), std::string::npos);
  }
}

}  // namespace
}  // namespace certflow::events::transform
