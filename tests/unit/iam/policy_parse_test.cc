// Policy::parse: malformed documents and the messages that say what to fix
// (iam-policy-eval.md §2, §10).
#include <gtest/gtest.h>

#include "iam/policy.h"
#include "iam/policy_test_support.h"

namespace certflow::iam {
namespace {

using namespace testing;  // NOLINT

TEST(PolicyParse, EffectErrorNamesTheStatementAndField) {
  EXPECT_EQ(parse_error(R"({"Statement":[)" + allow(R"("*")", R"("sns:Publish")", R"("*")") +
                        R"(,{"Effect":"Permit","Principal":"*","Action":"sns:Publish",
                            "Resource":"*"}]})"),
            "Statement[1].Effect must be \"Allow\" or \"Deny\", not \"Permit\"");
}

TEST(PolicyParse, ErrorsNameTheSidWhenTheStatementHasOne) {
  auto message = parse_error(R"({"Statement":{"Sid":"Pub","Effect":"allow","Principal":"*",
                                  "Action":"sns:Publish","Resource":"*"}})");
  EXPECT_EQ(message, "Statement.Effect must be \"Allow\" or \"Deny\", not \"allow\" (Sid \"Pub\")");
}

TEST(PolicyParse, MalformedJsonIsAnErrorNotAnException) {
  EXPECT_EQ(parse_error("{\"Statement\": ["), "This policy contains invalid Json");
  EXPECT_EQ(parse_error(""), "This policy contains invalid Json");
  EXPECT_EQ(parse_error("[1,2]"), "A policy must be a JSON object with a Statement");
}

TEST(PolicyParse, WrongTypesAnywhereAreErrorsNotExceptions) {
  const char* cases[] = {
      R"({"Statement":5})",
      R"({"Statement":[1]})",
      R"({"Statement":[null]})",
      R"({"Version":5,"Statement":[]})",
      R"({"Id":[],"Statement":{}})",
      R"({"Statement":{"Effect":5,"Principal":"*","Action":"a:b","Resource":"*"}})",
      R"({"Statement":{"Sid":1,"Effect":"Allow","Principal":"*","Action":"a:b","Resource":"*"}})",
      R"({"Statement":{"Effect":"Allow","Principal":7,"Action":"a:b","Resource":"*"}})",
      R"({"Statement":{"Effect":"Allow","Principal":{"AWS":[1]},"Action":"a:b","Resource":"*"}})",
      R"({"Statement":{"Effect":"Allow","Principal":{},"Action":"a:b","Resource":"*"}})",
      R"({"Statement":{"Effect":"Allow","Principal":"*","Action":{},"Resource":"*"}})",
      R"({"Statement":{"Effect":"Allow","Principal":"*","Action":[],"Resource":"*"}})",
      R"({"Statement":{"Effect":"Allow","Principal":"*","Action":"a:b","Resource":null}})",
      R"({"Statement":{"Effect":"Allow","Principal":"*","Action":"a:b","Resource":"*",
          "Condition":[]}})",
      R"({"Statement":{"Effect":"Allow","Principal":"*","Action":"a:b","Resource":"*",
          "Condition":{"StringEquals":"x"}}})",
      R"({"Statement":{"Effect":"Allow","Principal":"*","Action":"a:b","Resource":"*",
          "Condition":{"StringEquals":{"k":{"x":1}}}}})",
      R"({"Statement":{"Effect":"Allow","Principal":"*","Action":"a:b","Resource":"*",
          "Condition":{"StringEquals":{"k":[null]}}}})",
  };
  for (const char* text : cases) {
    EXPECT_NE(parse_error(text), "<parsed>") << text;
  }
}

TEST(PolicyParse, UnknownFieldsAreErrors) {
  EXPECT_EQ(parse_error(R"({"Statment":[]})"),
            "Unknown top-level field \"Statment\"; a policy has only Version, Id and Statement");
  auto message = parse_error(
      R"({"Statement":[{"Effect":"Allow","Principal":"*","Actions":"sns:Publish","Resource":"*"}]})");
  EXPECT_EQ(
      message,
      "Statement[0] has an unknown field \"Actions\"; a statement has Sid, Effect, Principal, "
      "NotPrincipal, Action, NotAction, Resource, NotResource and Condition");
}

