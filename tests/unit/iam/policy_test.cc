// Policy evaluation: principals, actions, resources, decisions, and the SNS topic policies
// EventBridge delivery depends on (iam-policy-eval.md §1, §3-§5, §9).
#include "iam/policy.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "iam/policy_test_support.h"

namespace certflow::iam {
namespace {

using namespace testing;  // NOLINT

constexpr const char* kEventBridgeStatement = R"({
  "Sid": "PublishEventsToMyTopic",
  "Effect": "Allow",
  "Principal": {"Service": "events.amazonaws.com"},
  "Action": "sns:Publish",
  "Resource": "arn:aws:sns:us-east-1:111122223333:MyTopic"
})";

// ---- actions -----------------------------------------------------------------------------------

TEST(PolicyActions, AreCaseInsensitive) {
  auto policy = must_parse(policy_with(allow(R"("*")", R"("SNS:PUBLISH")", R"("*")")));
  EXPECT_EQ(policy.evaluate(events_publish()), Decision::kAllow);
  auto request = events_publish();
  request.action = "Sns:publish";
  EXPECT_EQ(policy.evaluate(request), Decision::kAllow);
  request.action = "sqs:Publish";
  EXPECT_EQ(policy.evaluate(request), Decision::kImplicitDeny);
}

TEST(PolicyActions, WildcardsStarAndQuestionMark) {
  auto check = [](const std::string& pattern, const std::string& action) {
    auto policy = must_parse(policy_with(allow(R"("*")", "\"" + pattern + "\"", R"("*")")));
    return policy.evaluate(service_call("events.amazonaws.com", action, kTopic)) ==
           Decision::kAllow;
  };
  EXPECT_TRUE(check("sns:*", "sns:Publish"));
  EXPECT_TRUE(check("sns:Get*", "sns:GetTopicAttributes"));
  EXPECT_FALSE(check("sns:Get*", "sns:Publish"));
  EXPECT_TRUE(check("sns:*Topic*", "sns:DeleteTopic"));
  EXPECT_TRUE(check("sns:*topic*", "sns:GetTopicAttributes"));
  EXPECT_TRUE(check("sns:Publis?", "sns:Publish"));
  EXPECT_FALSE(check("sns:Publis?", "sns:Publishx"));
  EXPECT_FALSE(check("sns:Publish?", "sns:Publish"));
  EXPECT_TRUE(check("*", "s3:GetObject"));
  EXPECT_FALSE(check("sns:*", "sqs:SendMessage"));
}

TEST(PolicyActions, NotActionAllowGrantsEverythingElseAndNotActionDenyDeniesEverythingElse) {
  auto allow_rest = must_parse(policy_with(
      R"({"Effect":"Allow","Principal":"*","NotAction":"sns:DeleteTopic","Resource":"*"})"));
  EXPECT_EQ(allow_rest.evaluate(service_call("events.amazonaws.com", "sns:Publish", kTopic)),
            Decision::kAllow);
  EXPECT_EQ(allow_rest.evaluate(service_call("events.amazonaws.com", "sqs:SendMessage", kTopic)),
            Decision::kAllow);
  EXPECT_EQ(allow_rest.evaluate(service_call("events.amazonaws.com", "SNS:deletetopic", kTopic)),
            Decision::kImplicitDeny);

  auto deny_rest = must_parse(R"({"Statement":[
      {"Effect":"Allow","Principal":"*","Action":"sns:*","Resource":"*"},
      {"Effect":"Deny","Principal":"*","NotAction":["sns:Publish","sns:Get*"],"Resource":"*"}]})");
  EXPECT_EQ(deny_rest.evaluate(service_call("x.amazonaws.com", "sns:Publish", kTopic)),
            Decision::kAllow);
  EXPECT_EQ(deny_rest.evaluate(service_call("x.amazonaws.com", "sns:GetTopicAttributes", kTopic)),
            Decision::kAllow);
  EXPECT_EQ(deny_rest.evaluate(service_call("x.amazonaws.com", "sns:Subscribe", kTopic)),
            Decision::kExplicitDeny);
}

// ---- resources ---------------------------------------------------------------------------------

bool resource_allows(const std::string& pattern, const std::string& arn) {
  auto policy =
      must_parse(policy_with(allow(R"("*")", R"("s3:GetObject")", "\"" + pattern + "\"")));
  return policy.evaluate(service_call("x.amazonaws.com", "s3:GetObject", arn)) == Decision::kAllow;
}

