// Condition operators and policy variables (iam-policy-eval.md §6, §7, §11).
#include <gtest/gtest.h>

#include "iam/policy.h"
#include "iam/policy_test_support.h"

namespace certflow::iam {
namespace {

using namespace testing;  // NOLINT

// Whether a policy allowing EventBridge to publish under `condition` allows `request`.
class ConditionTest : public ::testing::Test {
 protected:
  void use(const std::string& condition, const char* version = "2012-10-17") {
    policy_ = std::make_unique<Policy>(must_parse(std::string(R"({"Version":")") + version +
                                                  R"(","Statement":[{"Effect":"Allow",
        "Principal":"*","Action":"sns:Publish","Resource":"*","Condition":)" +
                                                  condition + "}]}"));
  }
  // The request carries exactly `context`.
  bool allows(std::map<std::string, std::string> context) {
    auto request = service_call("events.amazonaws.com", "sns:Publish", kTopic);
    request.context = std::move(context);
    return policy_->evaluate(request) == Decision::kAllow;
  }
  bool allows_multi(std::map<std::string, std::vector<std::string>> context) {
    auto request = service_call("events.amazonaws.com", "sns:Publish", kTopic);
    request.multivalued_context = std::move(context);
    return policy_->evaluate(request) == Decision::kAllow;
  }
  std::unique_ptr<Policy> policy_;
};

TEST_F(ConditionTest, StringEqualsIsCaseSensitiveAndOrsItsValues) {
  use(R"({"StringEquals":{"aws:SourceAccount":["111122223333","444455556666"]}})");
  EXPECT_TRUE(allows({{"aws:SourceAccount", "111122223333"}}));
  EXPECT_TRUE(allows({{"aws:SourceAccount", "444455556666"}}));
  EXPECT_FALSE(allows({{"aws:SourceAccount", "999988887777"}}));
  EXPECT_FALSE(allows({}));  // a missing key fails a positive operator

  use(R"({"StringEquals":{"aws:PrincipalTag/team":"Ops"}})");
  EXPECT_TRUE(allows({{"aws:PrincipalTag/team", "Ops"}}));
  EXPECT_FALSE(allows({{"aws:PrincipalTag/team", "ops"}}));
}

TEST_F(ConditionTest, KeyNamesAreCaseInsensitive) {
  use(R"({"StringEquals":{"AWS:SourceOwner":"111122223333"}})");
  EXPECT_TRUE(allows({{"aws:sourceowner", "111122223333"}}));
  EXPECT_TRUE(allows({{"AWS:SOURCEOWNER", "111122223333"}}));
}

TEST_F(ConditionTest, StringNotEqualsIsANorAndTrueWhenTheKeyIsMissing) {
  use(R"({"StringNotEquals":{"aws:SourceAccount":["111122223333","444455556666"]}})");
  EXPECT_FALSE(allows({{"aws:SourceAccount", "111122223333"}}));
  EXPECT_FALSE(allows({{"aws:SourceAccount", "444455556666"}}));
  EXPECT_TRUE(allows({{"aws:SourceAccount", "999988887777"}}));
  EXPECT_TRUE(allows({}));
}

TEST_F(ConditionTest, StringEqualsIgnoreCase) {
  use(R"({"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"Ops"}})");
  EXPECT_TRUE(allows({{"aws:PrincipalTag/team", "oPS"}}));
  EXPECT_FALSE(allows({{"aws:PrincipalTag/team", "ops2"}}));
  use(R"({"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"Ops"}})");
  EXPECT_FALSE(allows({{"aws:PrincipalTag/team", "OPS"}}));
  EXPECT_TRUE(allows({{"aws:PrincipalTag/team", "dev"}}));
}

TEST_F(ConditionTest, StringLikeAndStringNotLikeTakeWildcardsAnywhere) {
  use(R"({"StringLike":{"aws:SourceArn":["arn:aws:events:*:111122223333:rule/cert-*","x?z"]}})");
  EXPECT_FALSE(allows({{"aws:SourceArn", kRule}}));
  EXPECT_TRUE(
      allows({{"aws:SourceArn", "arn:aws:events:eu-west-1:111122223333:rule/cert-expiry"}}));
  EXPECT_TRUE(allows({{"aws:SourceArn", "xyz"}}));
  EXPECT_FALSE(allows({{"aws:SourceArn", "xz"}}));
  EXPECT_FALSE(allows({{"aws:SourceArn", "arn:aws:events:eu-west-1:111122223333:rule/Cert-x"}}));

  use(R"({"StringNotLike":{"aws:SourceArn":"arn:aws:events:*:999988887777:*"}})");
  EXPECT_TRUE(allows({{"aws:SourceArn", kRule}}));
  EXPECT_FALSE(allows({{"aws:SourceArn", "arn:aws:events:us-east-1:999988887777:rule/x"}}));
  EXPECT_TRUE(allows({}));
}

