// Shared helpers for the policy tests: parse-or-fail, and requests as the SNS room builds them.
#pragma once

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "iam/policy.h"

namespace certflow::iam::testing {

inline constexpr const char* kAccount = "111122223333";
inline constexpr const char* kOtherAccount = "999988887777";
inline constexpr const char* kTopic = "arn:aws:sns:us-east-1:111122223333:MyTopic";
inline constexpr const char* kRule = "arn:aws:events:us-east-1:111122223333:rule/MyRule";

// Throws (a test failure under GoogleTest) when the policy does not parse.
inline Policy must_parse(std::string_view text, PolicyKind kind = PolicyKind::kResource) {
  auto policy = Policy::parse(text, kind);
  if (!policy) throw std::runtime_error("policy did not parse: " + policy.error().message);
  return std::move(*policy);
}

// The parse error's message, or "<parsed>" when the policy was accepted.
inline std::string parse_error(std::string_view text, PolicyKind kind = PolicyKind::kResource) {
  auto policy = Policy::parse(text, kind);
  if (policy) return "<parsed>";
  EXPECT_EQ(policy.error().code, ErrorCode::kInvalidParameter);
  return policy.error().message;
}

// A service principal's delivery, as the event bus makes it.
inline PolicyRequest service_call(std::string service, std::string action, std::string resource) {
  PolicyRequest request;
  request.principal_service = std::move(service);
  request.action = std::move(action);
  request.resource = std::move(resource);
  return request;
}

inline PolicyRequest events_publish(std::string topic = kTopic) {
  auto request = service_call("events.amazonaws.com", "sns:Publish", std::move(topic));
  request.context["aws:SourceArn"] = kRule;
  request.context["aws:SourceAccount"] = kAccount;
  return request;
}

// A signed call by an IAM identity; the account is read from the ARN.
inline PolicyRequest aws_call(std::string principal_arn, std::string action, std::string resource) {
  PolicyRequest request;
  request.principal_account = principal_arn.substr(13, 12);  // arn:aws:iam::<12 digits>
  request.principal_arn = std::move(principal_arn);
  request.action = std::move(action);
  request.resource = std::move(resource);
  return request;
}

// A one-statement resource policy around the given statement body.
inline std::string policy_with(const std::string& statement) {
  return R"({"Version":"2012-10-17","Statement":[)" + statement + "]}";
}

inline std::string allow(const std::string& principal, const std::string& action,
                         const std::string& resource) {
  return R"({"Effect":"Allow","Principal":)" + principal + R"(,"Action":)" + action +
         R"(,"Resource":)" + resource + "}";
}

inline PolicyRequest anonymous_call(std::string action, std::string resource) {
  PolicyRequest request;
  request.action = std::move(action);
  request.resource = std::move(resource);
  return request;
}

}  // namespace certflow::iam::testing