TEST(PolicyResources, StarSpansSlashesWithinTheResourcePart) {
  // The IAM guide's own examples.
  const std::string pattern = "arn:aws:s3:::bkt/*/test/*";
  EXPECT_TRUE(resource_allows(pattern, "arn:aws:s3:::bkt/1/2/test/3/x.jpg"));
  EXPECT_TRUE(resource_allows(pattern, "arn:aws:s3:::bkt//test/object.jpg"));
  EXPECT_TRUE(resource_allows(pattern, "arn:aws:s3:::bkt/1/test/"));
  EXPECT_FALSE(resource_allows(pattern, "arn:aws:s3:::bkt/test/object.jpg"));
}

TEST(PolicyResources, TrailingStarOfASegmentRunsPastColons) {
  const std::string subscription =
      "arn:aws:sns:us-east-1:111122223333:MyTopic:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55";
  EXPECT_TRUE(resource_allows("arn:aws:sns:*", kTopic));
  EXPECT_TRUE(resource_allows("arn:aws:sns:*", subscription));
  EXPECT_TRUE(resource_allows("arn:aws:sns:us-east-1:111122223333:*", subscription));
  EXPECT_TRUE(resource_allows("arn:aws:sns:us-east-1:111122223333:My*", subscription));
  EXPECT_FALSE(resource_allows("arn:aws:sns:*", "arn:aws:sqs:us-east-1:111122223333:q"));
  EXPECT_FALSE(resource_allows("arn:aws:sns:us-east-1:111122223333:Other*", subscription));
}

TEST(PolicyResources, WildcardsStayWithinTheirSegment) {
  EXPECT_TRUE(resource_allows("arn:aws:sns:*:111122223333:MyTopic", kTopic));
  EXPECT_TRUE(resource_allows("arn:aws:sns:us-*-?:111122223333:MyTopic", kTopic));
  EXPECT_TRUE(resource_allows("arn:aws:sns:us-east-1:????22223333:MyTopic", kTopic));
  EXPECT_FALSE(resource_allows("arn:aws:sns:us-east-1:999988887777:MyTopic", kTopic));
  // A * that does not end its segment cannot eat the colon after "us-east-1".
  EXPECT_FALSE(resource_allows("arn:aws:sns:*3333:MyTopic", kTopic));
  EXPECT_FALSE(resource_allows("arn:aws:sns:us-east-1:111122223333:MyTopic", "not-an-arn"));
  EXPECT_TRUE(resource_allows("*", "not-an-arn"));
}

TEST(PolicyResources, AreCaseSensitive) {
  EXPECT_TRUE(resource_allows(kTopic, kTopic));
  EXPECT_FALSE(resource_allows(kTopic, "arn:aws:sns:us-east-1:111122223333:mytopic"));
  EXPECT_FALSE(resource_allows("arn:aws:sns:us-east-1:111122223333:my*", kTopic));
}

TEST(PolicyResources, NotResourceWithDenyProtectsAllButTheListed) {
  auto policy = must_parse(R"({"Statement":[
      {"Effect":"Allow","Principal":"*","Action":"sns:Publish","Resource":"*"},
      {"Effect":"Deny","Principal":"*","Action":"sns:Publish",
       "NotResource":["arn:aws:sns:us-east-1:111122223333:MyTopic",
                      "arn:aws:sns:us-east-1:111122223333:public-*"]}]})");
  EXPECT_EQ(policy.evaluate(events_publish()), Decision::kAllow);
  EXPECT_EQ(policy.evaluate(events_publish("arn:aws:sns:us-east-1:111122223333:public-alerts")),
            Decision::kAllow);
  EXPECT_EQ(policy.evaluate(events_publish("arn:aws:sns:us-east-1:111122223333:secret")),
            Decision::kExplicitDeny);
}

// ---- principals --------------------------------------------------------------------------------

TEST(PolicyPrincipals, ServicePrincipalMatchesOnlyTheListedServices) {
  auto policy = must_parse(
      policy_with(allow(R"({"Service":["events.amazonaws.com","scheduler.amazonaws.com"]})",
                        R"("sns:Publish")", R"("*")")));
  EXPECT_EQ(policy.evaluate(events_publish()), Decision::kAllow);
  EXPECT_EQ(policy.evaluate(service_call("scheduler.amazonaws.com", "sns:Publish", kTopic)),
            Decision::kAllow);
  EXPECT_EQ(policy.evaluate(service_call("s3.amazonaws.com", "sns:Publish", kTopic)),
            Decision::kImplicitDeny);
  EXPECT_EQ(policy.evaluate(aws_call("arn:aws:iam::111122223333:root", "sns:Publish", kTopic)),
            Decision::kImplicitDeny);
  EXPECT_EQ(policy.evaluate(anonymous_call("sns:Publish", kTopic)), Decision::kImplicitDeny);
}

