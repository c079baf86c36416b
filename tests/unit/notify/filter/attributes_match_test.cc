// MessageAttributes scope: typed attributes against policies, with the examples of the SNS
// string/numeric/key matching pages and AWS's recorded deliveries (spec §§2.1, 3, 4).
#include "filter_test_support.h"
#include "notify/filter/attributes.h"

namespace certflow::notify::filter::testing {
namespace {

TEST(AttributeMatching, StringsMatchExactlyAndCaseSensitively) {
  const char* policy = R"({"customer_interests":["rugby","tennis"]})";
  EXPECT_TRUE(passes(policy, {{"customer_interests", str("rugby")}}));
  EXPECT_TRUE(passes(policy, {{"customer_interests", str("tennis")}}));
  EXPECT_FALSE(passes(policy, {{"customer_interests", str("baseball")}}));
  EXPECT_FALSE(passes(policy, {{"customer_interests", str("Rugby")}}));
}

TEST(AttributeMatching, EveryKeyMustMatchAndOthersAreIgnored) {
  const char* policy = R"({"store":["example_corp"],"event":["order_placed"]})";
  EXPECT_TRUE(passes(
      policy,
      {{"store", str("example_corp")}, {"event", str("order_placed")}, {"unrelated", str("x")}}));
  EXPECT_FALSE(passes(policy, {{"store", str("example_corp")}, {"event", str("order_cancelled")}}));
  EXPECT_FALSE(passes(policy, {{"store", str("example_corp")}}));
}

TEST(AttributeMatching, NumberRangesMatchNumberAttributes) {
  // Recorded: 99 delivered, 111 not.
  const char* policy = R"({"attr1":[{"numeric":[">",0,"<=",100]}]})";
  EXPECT_TRUE(passes(policy, {{"attr1", num("99")}}));
  EXPECT_FALSE(passes(policy, {{"attr1", num("111")}}));
  EXPECT_TRUE(passes(policy, {{"attr1", num("100")}}));
  EXPECT_FALSE(passes(policy, {{"attr1", num("0")}}));
  // A String holding digits is a string.
  EXPECT_FALSE(passes(policy, {{"attr1", str("99")}}));
}

TEST(AttributeMatching, NumbersCompareByValue) {
  EXPECT_TRUE(passes(R"({"price":[2048]})", {{"price", num("2.048e3")}}));
  EXPECT_TRUE(passes(R"({"price":[{"numeric":["=",2048]}]})", {{"price", num("2.048e3")}}));
  EXPECT_TRUE(passes(R"({"price":[301.5]})", {{"price", num("301.50")}}));
  EXPECT_TRUE(passes(R"({"price":[50]})", {{"price", num("+0050")}}));  // zeros trimmed
  EXPECT_FALSE(passes(R"({"price":[2049]})", {{"price", num("2.048e3")}}));
  EXPECT_TRUE(passes(R"({"price":[{"numeric":["<",0]}]})", {{"price", num("-1e-3")}}));
}

TEST(AttributeMatching, NumberTextBecomesAJsonNumber) {
  EXPECT_EQ(detail::number_literal("2.048e3"), "2.048e3");
  EXPECT_EQ(detail::number_literal(" +007.50 "), "7.50");
  EXPECT_EQ(detail::number_literal(".5"), "0.5");
  EXPECT_EQ(detail::number_literal("5."), "5");
  EXPECT_EQ(detail::number_literal("-0"), "-0");
  EXPECT_EQ(detail::number_literal("1E+2"), "1e+2");
  EXPECT_FALSE(detail::number_literal("12abc"));
  EXPECT_FALSE(detail::number_literal("."));
  EXPECT_FALSE(detail::number_literal("1e"));
  EXPECT_FALSE(detail::number_literal(""));
}

TEST(AttributeMatching, StringArraysMatchElementWise) {
  // Recorded: ["value1","value2"] delivered, ["value2","value3"] not.
  const char* policy = R"({"store":["value1"]})";
  EXPECT_TRUE(passes(policy, {{"store", arr(R"(["value1","value2"])")}}));
  EXPECT_FALSE(passes(policy, {{"store", arr(R"(["value2","value3"])")}}));
  EXPECT_TRUE(passes(R"({"n":[{"numeric":[">",10]}]})", {{"n", arr("[1,20]")}}));
  EXPECT_TRUE(passes(R"({"b":[true]})", {{"b", arr("[false,true,null]")}}));
  EXPECT_TRUE(passes(R"({"b":[null]})", {{"b", arr("[false,true,null]")}}));
  // Objects are no String.Array elements.
  EXPECT_FALSE(passes(R"({"a":[{"exists":true}]})", {{"a", arr(R"([{"x":1}])")}}));
}

TEST(AttributeMatching, BinaryAttributesAreIgnored) {
  EXPECT_FALSE(passes(R"({"img":[{"exists":true}]})", {{"img", bin("AAEC")}}));
  EXPECT_TRUE(passes(R"({"img":[{"exists":false}]})", {{"img", bin("AAEC")}}));
  EXPECT_FALSE(passes(R"({"img":["AAEC"]})", {{"img", bin("AAEC")}}));
}

TEST(AttributeMatching, CustomTypeLabelsKeepTheirBaseType) {
  EXPECT_TRUE(passes(R"({"n":[{"numeric":[">",1]}]})", {{"n", {"Number.float", "1.5"}}}));
  EXPECT_TRUE(passes(R"({"s":["x"]})", {{"s", {"String.custom", "x"}}}));
  EXPECT_FALSE(passes(R"({"b":[{"exists":true}]})", {{"b", {"Binary.jpg", "AA=="}}}));
}

TEST(AttributeMatching, PrefixSuffixAndIgnoreCaseApplyToStrings) {
  EXPECT_TRUE(passes(R"({"c":[{"prefix":"bas"}]})", {{"c", str("baseball")}}));
  EXPECT_FALSE(passes(R"({"c":[{"prefix":"bas"}]})", {{"c", str("rugby")}}));
  EXPECT_FALSE(passes(R"({"c":[{"prefix":"10"}]})", {{"c", num("100")}}));  // never a number
  EXPECT_TRUE(passes(R"({"c":[{"suffix":"ball"}]})", {{"c", str("baseball")}}));
  EXPECT_FALSE(passes(R"({"c":[{"suffix":"ball"}]})", {{"c", str("rugby")}}));
  EXPECT_TRUE(passes(R"({"c":[{"equals-ignore-case":"tennis"}]})", {{"c", str("TeNNis")}}));
  EXPECT_TRUE(passes(R"({"c":[{"prefix":"bas"}]})", {{"c", arr(R"(["rugby","basketball"])")}}));
  EXPECT_TRUE(passes(R"({"c":[{"wildcard":"*ball"}]})", {{"c", str("football")}}));
}

TEST(AttributeMatching, AnythingButMatchesPresentValuesNotListed) {
  const char* policy = R"({"customer_interests":[{"anything-but":["rugby","tennis"]}]})";
  EXPECT_TRUE(passes(policy, {{"customer_interests", str("baseball")}}));
  EXPECT_FALSE(passes(policy, {{"customer_interests", str("rugby")}}));
  // The worked example: an array holding one value that is not listed passes.
  EXPECT_TRUE(passes(policy, {{"customer_interests", arr(R"(["rugby","baseball"])")}}));
  EXPECT_FALSE(passes(policy, {{"customer_interests", arr(R"(["rugby","tennis"])")}}));
  EXPECT_FALSE(passes(policy, {}));
}

TEST(AttributeMatching, AnythingButNumericListsCompareNumerically) {
  const char* policy = R"({"price":[{"anything-but":[100,500]}]})";
  EXPECT_FALSE(passes(policy, {{"price", num("100")}}));
  EXPECT_FALSE(passes(policy, {{"price", num("1e2")}}));
  EXPECT_TRUE(passes(policy, {{"price", num("100.1")}}));
  EXPECT_FALSE(passes(policy, {{"price", arr("[100,500]")}}));
}

TEST(AttributeMatching, AnythingButPrefixAndSuffix) {
  EXPECT_FALSE(
      passes(R"({"id":[{"anything-but":{"prefix":"order-"}}]})", {{"id", str("order-1")}}));
  EXPECT_TRUE(passes(R"({"id":[{"anything-but":{"prefix":"order-"}}]})", {{"id", str("inv-1")}}));
  EXPECT_FALSE(passes(R"({"s":[{"anything-but":{"suffix":"ball"}}]})", {{"s", str("football")}}));
  EXPECT_TRUE(passes(R"({"s":[{"anything-but":{"suffix":"ball"}}]})", {{"s", str("rugby")}}));
}

TEST(AttributeMatching, AMissingKeyOnlyMatchesExistsFalse) {
  // Recorded: [null, {"anything-but": "whatever"}] with no attributes is not delivered.
  EXPECT_FALSE(passes(R"({"attr1":[null,{"anything-but":"whatever"}]})", {}));
  EXPECT_FALSE(passes(R"({"attr1":[{"anything-but":"whatever"}]})", {}));
  EXPECT_FALSE(passes(R"({"attr1":[{"numeric":[">",0]}]})", {}));
  EXPECT_FALSE(passes(R"({"attr1":[{"exists":true}]})", {}));
  EXPECT_TRUE(passes(R"({"attr1":[{"exists":false}]})", {}));
}

TEST(AttributeMatching, ExistsSeesNumberAttributes) {
  // Recorded: store=Number 99 delivered for exists:true, refused for exists:false.
  EXPECT_TRUE(passes(R"({"store":[{"exists":true}]})", {{"store", num("99")}, {"def", num("99")}}));
  EXPECT_FALSE(passes(R"({"store":[{"exists":true}]})", {{"attr1", num("111")}}));
  EXPECT_TRUE(passes(R"({"store":[{"exists":false}]})", {{"def", num("99")}}));
  EXPECT_FALSE(passes(R"({"store":[{"exists":false}]})", {{"store", num("99")}}));
}

TEST(AttributeMatching, AnythingButCombinesWithExistsFalse) {
  const char* policy = R"({"user":[{"anything-but":["root"]},{"exists":false}]})";
  EXPECT_TRUE(passes(policy, {}));
  EXPECT_TRUE(passes(policy, {{"user", str("alice")}}));
  EXPECT_FALSE(passes(policy, {{"user", str("root")}}));
}

TEST(AttributeMatching, CidrMatchesIpv4RangesInclusively) {
  const char* policy = R"({"source_ip":[{"cidr":"10.0.0.0/24"}]})";
  EXPECT_TRUE(passes(policy, {{"source_ip", str("10.0.0.0")}}));
  EXPECT_TRUE(passes(policy, {{"source_ip", str("10.0.0.255")}}));
  EXPECT_TRUE(passes(policy, {{"source_ip", str("10.0.0.17")}}));
  EXPECT_FALSE(passes(policy, {{"source_ip", str("10.0.1.1")}}));
  EXPECT_FALSE(passes(policy, {{"source_ip", str("10.0.0.256")}}));
}

TEST(AttributeMatching, CidrMatchesIpv6IncludingUncompressedForms) {
  const char* policy = R"({"ip":[{"cidr":"2001:db8:1234:1a00::/64"}]})";
  EXPECT_TRUE(passes(policy, {{"ip", str("2001:0db8:1234:1a00:0000:0000:0000:0000")}}));
  EXPECT_TRUE(passes(policy, {{"ip", str("2001:db8:1234:1a00::1")}}));
  EXPECT_TRUE(passes(policy, {{"ip", str("2001:db8:1234:1a00:ffff:ffff:ffff:ffff")}}));
  EXPECT_FALSE(passes(policy, {{"ip", str("2001:db8:1234:1a01::")}}));
  EXPECT_FALSE(passes(policy, {{"ip", str("10.0.0.1")}}));
}

TEST(AttributeMatching, OrCombinesWholeSubPolicies) {
  const char* policy = R"({"source":["aws.cloudwatch"],"$or":[)"
                       R"({"metricName":["CPUUtilization"]},{"namespace":["AWS/EC2"]}]})";
  EXPECT_TRUE(passes(policy, {{"source", str("aws.cloudwatch")}, {"namespace", str("AWS/EC2")}}));
  EXPECT_TRUE(
      passes(policy, {{"source", str("aws.cloudwatch")}, {"metricName", str("CPUUtilization")}}));
  EXPECT_FALSE(passes(policy, {{"source", str("aws.cloudwatch")}, {"namespace", str("AWS/S3")}}));
  EXPECT_FALSE(passes(policy, {{"namespace", str("AWS/EC2")}}));
}

TEST(AttributeMatching, OrWithOperatorObjectsIsAnAttributeName) {
  // Not an OR: the array's objects are match expressions, so "$or" names an attribute.
  const char* policy = R"({"$or":[{"numeric":[">",100]},{"prefix":"abc"}]})";
  EXPECT_TRUE(passes(policy, {{"$or", str("abcd")}}));
  EXPECT_TRUE(passes(policy, {{"$or", num("101")}}));
  EXPECT_FALSE(passes(policy, {{"$or", str("xyz")}}));
  EXPECT_FALSE(passes(policy, {{"numeric", num("101")}}));
}

TEST(AttributeMatching, DottedAttributeNamesAreLiteral) {
  const char* policy = R"({"cert.status":["EXPIRED"]})";
  EXPECT_TRUE(passes(policy, {{"cert.status", str("EXPIRED")}}));
  EXPECT_FALSE(passes(policy, {{"cert", str("EXPIRED")}}));
  EXPECT_FALSE(passes(policy, {{"status", str("EXPIRED")}}));
}

TEST(AttributeMatching, TypesDoNotCrossBetweenStringsAndNumbers) {
  EXPECT_FALSE(passes(R"({"n":["100"]})", {{"n", num("100")}}));
  EXPECT_FALSE(passes(R"({"n":[100]})", {{"n", str("100")}}));
  EXPECT_TRUE(passes(R"({"n":[100]})", {{"n", arr("[100]")}}));
  EXPECT_TRUE(passes(R"({"n":["100"]})", {{"n", arr(R"(["100"])")}}));
}

TEST(AttributeMatching, AnEmptyStringArrayIsAbsent) {
  EXPECT_FALSE(passes(R"({"a":[{"exists":true}]})", {{"a", arr("[]")}}));
  EXPECT_TRUE(passes(R"({"a":[{"exists":false}]})", {{"a", arr("[]")}}));
}

TEST(AttributeMatching, EmptyStringsMatchTheEmptyString) {
  EXPECT_TRUE(passes(R"({"s":[""]})", {{"s", str("")}}));
  EXPECT_FALSE(passes(R"({"s":[""]})", {{"s", str(" ")}}));
}

TEST(AttributeMatching, TheBodyIsNotConsultedInAttributeScope) {
  auto policy = must_compile(R"({"kind":["expiry"]})", Scope::kMessageAttributes);
  EXPECT_FALSE(policy.matches(R"({"kind":"expiry"})", {}));
  EXPECT_TRUE(policy.matches("not json at all", {{"kind", str("expiry")}}));
}

TEST(AttributeMatching, AttributeEventIsAFlatObject) {
  EXPECT_EQ(detail::attribute_event({{"a", str("x\"y")},
                                     {"b", num("2.048e3")},
                                     {"c", arr(R"(["p", 1, {"o":1}, [true]])")},
                                     {"d", bin("AA")},
                                     {"e.f", num("nope")}}),
            R"({"a":"x\"y","b":2.048e3,"c":["p",1,[true]],"e.f":"nope"})");
  EXPECT_EQ(detail::attribute_event({{"bad", arr("not json")}}), "{}");
}

}  // namespace
}  // namespace certflow::notify::filter::testing
