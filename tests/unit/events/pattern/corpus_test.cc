// The conformance corpus (../shared/reference/pattern-corpus.jsonl, schema in
// eventbridge-patterns.md §10): every match case must give its expected result and every
// invalid pattern must be rejected with AWS's message (event-ruler's where AWS's is unknown).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "events/pattern/pattern.h"

namespace certflow::events::pattern {
namespace {

struct CorpusCase {
  nlohmann::json json;
  std::string id;
};

std::vector<CorpusCase> load_corpus() {
  std::vector<CorpusCase> cases;
  std::ifstream in(std::string(CERTFLOW_REFERENCE_DIR) + "/pattern-corpus.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    cases.push_back({j, j.at("id").get<std::string>()});
  }
  return cases;
}

std::string text_of(const nlohmann::json& c, const char* text_key, const char* parsed_key) {
  if (c.contains(text_key)) return c.at(text_key).get<std::string>();
  return c.at(parsed_key).dump();
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

class Corpus : public ::testing::TestWithParam<CorpusCase> {};

TEST_P(Corpus, CaseHolds) {
  const nlohmann::json& c = GetParam().json;
  if (c.contains("invalid_pattern")) {
    const std::string text = text_of(c, "invalid_pattern_text", "invalid_pattern");
    auto compiled = compile_pattern(text);
    ASSERT_FALSE(compiled) << "accepted an invalid pattern: " << text;
    EXPECT_EQ(compiled.error().code, ErrorCode::kValidation);
    std::string expected;
    if (c.contains("aws_error")) {
      expected = c.at("aws_error").get<std::string>();
    } else {
      expected =
          "Event pattern is not valid. Reason: " + c.at("event_ruler_error").get<std::string>();
    }
    EXPECT_EQ(first_line(compiled.error().message), expected) << text;
    return;
  }
  const std::string pattern = text_of(c, "pattern_text", "pattern");
  const std::string event = text_of(c, "event_text", "event");
  auto compiled = compile_pattern(pattern);
  ASSERT_TRUE(compiled) << compiled.error().message;
  auto matched = test_pattern(*compiled, event);
  ASSERT_TRUE(matched) << matched.error().message;
  EXPECT_EQ(*matched, c.at("match").get<bool>()) << "pattern " << pattern << "\nevent " << event;

  // The shared matcher must agree with the one-pattern path.
  Matcher m;
  ASSERT_TRUE(m.add_pattern("p", pattern));
  auto names = m.match(event);
  ASSERT_TRUE(names);
  EXPECT_EQ(!names->empty(), c.at("match").get<bool>());
}

INSTANTIATE_TEST_SUITE_P(PatternCorpus, Corpus, ::testing::ValuesIn(load_corpus()),
                         [](const ::testing::TestParamInfo<CorpusCase>& info) {
                           std::string name;
                           for (char ch : info.param.id) {
                             name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                           }
                           return name + "_" + std::to_string(info.index);
                         });

TEST(CorpusFile, HasAllCases) { EXPECT_EQ(load_corpus().size(), 373u); }

}  // namespace
}  // namespace certflow::events::pattern