TEST(PolicyPrincipals, StarAndAwsStarMatchEveryoneIncludingServicesAndAnonymous) {
  for (const char* principal : {R"("*")", R"({"AWS":"*"})", R"({"AWS":["*"]})"}) {
    auto policy = must_parse(policy_with(allow(principal, R"("sns:Publish")", R"("*")")));
    EXPECT_EQ(policy.evaluate(events_publish()), Decision::kAllow) << principal;
    EXPECT_EQ(
        policy.evaluate(aws_call("arn:aws:iam::999988887777:user/bob", "sns:Publish", kTopic)),
        Decision::kAllow)
        << principal;
    EXPECT_EQ(policy.evaluate(anonymous_call("sns:Publish", kTopic)), Decision::kAllow)
        << principal;
  }
}

TEST(PolicyPrincipals, AccountIdAndRootArnMatchEveryCallerOfThatAccount) {
  for (const char* principal :
       {R"({"AWS":"111122223333"})", R"({"AWS":"arn:aws:iam::111122223333:root"})"}) {
    auto policy = must_parse(policy_with(allow(principal, R"("sns:Publish")", R"("*")")));
    EXPECT_EQ(policy.evaluate(aws_call("arn:aws:iam::111122223333:root", "sns:Publish", kTopic)),
              Decision::kAllow);
    EXPECT_EQ(
        policy.evaluate(aws_call("arn:aws:iam::111122223333:user/alice", "sns:Publish", kTopic)),
        Decision::kAllow);
    PolicyRequest by_account_only;
    by_account_only.principal_account = kAccount;
    by_account_only.action = "sns:Publish";
    by_account_only.resource = kTopic;
    EXPECT_EQ(policy.evaluate(by_account_only), Decision::kAllow);
    EXPECT_EQ(policy.evaluate(aws_call("arn:aws:iam::999988887777:root", "sns:Publish", kTopic)),
              Decision::kImplicitDeny);
    EXPECT_EQ(policy.evaluate(events_publish()), Decision::kImplicitDeny);
  }
}

TEST(PolicyPrincipals, UserArnsMatchExactlyAndCaseSensitively) {
  auto policy = must_parse(policy_with(
      allow(R"({"AWS":"arn:aws:iam::111122223333:user/alice"})", R"("sns:Publish")", R"("*")")));
  EXPECT_EQ(
      policy.evaluate(aws_call("arn:aws:iam::111122223333:user/alice", "sns:Publish", kTopic)),
      Decision::kAllow);
  EXPECT_EQ(
      policy.evaluate(aws_call("arn:aws:iam::111122223333:user/Alice", "sns:Publish", kTopic)),
      Decision::kImplicitDeny);
  EXPECT_EQ(policy.evaluate(aws_call("arn:aws:iam::111122223333:user/bob", "sns:Publish", kTopic)),
            Decision::kImplicitDeny);
  EXPECT_EQ(policy.evaluate(aws_call("arn:aws:iam::111122223333:root", "sns:Publish", kTopic)),
            Decision::kImplicitDeny);
}

TEST(PolicyPrincipals, RoleArnCoversTheRolesSessions) {
  auto policy = must_parse(policy_with(allow(
      R"({"AWS":"arn:aws:iam::111122223333:role/ops/Deployer"})", R"("sns:Publish")", R"("*")")));
  EXPECT_EQ(policy.evaluate(aws_call("arn:aws:sts::111122223333:assumed-role/Deployer/ci-42",
                                     "sns:Publish", kTopic)),
            Decision::kAllow);
  EXPECT_EQ(policy.evaluate(aws_call("arn:aws:sts::111122223333:assumed-role/Other/ci-42",
                                     "sns:Publish", kTopic)),
            Decision::kImplicitDeny);
  EXPECT_EQ(policy.evaluate(aws_call("arn:aws:sts::999988887777:assumed-role/Deployer/ci-42",
                                     "sns:Publish", kTopic)),
            Decision::kImplicitDeny);
}