TEST(PolicyParse, VersionStatementAndEffectAreChecked) {
  EXPECT_EQ(parse_error(R"({"Version":"2012-10-18","Statement":[]})"),
            "Version must be \"2012-10-17\" or \"2008-10-17\", not \"2012-10-18\"");
  EXPECT_EQ(parse_error(R"({"Version":"2012-10-17"})"),
            "A policy needs a Statement (an object or an array of objects)");
  EXPECT_EQ(parse_error(R"({"Statement":[]})"), "Statement must hold at least one statement");
  EXPECT_EQ(parse_error(policy_with(R"({"Principal":"*","Action":"sns:Publish","Resource":"*"})")),
            "Statement[0].Effect is missing; it must be \"Allow\" or \"Deny\"");
}

TEST(PolicyParse, ActionsNeedOneServicePrefix) {
  EXPECT_EQ(parse_error(policy_with(allow(R"("*")", R"("Publish")", R"("*")"))),
            "Statement[0].Action \"Publish\" must be \"*\" or service:action with a service "
            "prefix, e.g. \"sns:Publish\"");
  EXPECT_EQ(parse_error(policy_with(allow(R"("*")", R"(["sns:Publish","sns:a:b"])", R"("*")"))),
            "Statement[0].Action \"sns:a:b\" may contain only one colon");
  EXPECT_EQ(parse_error(policy_with(
                R"({"Effect":"Allow","Principal":"*","Action":"a:b","NotAction":"c:d",
                    "Resource":"*"})")),
            "Statement[0] has both Action and NotAction; use one");
  EXPECT_EQ(parse_error(policy_with(R"({"Effect":"Allow","Principal":"*","Resource":"*"})")),
            "Statement[0] must contain an Action (or NotAction), e.g. \"sns:Publish\"");
}

TEST(PolicyParse, ResourcesMustBeArnsOrStar) {
  EXPECT_EQ(parse_error(policy_with(allow(R"("*")", R"("sns:Publish")", R"("MyTopic")"))),
            "Statement[0].Resource \"MyTopic\" must be \"*\" or an ARN "
            "(arn:partition:service:region:account:resource)");
  EXPECT_EQ(parse_error(policy_with(allow(R"("*")", R"("sns:Publish")", R"("arn:aws:s*:::bkt")"))),
            "Statement[0].Resource \"arn:aws:s*:::bkt\" has a wildcard in its service segment "
            "(\"s*\"), which IAM does not allow");
  EXPECT_EQ(parse_error(policy_with(R"({"Effect":"Allow","Principal":"*","Action":"a:b"})")),
            "Statement[0] must contain a Resource (or NotResource): \"*\" or an ARN");
}

TEST(PolicyParse, ResourcePoliciesNeedAPrincipalAndIdentityPoliciesMustNotHaveOne) {
  EXPECT_NE(parse_error(policy_with(R"({"Effect":"Allow","Action":"sns:Publish","Resource":"*"})"))
                .find("Statement[0] needs a Principal (or NotPrincipal)"),
            std::string::npos);
  EXPECT_NE(
      parse_error(policy_with(allow(R"("*")", R"("sns:Publish")", R"("*")")), PolicyKind::kIdentity)
          .find("Statement[0].Principal is not allowed in an identity policy"),
      std::string::npos);
  EXPECT_EQ(parse_error(policy_with(R"({"Effect":"Allow","Principal":"*","NotPrincipal":"*",
                                        "Action":"a:b","Resource":"*"})")),
            "Statement[0] has both Principal and NotPrincipal; use one");
}

TEST(PolicyParse, PrincipalsHaveNoPartialWildcards) {
  EXPECT_EQ(parse_error(policy_with(
                allow(R"({"AWS":"arn:aws:iam::*:root"})", R"("sns:Publish")", R"("*")"))),
            "Statement[0].Principal.AWS \"arn:aws:iam::*:root\" is not a principal; wildcards "
            "may only stand alone (\"*\"), never inside a principal name or ARN");
  EXPECT_EQ(parse_error(policy_with(allow(R"({"AWS":"alice"})", R"("sns:Publish")", R"("*")"))),
            "Statement[0].Principal.AWS \"alice\" must be \"*\", a 12-digit account id or an IAM "
            "ARN such as arn:aws:iam::123456789012:root");
  EXPECT_EQ(parse_error(policy_with(
                allow(R"({"Services":"events.amazonaws.com"})", R"("sns:Publish")", R"("*")"))),
            "Statement[0].Principal has an unknown key \"Services\"; principals are AWS, "
            "Service, Federated or CanonicalUser");
  EXPECT_EQ(
      parse_error(policy_with(allow(R"("everyone")", R"("sns:Publish")", R"("*")"))).substr(0, 40),
      "Statement[0].Principal must be \"*\" or an");
}

