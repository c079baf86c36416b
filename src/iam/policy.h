// IAM JSON policies: parsing and evaluating one policy document against one request.
// The rules follow /work/shared/reference/iam-policy-eval.md (Principal, Action, Resource,
// Condition, policy variables; explicit Deny wins, nothing allowing means implicit deny).
// Combining several policies (identity + resource, cross-account) is the caller's business:
// evaluate each and let any kExplicitDeny win.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace certflow::iam {

struct PolicyRequest {
  std::string principal_service;  // "events.amazonaws.com" for a service principal, else ""
  std::string principal_account;  // the caller's 12-digit account id for an AWS principal, else ""
  std::string principal_arn;  // e.g. "arn:aws:iam::123456789012:root" or a user ARN; "" when none
  std::string action;         // "sns:Publish"
  std::string resource;       // the resource ARN
  // Condition keys ("aws:SourceArn" -> ...). Key names match case-insensitively, as in IAM.
  std::map<std::string, std::string> context;
  // Multivalued keys (aws:TagKeys, aws:CalledVia, ...) for ForAnyValue:/ForAllValues:. A key
  // present here takes precedence over the same key in `context`.
  std::map<std::string, std::vector<std::string>> multivalued_context;
};

enum class Decision { kAllow, kExplicitDeny, kImplicitDeny };

std::string_view to_string(Decision decision);

// Resource policies (topic, queue, bus policies) say whom they apply to: every statement needs
// Principal or NotPrincipal. Identity policies (attached to a user or role) must not name one,
// and their Sids are alphanumeric.
enum class PolicyKind { kResource, kIdentity };

namespace detail {
struct CompiledPolicy;
}

class Policy {
 public:
  // kInvalidParameter with a message that names the statement (index, and Sid when it has one)
  // and the field, e.g. `Statement[1].Effect must be "Allow" or "Deny", not "Permit"`. Unknown
  // top-level or statement fields and unknown condition operators are errors. Never throws.
  static Result<Policy> parse(std::string_view json_text, PolicyKind kind = PolicyKind::kResource);

  // A statement applies when its principal, action, resource and every condition match; any
  // applying Deny gives kExplicitDeny, else any applying Allow gives kAllow. In identity
  // policies the caller is the principal of every statement.
  Decision evaluate(const PolicyRequest& request) const;

  // The document exactly as given to parse().
  const std::string& text() const;

 private:
  explicit Policy(std::shared_ptr<const detail::CompiledPolicy> compiled);
  std::shared_ptr<const detail::CompiledPolicy> compiled_;  // immutable, shared by copies
};

// The policy SNS gives a new topic: every caller whose AWS:SourceOwner is the owner account may
// do the usual topic actions (GetTopicAttributes ... Publish). A service's delivery carries
// aws:SourceArn / aws:SourceAccount but no AWS:SourceOwner, so this policy alone does not let
// EventBridge publish; the topic owner must add a statement for events.amazonaws.com.
// Compact JSON, fields in the order SNS writes them ("Version":"2008-10-17",
// "__default_policy_ID").
std::string default_topic_policy(const std::string& topic_arn, const std::string& account_id);

}  // namespace certflow::iam