TEST(PolicyPrincipals, NotPrincipalWithDenyExemptsExactlyTheListedIdentities) {
  // The account entry exempts the account (its root), not the account's other users.
  auto policy = must_parse(R"({"Statement":[
      {"Effect":"Allow","Principal":"*","Action":"sns:*","Resource":"*"},
      {"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:user/alice",
                                              "arn:aws:iam::111122223333:root"]},
       "Action":"sns:DeleteTopic","Resource":"*"}]})");
  EXPECT_EQ(
      policy.evaluate(aws_call("arn:aws:iam::111122223333:user/alice", "sns:DeleteTopic", kTopic)),
      Decision::kAllow);
  EXPECT_EQ(policy.evaluate(aws_call("arn:aws:iam::111122223333:root", "sns:DeleteTopic", kTopic)),
            Decision::kAllow);
  EXPECT_EQ(
      policy.evaluate(aws_call("arn:aws:iam::111122223333:user/bob", "sns:DeleteTopic", kTopic)),
      Decision::kExplicitDeny);
  EXPECT_EQ(policy.evaluate(service_call("events.amazonaws.com", "sns:DeleteTopic", kTopic)),
            Decision::kExplicitDeny);
  EXPECT_EQ(policy.evaluate(aws_call("arn:aws:iam::111122223333:user/bob", "sns:Publish", kTopic)),
            Decision::kAllow);
}

// ---- decisions ---------------------------------------------------------------------------------

TEST(PolicyDecision, ExplicitDenyWinsWhicheverStatementComesFirst) {
  const std::string allow_all = allow(R"("*")", R"("sns:*")", R"("*")");
  const std::string deny_publish =
      R"({"Effect":"Deny","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish",
          "Resource":"*"})";
  for (const auto& text : {R"({"Statement":[)" + allow_all + "," + deny_publish + "]}",
                           R"({"Statement":[)" + deny_publish + "," + allow_all + "]}"}) {
    auto policy = must_parse(text);
    EXPECT_EQ(policy.evaluate(events_publish()), Decision::kExplicitDeny);
    EXPECT_EQ(policy.evaluate(service_call("events.amazonaws.com", "sns:Subscribe", kTopic)),
              Decision::kAllow);
    EXPECT_EQ(policy.evaluate(aws_call("arn:aws:iam::111122223333:root", "sns:Publish", kTopic)),
              Decision::kAllow);
  }
}

TEST(PolicyDecision, NothingAllowingIsAnImplicitDenyAndDenyNeverGrants) {
  auto deny_only = must_parse(policy_with(
      R"({"Effect":"Deny","Principal":"*","Action":"sns:DeleteTopic","Resource":"*"})"));
  EXPECT_EQ(deny_only.evaluate(events_publish()), Decision::kImplicitDeny);
  EXPECT_EQ(deny_only.evaluate(service_call("events.amazonaws.com", "sns:DeleteTopic", kTopic)),
            Decision::kExplicitDeny);
  EXPECT_EQ(to_string(Decision::kImplicitDeny), "ImplicitDeny");
}

// ---- SNS topic policies and EventBridge --------------------------------------------------------

TEST(TopicPolicy, EventBridgeStatementAloneAllowsEventsToPublish) {
  auto policy = must_parse(policy_with(kEventBridgeStatement));
  EXPECT_EQ(policy.evaluate(events_publish()), Decision::kAllow);
  PolicyRequest bare = service_call("events.amazonaws.com", "sns:Publish", kTopic);  // no context
  EXPECT_EQ(policy.evaluate(bare), Decision::kAllow);
  EXPECT_EQ(policy.evaluate(events_publish("arn:aws:sns:us-east-1:111122223333:OtherTopic")),
            Decision::kImplicitDeny);
  EXPECT_EQ(policy.evaluate(service_call("events.amazonaws.com", "sns:Subscribe", kTopic)),
            Decision::kImplicitDeny);
  EXPECT_EQ(policy.evaluate(service_call("sqs.amazonaws.com", "sns:Publish", kTopic)),
            Decision::kImplicitDeny);
}

TEST(TopicPolicy, EventBridgeStatementWithSourceArnConditionAllowsOnlyThatRule) {
  auto policy = must_parse(policy_with(R"({
    "Sid": "PublishEventsToMyTopic", "Effect": "Allow",
    "Principal": {"Service": "events.amazonaws.com"}, "Action": "sns:Publish",
    "Resource": "arn:aws:sns:us-east-1:111122223333:MyTopic",
    "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:events:us-east-1:111122223333:rule/MyRule"}}
  })"));
  EXPECT_EQ(policy.evaluate(events_publish()), Decision::kAllow);
  auto other_rule = events_publish();
  other_rule.context["aws:SourceArn"] = "arn:aws:events:us-east-1:111122223333:rule/OtherRule";
  EXPECT_EQ(policy.evaluate(other_rule), Decision::kImplicitDeny);
  EXPECT_EQ(policy.evaluate(service_call("events.amazonaws.com", "sns:Publish", kTopic)),
            Decision::kImplicitDeny);
}