TEST_F(ConditionTest, ArnLikeMatchesComponentsWhereStringLikeSpansColons) {
  // The IAM guide's worked example.
  const std::string tricky = "arn:aws:events:us-east-1:999988887777:rule/x:111122223333:rule/y";
  use(R"({"StringLike":{"aws:SourceArn":"arn:aws:events:*:111122223333:rule/*"}})");
  EXPECT_TRUE(allows({{"aws:SourceArn", tricky}}));
  use(R"({"ArnLike":{"aws:SourceArn":"arn:aws:events:*:111122223333:rule/*"}})");
  EXPECT_FALSE(allows({{"aws:SourceArn", tricky}}));
  EXPECT_TRUE(allows({{"aws:SourceArn", kRule}}));
  EXPECT_FALSE(allows({{"aws:SourceArn", "not:an:arn"}}));
}

TEST_F(ConditionTest, ArnEqualsTakesWildcardsAndArnNotEqualsNegates) {
  use(R"({"ArnEquals":{"aws:SourceArn":"arn:aws:events:us-east-1:111122223333:rule/My*"}})");
  EXPECT_TRUE(allows({{"aws:SourceArn", kRule}}));
  EXPECT_FALSE(allows({{"aws:SourceArn", "arn:aws:events:us-east-1:111122223333:rule/my"}}));
  use(R"({"ArnNotEquals":{"aws:SourceArn":"arn:aws:events:us-east-1:111122223333:rule/MyRule"}})");
  EXPECT_FALSE(allows({{"aws:SourceArn", kRule}}));
  EXPECT_TRUE(allows({{"aws:SourceArn", "arn:aws:events:us-east-1:111122223333:rule/Other"}}));
  use(R"({"ArnNotLike":{"aws:SourceArn":"arn:aws:events:*:*:rule/*"}})");
  EXPECT_TRUE(allows({}));  // negated operator, key missing
  EXPECT_FALSE(allows({{"aws:SourceArn", kRule}}));
}

TEST_F(ConditionTest, BoolAcceptsStringsAndJsonBooleans) {
  use(R"({"Bool":{"aws:SecureTransport":"true"}})");
  EXPECT_TRUE(allows({{"aws:SecureTransport", "true"}}));
  EXPECT_FALSE(allows({{"aws:SecureTransport", "false"}}));
  EXPECT_FALSE(allows({}));
  use(R"({"Bool":{"aws:SecureTransport":false}})");
  EXPECT_TRUE(allows({{"aws:SecureTransport", "false"}}));
  EXPECT_FALSE(allows({{"aws:SecureTransport", "true"}}));
}

TEST_F(ConditionTest, KeysAndOperatorsAreAnded) {
  use(R"({"StringEquals":{"aws:SourceAccount":"111122223333","aws:PrincipalTag/team":"ops"},
          "ArnLike":{"aws:SourceArn":"arn:aws:events:*:111122223333:rule/*"}})");
  EXPECT_TRUE(allows({{"aws:SourceAccount", "111122223333"},
                      {"aws:PrincipalTag/team", "ops"},
                      {"aws:SourceArn", kRule}}));
  EXPECT_FALSE(allows({{"aws:SourceAccount", "111122223333"}, {"aws:SourceArn", kRule}}));
  EXPECT_FALSE(allows({{"aws:SourceAccount", "111122223333"},
                       {"aws:PrincipalTag/team", "ops"},
                       {"aws:SourceArn", "arn:aws:events:us-east-1:999988887777:rule/x"}}));
}

TEST_F(ConditionTest, IfExistsIsTrueWhenTheKeyIsMissing) {
  use(R"({"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}})");
  EXPECT_TRUE(allows({}));
  EXPECT_TRUE(allows({{"aws:SourceAccount", "111122223333"}}));
  EXPECT_FALSE(allows({{"aws:SourceAccount", "999988887777"}}));
}

TEST(ConditionDeny, StringNotEqualsIfExistsDenyStillDeniesWhenTheKeyIsMissing) {
  auto policy = must_parse(R"({"Statement":[
      {"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*"},
      {"Effect":"Deny","Principal":"*","Action":"sns:Publish","Resource":"*",
       "Condition":{"StringNotEqualsIfExists":{"aws:SourceAccount":"111122223333"}}}]})");
  EXPECT_EQ(policy.evaluate(service_call("events.amazonaws.com", "sns:Publish", kTopic)),
            Decision::kExplicitDeny);
  EXPECT_EQ(policy.evaluate(events_publish()), Decision::kAllow);  // SourceAccount = owner
  auto foreign = events_publish();
  foreign.context["aws:SourceAccount"] = kOtherAccount;
  EXPECT_EQ(policy.evaluate(foreign), Decision::kExplicitDeny);
}

TEST_F(ConditionTest, NullTestsPresence) {
  use(R"({"Null":{"aws:SourceArn":"false"}})");
  EXPECT_TRUE(allows({{"aws:SourceArn", kRule}}));
  EXPECT_FALSE(allows({}));
  use(R"({"Null":{"aws:TokenIssueTime":"true"}})");
  EXPECT_TRUE(allows({}));
  EXPECT_FALSE(allows({{"aws:TokenIssueTime", "2026-01-01T00:00:00Z"}}));
}

TEST_F(ConditionTest, NumericOperatorsCompareNumbers) {
  use(R"({"NumericLessThanEquals":{"aws:MultiFactorAuthAge":"3600"}})");
  EXPECT_TRUE(allows({{"aws:MultiFactorAuthAge", "3600"}}));
  EXPECT_TRUE(allows({{"aws:MultiFactorAuthAge", "59.5"}}));
  EXPECT_FALSE(allows({{"aws:MultiFactorAuthAge", "3601"}}));
  EXPECT_FALSE(allows({{"aws:MultiFactorAuthAge", "soon"}}));
  use(R"({"NumericGreaterThan":{"k:n":10}})");
  EXPECT_TRUE(allows({{"k:n", "10.5"}}));
  EXPECT_FALSE(allows({{"k:n", "10"}}));
  use(R"({"NumericNotEquals":{"k:n":["1","2"]}})");
  EXPECT_TRUE(allows({{"k:n", "3"}}));
  EXPECT_FALSE(allows({{"k:n", "2.0"}}));
}

TEST_F(ConditionTest, DateOperatorsTakeIsoDatesAndEpochSeconds) {
  use(R"({"DateLessThan":{"aws:CurrentTime":"2026-12-01T00:00:00Z"}})");
  EXPECT_TRUE(allows({{"aws:CurrentTime", "2026-11-30T23:59:59Z"}}));
  EXPECT_FALSE(allows({{"aws:CurrentTime", "2026-12-01T00:00:00Z"}}));
  EXPECT_TRUE(allows({{"aws:CurrentTime", "2026-12-01T00:59:00+01:00"}}));  // 23:59 UTC
  EXPECT_TRUE(allows({{"aws:CurrentTime", "1764547199"}}));                 // 2025-11-30T23:59:59Z
  EXPECT_FALSE(allows({{"aws:CurrentTime", "yesterday"}}));
  use(R"({"DateGreaterThanEquals":{"aws:EpochTime":"1796083200"}})");  // 2026-12-01
  EXPECT_TRUE(allows({{"aws:EpochTime", "2026-12-01"}}));
  EXPECT_FALSE(allows({{"aws:EpochTime", "2026-11-30T23:59:59.999Z"}}));
}

TEST_F(ConditionTest, IpAddressMatchesCidrBlocks) {
  use(R"({"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:db8::/32","198.51.100.7"]}})");
  EXPECT_TRUE(allows({{"aws:SourceIp", "203.0.113.200"}}));
  EXPECT_TRUE(allows({{"aws:SourceIp", "2001:db8:1::5"}}));
  EXPECT_TRUE(allows({{"aws:SourceIp", "198.51.100.7"}}));
  EXPECT_FALSE(allows({{"aws:SourceIp", "198.51.100.8"}}));
  EXPECT_FALSE(allows({{"aws:SourceIp", "203.0.114.1"}}));
  use(R"({"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}})");
  EXPECT_TRUE(allows({{"aws:SourceIp", "11.0.0.1"}}));
  EXPECT_FALSE(allows({{"aws:SourceIp", "10.200.0.1"}}));
}

TEST_F(ConditionTest, SetOperatorsOnMultivaluedKeys) {
  use(R"({"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}})");
  EXPECT_TRUE(allows_multi({{"aws:TagKeys", {"env"}}}));
  EXPECT_TRUE(allows_multi({{"aws:TagKeys", {"env", "team"}}}));
  EXPECT_FALSE(allows_multi({{"aws:TagKeys", {"env", "owner"}}}));
  EXPECT_TRUE(allows_multi({}));  // absent key: ForAllValues is true

  use(R"({"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}})");
  EXPECT_TRUE(allows_multi({{"aws:TagKeys", {"owner", "team"}}}));
  EXPECT_FALSE(allows_multi({{"aws:TagKeys", {"owner"}}}));
  EXPECT_FALSE(allows_multi({}));  // absent key: ForAnyValue is false
  EXPECT_FALSE(allows_multi({{"aws:TagKeys", {}}}));
}

// ---- policy variables --------------------------------------------------------------------------

class VariablesTest : public ::testing::Test {
 protected:
  static Decision publish(const Policy& policy, const std::string& topic,
                          std::map<std::string, std::string> context) {
    auto request = aws_call("arn:aws:iam::111122223333:user/alice", "sns:Publish", topic);
    request.context = std::move(context);
    return policy.evaluate(request);
  }
  static std::string policy(const char* version, const std::string& resource) {
    return std::string(R"({"Version":")") + version +
           R"(","Statement":{"Effect":"Allow","Principal":"*","Action":"sns:Publish",
           "Resource":")" +
           resource + R"("}})";
  }
};

TEST_F(VariablesTest, ExpandInTheResourceOnlyWithVersion2012) {
  const std::string resource = "arn:aws:sns:us-east-1:111122223333:${aws:username}-*";
  auto modern = must_parse(policy("2012-10-17", resource));
  EXPECT_EQ(publish(modern, "arn:aws:sns:us-east-1:111122223333:alice-alerts",
                    {{"aws:username", "alice"}}),
            Decision::kAllow);
  EXPECT_EQ(
      publish(modern, "arn:aws:sns:us-east-1:111122223333:bob-alerts", {{"AWS:UserName", "alice"}}),
      Decision::kImplicitDeny);
  // A missing variable makes the entry match nothing.
  EXPECT_EQ(publish(modern, "arn:aws:sns:us-east-1:111122223333:-alerts", {}),
            Decision::kImplicitDeny);

  auto legacy = must_parse(policy("2008-10-17", resource));
  EXPECT_EQ(publish(legacy, "arn:aws:sns:us-east-1:111122223333:alice-alerts",
                    {{"aws:username", "alice"}}),
            Decision::kImplicitDeny);
  EXPECT_EQ(publish(legacy, "arn:aws:sns:us-east-1:111122223333:${aws:username}-alerts",
                    {{"aws:username", "alice"}}),
            Decision::kAllow);
}

TEST_F(VariablesTest, SubstitutedValuesAndSpecialCharactersAreLiteral) {
  auto starred =
      must_parse(policy("2012-10-17", "arn:aws:sns:us-east-1:111122223333:${aws:username}"));
  EXPECT_EQ(
      publish(starred, "arn:aws:sns:us-east-1:111122223333:anything", {{"aws:username", "*"}}),
      Decision::kImplicitDeny);
  EXPECT_EQ(publish(starred, "arn:aws:sns:us-east-1:111122223333:*", {{"aws:username", "*"}}),
            Decision::kAllow);

  auto literal = must_parse(policy("2012-10-17", "arn:aws:sns:us-east-1:111122223333:a${*}b"));
  EXPECT_EQ(publish(literal, "arn:aws:sns:us-east-1:111122223333:a*b", {}), Decision::kAllow);
  EXPECT_EQ(publish(literal, "arn:aws:sns:us-east-1:111122223333:axxb", {}),
            Decision::kImplicitDeny);
}

TEST_F(VariablesTest, DefaultValueStandsInForAMissingKey) {
  auto policy_text = policy(
      "2012-10-17", "arn:aws:sns:us-east-1:111122223333:${aws:PrincipalTag/team, 'shared'}-*");
  auto with_default = must_parse(policy_text);
  EXPECT_EQ(publish(with_default, "arn:aws:sns:us-east-1:111122223333:shared-x", {}),
            Decision::kAllow);
  EXPECT_EQ(publish(with_default, "arn:aws:sns:us-east-1:111122223333:ops-x",
                    {{"aws:PrincipalTag/team", "ops"}}),
            Decision::kAllow);
  EXPECT_EQ(publish(with_default, "arn:aws:sns:us-east-1:111122223333:shared-x",
                    {{"aws:PrincipalTag/team", "ops"}}),
            Decision::kImplicitDeny);
}

TEST_F(ConditionTest, VariablesInArnConditionValuesKeepTheirColons) {
  use(R"({"ArnLike":{"aws:SourceArn":"arn:aws:events:*:${aws:SourceAccount}:rule/*"}})");
  EXPECT_TRUE(allows({{"aws:SourceArn", kRule}, {"aws:SourceAccount", "111122223333"}}));
  EXPECT_FALSE(allows({{"aws:SourceArn", kRule}, {"aws:SourceAccount", "999988887777"}}));
  EXPECT_FALSE(allows({{"aws:SourceArn", kRule}}));
  use(R"({"StringEquals":{"aws:SourceAccount":"${aws:PrincipalAccount}"}})", "2008-10-17");
  EXPECT_FALSE(
      allows({{"aws:SourceAccount", "111122223333"}, {"aws:PrincipalAccount", "111122223333"}}));
  EXPECT_TRUE(allows({{"aws:SourceAccount", "${aws:PrincipalAccount}"}}));
}

}  // namespace
}  // namespace certflow::iam
