// Every operator and its edge cases, as (pattern, event, expected) rows. Each row runs through
// the one-pattern path and through a shared Matcher holding every row's pattern at once.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "events/pattern/pattern.h"

namespace certflow::events::pattern {
namespace {

struct Row {
  const char* name;
  const char* pattern;
  const char* event;
  bool match;
};

const std::vector<Row>& rows() {
  static const std::vector<Row> kRows = {
      // Exact values and types.
      {"StringExact", R"({"a":["x"]})", R"({"a":"x"})", true},
      {"StringIsCaseSensitive", R"({"a":["x"]})", R"({"a":"X"})", false},
      {"EmptyStringOnlyMatchesEmpty", R"({"a":[""]})", R"({"a":"x"})", false},
      {"EmptyStringMatchesEmpty", R"({"a":[""]})", R"({"a":""})", true},
      {"UnicodeEscapeEqualsLiteral", R"({"a":["\u00e9"]})", R"({"a":"é"})", true},
      {"EscapesInEventString", R"({"a":["é\"x\\"]})", R"({"a":"\u00e9\"x\\"})", true},
      {"EscapedEventStringDiffers", R"({"a":["ex"]})", R"({"a":"e\u0078y"})", false},
      {"EscapedEventKey", R"({"ab":["x"]})", R"({"a\u0062":"x"})", true},
      {"SurrogatePairEscape", R"({"a":["\ud83d\ude80"]})", R"({"a":"🚀"})", true},
      {"NumberByValue", R"({"a":[300]})", R"({"a":300.0})", true},
      {"NumberExponent", R"({"a":[3.0e2]})", R"({"a":300})", true},
      {"NumberOneE2", R"({"a":[1e2]})", R"({"a":100.0})", true},
      {"NegativeZeroIsZero", R"({"a":[0]})", R"({"a":-0.0})", true},
      {"NumberIsNotString", R"({"a":[3]})", R"({"a":"3"})", false},
      {"StringIsNotNumber", R"({"a":["3"]})", R"({"a":3})", false},
      {"NonComparableMatchesSameText", R"({"a":[12345678901234567890]})",
       R"({"a":12345678901234567890})", true},
      {"NonComparableNotByValue", R"({"a":[12345678901234567890]})",
       R"({"a":1.2345678901234567e19})", false},
      {"TrueIsNotString", R"({"a":[true]})", R"({"a":"true"})", false},
      {"TrueMatchesTrue", R"({"a":[true]})", R"({"a":true})", true},
      {"FalseMatchesFalse", R"({"a":[false]})", R"({"a":false})", true},
      {"NullMatchesNull", R"({"a":[null]})", R"({"a":null})", true},
      {"NullNotMissing", R"({"a":[null]})", R"({"b":1})", false},
      {"NullNotEmptyString", R"({"a":[null]})", R"({"a":""})", false},
      {"NullInsideArray", R"({"a":[null]})", R"({"a":[1,null]})", true},
      // Nesting and arrays.
      {"Nested", R"({"a":{"b":["x"]}})", R"({"a":{"b":"x"}})", true},
      {"DottedKeyInPattern", R"({"a.b":["x"]})", R"({"a":{"b":"x"}})", true},
      {"DottedKeyInEvent", R"({"a":{"b":["x"]}})", R"({"a.b":"x"})", true},
      {"LeafPatternVsObject", R"({"a":["x"]})", R"({"a":{"b":"x"}})", false},
      {"ObjectPatternVsLeaf", R"({"a":{"b":["x"]}})", R"({"a":"x"})", false},
      {"KeysCaseSensitive", R"({"A":["x"]})", R"({"a":"x"})", false},
      {"JsonInStringNotParsed", R"({"a":{"k":["v"]}})", R"({"a":"{\"k\":\"v\"}"})", false},
      {"EventArrayAnyElement", R"({"a":["x"]})", R"({"a":["y","x"]})", true},
      {"EventArrayNoElement", R"({"a":["x"]})", R"({"a":["y","z"]})", false},
      {"EmptyEventArray", R"({"a":["x"]})", R"({"a":[]})", false},
      {"NestedEventArrays", R"({"a":["x"]})", R"({"a":[["y",["x"]]]})", true},
      {"ArrayOfObjects", R"({"a":{"b":["x"]}})", R"({"a":[{"b":"y"},{"b":"x"}]})", true},
      {"ArrayConsistencySameElement", R"({"e":{"f":["Anna"],"l":["Jones"]}})",
       R"({"e":[{"f":"Anna","l":"Jones"},{"f":"Bob","l":"Smith"}]})", true},
      {"ArrayConsistencyDifferentElements", R"({"e":{"f":["Anna"],"l":["Jones"]}})",
       R"({"e":[{"f":"Anna","l":"Smith"},{"f":"Bob","l":"Jones"}]})", false},
      {"ArrayConsistencyExistsFalse", R"({"e":{"f":["Anna"],"ids":[{"exists":false}]}})",
       R"({"e":[{"f":"Anna"},{"f":"Bob","ids":[1]}]})", true},
      {"ArrayConsistencyExistsFalseOwnElement", R"({"e":{"f":["Anna"],"ids":[{"exists":false}]}})",
       R"({"e":[{"f":"Anna","ids":[2]},{"f":"Bob"}]})", false},
      {"DeepNesting", R"({"a":{"b":{"c":{"d":{"e":{"f":{"g":["x"]}}}}}}})",
       R"({"a":{"b":{"c":{"d":{"e":{"f":{"g":"x"}}}}}}})", true},
      {"OtherFieldsIgnored", R"({"a":["x"]})", R"({"a":"x","b":{"c":[1,2,{"d":null}]}})", true},
      {"DuplicateKeyLastWins", "{\"a\":[\"x\"],\"a\":[\"y\"]}", R"({"a":"y"})", true},
      {"DuplicateKeyFirstLoses", "{\"a\":[\"x\"],\"a\":[\"y\"]}", R"({"a":"x"})", false},
      {"EscapedKey", R"({"a\"b":["x"]})", R"({"a\"b":"x"})", true},
      // prefix / suffix.
      {"Prefix", R"({"a":[{"prefix":"ab"}]})", R"({"a":"abc"})", true},
      {"PrefixWhole", R"({"a":[{"prefix":"abc"}]})", R"({"a":"abc"})", true},
      {"PrefixNotNumbers", R"({"a":[{"prefix":"1"}]})", R"({"a":123})", false},
      {"PrefixEmptyMatchesAnyString", R"({"a":[{"prefix":""}]})", R"({"a":""})", true},
      {"PrefixCaseSensitive", R"({"a":[{"prefix":"AB"}]})", R"({"a":"abc"})", false},
      {"PrefixIgnoreCase", R"({"a":[{"prefix":{"equals-ignore-case":"AB"}}]})", R"({"a":"abc"})",
       true},
      {"PrefixIgnoreCaseUnicode", R"({"a":[{"prefix":{"equals-ignore-case":"É"}}]})",
       R"({"a":"éa"})", true},
      {"Suffix", R"({"a":[{"suffix":".png"}]})", R"({"a":"x.png"})", true},
      {"SuffixMiss", R"({"a":[{"suffix":".png"}]})", R"({"a":"x.PNG"})", false},
      {"SuffixIgnoreCase", R"({"a":[{"suffix":{"equals-ignore-case":".png"}}]})",
       R"({"a":"x.PNG"})", true},
      // equals-ignore-case, with event-ruler's asymmetric rule.
      {"IgnoreCase", R"({"a":[{"equals-ignore-case":"alice"}]})", R"({"a":"ALICE"})", true},
      {"IgnoreCaseLength", R"({"a":[{"equals-ignore-case":"alice"}]})", R"({"a":"ALICEs"})", false},
      {"IgnoreCaseSharpS", R"({"a":[{"equals-ignore-case":"straße"}]})", R"({"a":"STRASSE"})",
       true},
      {"IgnoreCaseSharpSReverse", R"({"a":[{"equals-ignore-case":"STRASSE"}]})",
       R"({"a":"straße"})", false},
      {"IgnoreCaseGreek", R"({"a":[{"equals-ignore-case":"σας"}]})", R"({"a":"ΣΑΣ"})", true},
      {"IgnoreCaseGreekReverse", R"({"a":[{"equals-ignore-case":"ΣΑΣ"}]})", R"({"a":"σας"})",
       false},
      {"IgnoreCaseNotNumbers", R"({"a":[{"equals-ignore-case":"1"}]})", R"({"a":1})", false},
      // anything-but.
      {"AnythingButString", R"({"a":[{"anything-but":"x"}]})", R"({"a":"y"})", true},
      {"AnythingButExcluded", R"({"a":[{"anything-but":"x"}]})", R"({"a":"x"})", false},
      {"AnythingButMissing", R"({"a":[{"anything-but":"x"}]})", R"({"b":"x"})", false},
      {"AnythingButNull", R"({"a":[{"anything-but":"x"}]})", R"({"a":null})", true},
      {"AnythingButOtherType", R"({"a":[{"anything-but":"5"}]})", R"({"a":5})", true},
      {"AnythingButNumberByValue", R"({"a":[{"anything-but":[100,200]}]})", R"({"a":1e2})", false},
      {"AnythingButObject", R"({"a":[{"anything-but":"x"}]})", R"({"a":{"b":1}})", false},
      {"AnythingButArrayAny", R"({"a":[{"anything-but":"a"}]})", R"({"a":["a","b"]})", true},
      {"AnythingButArrayAll", R"({"a":[{"anything-but":"a"}]})", R"({"a":["a"]})", false},
      {"AnythingButEmptyArray", R"({"a":[{"anything-but":"a"}]})", R"({"a":[]})", false},
      {"AnythingButPrefix", R"({"a":[{"anything-but":{"prefix":"init"}}]})", R"({"a":"initial"})",
       false},
      {"AnythingButPrefixList", R"({"a":[{"anything-but":{"prefix":["init","te"]}}]})",
       R"({"a":"test"})", false},
      {"AnythingButPrefixNumber", R"({"a":[{"anything-but":{"prefix":"init"}}]})", R"({"a":12})",
       true},
      {"AnythingButSuffix", R"({"a":[{"anything-but":{"suffix":".txt"}}]})", R"({"a":"a.png"})",
       true},
      {"AnythingButIgnoreCase", R"({"a":[{"anything-but":{"equals-ignore-case":["X","y"]}}]})",
       R"({"a":"Y"})", false},
      {"AnythingButWildcard", R"({"a":[{"anything-but":{"wildcard":"*/lib/*"}}]})",
       R"({"a":"/usr/lib/x"})", false},
      {"AnythingButWildcardStar", R"({"a":[{"anything-but":{"wildcard":"*"}}]})", R"({"a":"x"})",
       false},
      {"AnythingButWildcardNumber", R"({"a":[{"anything-but":{"wildcard":"*1*"}}]})",
       R"({"a":123})", true},
      // numeric.
      {"NumericEquals", R"({"a":[{"numeric":["=",301.8]}]})", R"({"a":301.8})", true},
      {"NumericRange", R"({"a":[{"numeric":[">",0,"<=",5]}]})", R"({"a":5})", true},
      {"NumericRangeOpen", R"({"a":[{"numeric":[">",0,"<",5]}]})", R"({"a":5})", false},
      {"NumericNotString", R"({"a":[{"numeric":[">",0]}]})", R"({"a":"300"})", false},
      {"NumericBig", R"({"a":[{"numeric":[">",5e9]}]})", R"({"a":6e9})", true},
      {"NumericHuge", R"({"a":[{"numeric":[">",1e308]}]})", R"({"a":1.5e308})", true},
      {"NumericPrecision", R"({"a":[{"numeric":["=",0.3]}]})", R"({"a":0.30000000000000004})",
       false},
      {"NumericTiny", R"({"a":[{"numeric":["=",1e-7]}]})", R"({"a":0})", false},
      {"NumericNonComparableEvent", R"({"a":[{"numeric":[">",0]}]})",
       R"({"a":12345678901234567890})", false},
      {"NumericArrayAny", R"({"a":[{"numeric":["<",0]}]})", R"({"a":[3,-1]})", true},
      // exists.
      {"ExistsTrueScalar", R"({"a":[{"exists":true}]})", R"({"a":""})", true},
      {"ExistsTrueNull", R"({"a":[{"exists":true}]})", R"({"a":null})", true},
      {"ExistsTrueObject", R"({"a":[{"exists":true}]})", R"({"a":{"b":1}})", false},
      {"ExistsTrueEmptyArray", R"({"a":[{"exists":true}]})", R"({"a":[]})", false},
      {"ExistsFalseMissing", R"({"a":[{"exists":false}]})", R"({"b":1})", true},
      {"ExistsFalseNull", R"({"a":[{"exists":false}]})", R"({"a":null})", false},
      {"ExistsFalseObject", R"({"a":[{"exists":false}]})", R"({"a":{"b":1}})", true},
      {"ExistsFalseEmptyArray", R"({"a":[{"exists":false}]})", R"({"a":[]})", true},
      {"ExistsFalseMissingParent", R"({"a":{"b":[{"exists":false}]}})", R"({"c":1})", true},
      {"ExistsFalseOrValue", R"({"a":[{"exists":false},"x"]})", R"({"a":"x"})", true},
      {"ExistsFalseOrValueMiss", R"({"a":[{"exists":false},"x"]})", R"({"a":"y"})", false},
      // wildcard.
      {"WildcardStar", R"({"a":[{"wildcard":"*.png"}]})", R"({"a":"x.png"})", true},
      {"WildcardEmptyValue", R"({"a":[{"wildcard":"*"}]})", R"({"a":""})", true},
      {"WildcardTwoStars", R"({"a":[{"wildcard":"he*l*"}]})", R"({"a":"helxxlxx"})", true},
      {"WildcardEscapedStar", R"({"a":[{"wildcard":"hel\\*o"}]})", R"({"a":"hel*o"})", true},
      {"WildcardEscapedStarLiteral", R"({"a":[{"wildcard":"hel\\*o"}]})", R"({"a":"hello"})",
       false},
      {"WildcardEscapedBackslash", R"({"a":[{"wildcard":"a\\\\*"}]})", R"({"a":"a\\bc"})", true},
      {"WildcardNoStarIsExact", R"({"a":[{"wildcard":"abc"}]})", R"({"a":"abc"})", true},
      {"WildcardEmpty", R"({"a":[{"wildcard":""}]})", R"({"a":"x"})", false},
      {"WildcardNotNumbers", R"({"a":[{"wildcard":"1*"}]})", R"({"a":12})", false},
      {"WildcardOverlap", R"({"a":[{"wildcard":"ab*ba"}]})", R"({"a":"aba"})", false},
      // cidr.
      {"CidrV4", R"({"a":[{"cidr":"10.0.0.0/24"}]})", R"({"a":"10.0.0.200"})", true},
      {"CidrV4Miss", R"({"a":[{"cidr":"10.0.0.0/24"}]})", R"({"a":"10.0.1.1"})", false},
      {"CidrHostBitsSet", R"({"a":[{"cidr":"10.0.0.5/24"}]})", R"({"a":"10.0.0.200"})", true},
      {"CidrLeadingZero", R"({"a":[{"cidr":"10.0.0.0/24"}]})", R"({"a":"10.0.0.01"})", true},
      {"CidrPortNoMatch", R"({"a":[{"cidr":"10.0.0.0/24"}]})", R"({"a":"10.0.0.1:443"})", false},
      {"CidrBadOctet", R"({"a":[{"cidr":"10.0.0.0/24"}]})", R"({"a":"10.0.0.256"})", false},
      {"CidrNumber", R"({"a":[{"cidr":"10.0.0.0/8"}]})", R"({"a":10})", false},
      {"CidrV6Compressed", R"({"a":[{"cidr":"2001:db8::/32"}]})", R"({"a":"2001:DB8::1"})", true},
      {"CidrV6Expanded", R"({"a":[{"cidr":"2001:db8::/32"}]})",
       R"({"a":"2001:0db8:0000:0000:0000:0000:0000:0001"})", true},
      {"CidrMappedV4NotV4", R"({"a":[{"cidr":"10.0.0.0/8"}]})", R"({"a":"::ffff:10.0.0.1"})",
       false},
      // $or.
      {"OrFirst", R"({"$or":[{"a":["x"]},{"b":["y"]}]})", R"({"a":"x"})", true},
      {"OrSecond", R"({"$or":[{"a":["x"]},{"b":["y"]}]})", R"({"b":"y"})", true},
      {"OrNeither", R"({"$or":[{"a":["x"]},{"b":["y"]}]})", R"({"a":"y"})", false},
      {"OrNested", R"({"a":{"$or":[{"b":["1"]},{"c":["2"]}]}})", R"({"a":{"c":"2"}})", true},
      {"OrAndSibling", R"({"s":["k"],"$or":[{"a":["x"]},{"b":["y"]}]})", R"({"s":"j","a":"x"})",
       false},
      {"OrAsFieldName", R"({"$or":{"a":["x"]}})", R"({"$or":{"a":"x"}})", true},
      {"OrWithReservedIsField", R"({"$or":[{"prefix":"x"},{"suffix":"y"}]})", R"({"$or":"xy"})",
       true},
  };
  return kRows;
}

class Operators : public ::testing::TestWithParam<Row> {};

TEST_P(Operators, OnePattern) {
  const Row& r = GetParam();
  auto p = compile_pattern(r.pattern);
  ASSERT_TRUE(p) << p.error().message;
  auto m = test_pattern(*p, r.event);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(*m, r.match) << r.pattern << " vs " << r.event;
}

// All rows share one Matcher: each event must match exactly its own row's pattern when the row
// expects it, whatever the other patterns indexed on the same paths.
TEST(OperatorsShared, SharedMatcherAgreesWithEachRow) {
  Matcher m;
  for (const Row& r : rows()) ASSERT_TRUE(m.add_pattern(r.name, r.pattern)) << r.name;
  for (const Row& r : rows()) {
    auto names = m.match(r.event);
    ASSERT_TRUE(names) << names.error().message;
    const bool found = std::find(names->begin(), names->end(), r.name) != names->end();
    EXPECT_EQ(found, r.match) << r.name;
  }
}

INSTANTIATE_TEST_SUITE_P(Pattern, Operators, ::testing::ValuesIn(rows()),
                         [](const ::testing::TestParamInfo<Row>& info) { return info.param.name; });

}  // namespace
}  // namespace certflow::events::pattern