TEST(TopicPolicy, DefaultPolicyHasSnsShape) {
  const std::string text = default_topic_policy(kTopic, kAccount);
  EXPECT_EQ(text, R"({"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{"Sid":)"
                  R"("__default_statement_ID","Effect":"Allow","Principal":{"AWS":"*"},"Action":[)"
                  R"("SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission",)"
                  R"("SNS:RemovePermission","SNS:DeleteTopic","SNS:Subscribe",)"
                  R"("SNS:ListSubscriptionsByTopic","SNS:Publish"],"Resource":)"
                  R"("arn:aws:sns:us-east-1:111122223333:MyTopic","Condition":{"StringEquals":{)"
                  R"("AWS:SourceOwner":"111122223333"}}}]})");
  EXPECT_EQ(must_parse(text).text(), text);
  // A topic name that needs escaping still yields valid JSON.
  auto odd = default_topic_policy("arn:aws:sns:us-east-1:111122223333:a\"b", kAccount);
  EXPECT_FALSE(nlohmann::json::parse(odd, nullptr, false).is_discarded());
}

TEST(TopicPolicy, DefaultPolicyAllowsTheOwnerButNotEventBridge) {
  auto policy = must_parse(default_topic_policy(kTopic, kAccount));
  EXPECT_EQ(policy.evaluate(events_publish()), Decision::kImplicitDeny);

  auto owner = aws_call("arn:aws:iam::111122223333:user/alice", "sns:Publish", kTopic);
  owner.context["aws:sourceowner"] = kAccount;  // key names are case-insensitive
  EXPECT_EQ(policy.evaluate(owner), Decision::kAllow);
  owner.action = "sns:ListSubscriptionsByTopic";
  EXPECT_EQ(policy.evaluate(owner), Decision::kAllow);
  owner.action = "sns:TagResource";
  EXPECT_EQ(policy.evaluate(owner), Decision::kImplicitDeny);

  auto stranger = aws_call("arn:aws:iam::999988887777:user/mallory", "sns:Publish", kTopic);
  stranger.context["AWS:SourceOwner"] = kOtherAccount;
  EXPECT_EQ(policy.evaluate(stranger), Decision::kImplicitDeny);
}

TEST(TopicPolicy, EventBridgeStatementAppendedToTheDefaultPolicyAllowsEvents) {
  auto document = nlohmann::json::parse(default_topic_policy(kTopic, kAccount));
  document["Statement"].push_back(nlohmann::json::parse(kEventBridgeStatement));
  auto policy = must_parse(document.dump());
  EXPECT_EQ(policy.evaluate(events_publish()), Decision::kAllow);
  EXPECT_EQ(policy.evaluate(service_call("events.amazonaws.com", "sns:DeleteTopic", kTopic)),
            Decision::kImplicitDeny);
}

TEST(IdentityPolicy, SeedEventBridgeAndPassRolePolicyWorksAsWritten) {
  auto policy = must_parse(R"({"Version":"2012-10-17","Statement":[
      {"Sid":"CloudWatchEventsFullAccess","Effect":"Allow","Action":"events:*",
       "Resource":"arn:aws:events:*:*:*"},
      {"Sid":"IAMPassRoleForCloudWatchEvents","Effect":"Allow","Action":"iam:PassRole",
       "Resource":"*","Condition":{"StringLike":{"iam:PassedToService":"events.amazonaws.com"}}}]})",
                           PolicyKind::kIdentity);
  auto alice = [](std::string action, std::string resource) {
    return aws_call("arn:aws:iam::111122223333:user/alice", std::move(action), std::move(resource));
  };
  EXPECT_EQ(policy.evaluate(alice("events:PutRule", kRule)), Decision::kAllow);
  EXPECT_EQ(policy.evaluate(alice("events:PutTargets",
                                  "arn:aws:events:eu-west-1:111122223333:"
                                  "event-bus/default")),
            Decision::kAllow);
  EXPECT_EQ(policy.evaluate(alice("sns:Publish", kTopic)), Decision::kImplicitDeny);
  auto pass = alice("iam:PassRole", "arn:aws:iam::111122223333:role/EventsInvoke");
  EXPECT_EQ(policy.evaluate(pass), Decision::kImplicitDeny);  // no iam:PassedToService
  pass.context["iam:PassedToService"] = "events.amazonaws.com";
  EXPECT_EQ(policy.evaluate(pass), Decision::kAllow);
  pass.context["iam:PassedToService"] = "lambda.amazonaws.com";
  EXPECT_EQ(policy.evaluate(pass), Decision::kImplicitDeny);
}

}  // namespace
}  // namespace certflow::iam