TEST(PolicyParse, UnknownConditionOperatorsAreErrors) {
  auto with_condition = [](const std::string& condition) {
    return policy_with(R"({"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*",
                           "Condition":)" +
                       condition + "}");
  };
  auto message = parse_error(with_condition(R"({"StringEqual":{"aws:SourceArn":"x"}})"));
  EXPECT_EQ(message.substr(0, 60),
            "Statement[0].Condition has an unknown operator \"StringEqual\"");
  message = parse_error(with_condition(R"({"stringequals":{"aws:SourceArn":"x"}})"));
  EXPECT_NE(message.find("operator names are case-sensitive: \"StringEquals\""), std::string::npos)
      << message;
  EXPECT_NE(parse_error(with_condition(R"({"NullIfExists":{"aws:SourceArn":"true"}})")),
            "<parsed>");
  EXPECT_NE(parse_error(with_condition(R"({"ForAnyValue:Null":{"aws:SourceArn":"true"}})")),
            "<parsed>");
  EXPECT_EQ(parse_error(with_condition(R"({"NumericLessThan":{"s3:max-keys":"ten"}})")),
            "Statement[0].Condition.NumericLessThan.s3:max-keys value \"ten\" must be a number "
            "such as \"10\" or \"1.5\"");
  EXPECT_NE(parse_error(with_condition(R"({"IpAddress":{"aws:SourceIp":"10.0.0.0/33"}})"))
                .find("must be an IPv4 or IPv6 address or CIDR block"),
            std::string::npos);
  EXPECT_NE(parse_error(with_condition(R"({"Bool":{"aws:SecureTransport":"yes"}})"))
                .find("must be \"true\" or \"false\""),
            std::string::npos);
  EXPECT_EQ(parse_error(with_condition(
                R"({"ForAllValues:StringLikeIfExists":{"aws:TagKeys":"a*"},
                    "NumericGreaterThanEquals":{"k:n":10},"Bool":{"aws:SecureTransport":true},
                    "DateLessThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}})")),
            "<parsed>");
}

TEST(PolicyParse, SidsAreUniqueAndAlphanumericInIdentityPolicies) {
  const std::string twice = R"({"Statement":[
      {"Sid":"A","Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*"},
      {"Sid":"A","Effect":"Deny","Principal":"*","Action":"sns:Publish","Resource":"*"}]})";
  EXPECT_EQ(parse_error(twice),
            "Statement[1].Sid \"A\" is also used by Statement[0]; Sids must be unique within a "
            "policy");
  EXPECT_EQ(parse_error(R"({"Statement":{"Sid":"my-sid","Effect":"Allow","Action":"a:b",
                                         "Resource":"*"}})",
                        PolicyKind::kIdentity),
            "Statement.Sid \"my-sid\" must be alphanumeric ([A-Za-z0-9]*)");
  // SNS's own Sids carry underscores: fine in a resource policy.
  EXPECT_EQ(parse_error(R"({"Statement":{"Sid":"__default_statement_ID","Effect":"Allow",
                                         "Principal":"*","Action":"a:b","Resource":"*"}})"),
            "<parsed>");
}

TEST(PolicyParse, KeepsTheTextAndAcceptsTheShorthandForms) {
  // No Version, Statement as an object, one-value lists as bare strings.
  const std::string text =
      R"({"Statement":{"Effect":"Allow","Principal":{"AWS":"111122223333"},
          "Action":"SNS:Publish","Resource":"arn:aws:sns:us-east-1:111122223333:MyTopic"}})";
  auto policy = must_parse(text);
  EXPECT_EQ(policy.text(), text);
  Policy copy = policy;
  EXPECT_EQ(copy.evaluate(aws_call("arn:aws:iam::111122223333:user/alice", "sns:Publish", kTopic)),
            Decision::kAllow);
}

}  // namespace
}  // namespace certflow::iam
