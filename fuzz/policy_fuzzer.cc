// Fuzzes IAM policy parsing and evaluation with arbitrary text. An accepted policy keeps its
// text, decides the same way when parsed again, and turns into an explicit deny for every
// request once a deny-everything statement is appended.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "iam/policy.h"

namespace {

namespace iam = certflow::iam;

std::vector<iam::PolicyRequest> requests() {
  std::vector<iam::PolicyRequest> out;
  iam::PolicyRequest events;
  events.principal_service = "events.amazonaws.com";
  events.action = "sns:Publish";
  events.resource = "arn:aws:sns:us-east-1:111122223333:MyTopic";
  events.context = {{"aws:SourceArn", "arn:aws:events:us-east-1:111122223333:rule/r"},
                    {"aws:SourceAccount", "111122223333"},
                    {"aws:SourceIp", "203.0.113.9"},
                    {"aws:CurrentTime", "2026-11-27T10:00:00Z"},
                    {"k:n", "10"}};
  out.push_back(events);
  iam::PolicyRequest user;
  user.principal_account = "111122223333";
  user.principal_arn = "arn:aws:sts::111122223333:assumed-role/R/s";
  user.action = "SNS:getTopicAttributes";
  user.resource = "arn:aws:sns:us-east-1:111122223333:MyTopic:sub-1";
  user.context = {{"AWS:SourceOwner", "111122223333"}, {"aws:username", "*"}};
  user.multivalued_context = {{"aws:TagKeys", {"env", "team"}}};
  out.push_back(user);
  iam::PolicyRequest anonymous;
  anonymous.action = "s3:GetObject";
  anonymous.resource = "arn:aws:s3:::bkt/a:b/c";
  out.push_back(anonymous);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<iam::PolicyRequest> kRequests = requests();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)iam::Policy::parse(text, iam::PolicyKind::kIdentity);
  auto policy = iam::Policy::parse(text);
  if (!policy) {
    if (policy.error().message.empty()) __builtin_trap();  // errors must say what is wrong
    return 0;
  }
  if (policy->text() != text) __builtin_trap();
  auto again = iam::Policy::parse(text);
  if (!again) __builtin_trap();
  for (const auto& request : kRequests) {
    if (policy->evaluate(request) != again->evaluate(request)) __builtin_trap();
  }

  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) __builtin_trap();  // parse() accepted it as JSON
  auto& statements = doc["Statement"];
  if (!statements.is_array()) statements = nlohmann::json::array({statements});
  statements.push_back(
      {{"Effect", "Deny"}, {"Principal", "*"}, {"Action", "*"}, {"Resource", "*"}});
  auto denied = iam::Policy::parse(doc.dump());
  if (!denied) __builtin_trap();
  for (const auto& request : kRequests) {
    if (denied->evaluate(request) != iam::Decision::kExplicitDeny) __builtin_trap();
  }
  return 0;
}
