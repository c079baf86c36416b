// The default SNS topic policy, as AWS writes it for every new topic (LocalStack snapshot of
// GetTopicAttributes): 2008-10-17, __default_policy_ID, owner-only via AWS:SourceOwner.
#include <nlohmann/json.hpp>

#include "iam/policy.h"

namespace certflow::iam {

std::string default_topic_policy(const std::string& topic_arn, const std::string& account_id) {
  // ordered_json keeps SNS's field order, so GetTopicAttributes reads as AWS's does.
  using nlohmann::ordered_json;
  ordered_json statement = {
      {"Sid", "__default_statement_ID"},
      {"Effect", "Allow"},
      {"Principal", {{"AWS", "*"}}},
      {"Action",
       ordered_json::array({"SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
                            "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe",
                            "SNS:ListSubscriptionsByTopic", "SNS:Publish"})},
      {"Resource", topic_arn},
      {"Condition", {{"StringEquals", {{"AWS:SourceOwner", account_id}}}}},
  };
  ordered_json policy = {
      {"Version", "2008-10-17"},
      {"Id", "__default_policy_ID"},
      {"Statement", ordered_json::array({statement})},
  };
  return policy.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace certflow::iam
