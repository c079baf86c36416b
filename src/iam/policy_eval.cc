// Policy::evaluate: which statements apply to a request, and the decision they make.
#include <algorithm>

#include "iam/policy_internal.h"

namespace certflow::iam {

namespace {

using detail::PrincipalSet;
using detail::Statement;

bool is_account_id(std::string_view s) {
  return s.size() == 12 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The account an entry of Principal.AWS stands for when it names a whole account (an id or the
// account's root ARN); "" for a user, role or session ARN.
std::string_view account_entry(std::string_view entry) {
  if (is_account_id(entry)) return entry;
  auto parts = detail::split_arn(entry);
  if (parts.size() == 6 && parts[2] == "iam" && parts[5] == "root") return parts[4];
  return {};
}

std::string_view caller_account(const PolicyRequest& request) {
  if (!request.principal_account.empty()) return request.principal_account;
  auto parts = detail::split_arn(request.principal_arn);
  return parts.size() == 6 ? parts[4] : std::string_view{};
}

bool caller_is_root_of(const PolicyRequest& request, std::string_view account) {
  if (request.principal_arn.empty()) return request.principal_account == account;
  auto parts = detail::split_arn(request.principal_arn);
  return parts.size() == 6 && parts[2] == "iam" && parts[4] == account && parts[5] == "root";
}

// A role grant covers the role's sessions: arn:aws:sts::<acct>:assumed-role/<name>/<session>
// (the session ARN drops the role's path).
bool is_session_of_role(std::string_view role_arn, std::string_view caller_arn) {
  auto role = detail::split_arn(role_arn);
  if (role.size() != 6 || role[2] != "iam" || !role[5].starts_with("role/")) return false;
  std::string_view name = role[5].substr(role[5].rfind('/') + 1);
  std::string prefix = "arn:" + std::string(role[1]) + ":sts::" + std::string(role[4]) +
                       ":assumed-role/" + std::string(name) + "/";
  return caller_arn.size() > prefix.size() && caller_arn.starts_with(prefix);
}

bool principal_matches(const PrincipalSet& set, const PolicyRequest& request) {
  if (set.everyone) return true;
  if (!request.principal_service.empty()) {
    return std::find(set.services.begin(), set.services.end(), request.principal_service) !=
           set.services.end();
  }
  for (const auto& entry : set.aws) {
    if (auto account = account_entry(entry); !account.empty()) {
      // An account principal covers every identity of the account, not just its root user.
      if (caller_account(request) == account) return true;
    } else if (!request.principal_arn.empty() &&
               (entry == request.principal_arn ||
                is_session_of_role(entry, request.principal_arn))) {
      return true;
    }
  }
  return false;
}

// NotPrincipal exempts exactly the identities listed: an account entry exempts the account
// (its root) but not the account's other users.
bool principal_exempt(const PrincipalSet& set, const PolicyRequest& request) {
  if (set.everyone) return true;
  if (!request.principal_service.empty()) {
    return std::find(set.services.begin(), set.services.end(), request.principal_service) !=
           set.services.end();
  }
  for (const auto& entry : set.aws) {
    if (auto account = account_entry(entry); !account.empty()) {
      if (caller_is_root_of(request, account)) return true;
    } else if (!request.principal_arn.empty() && entry == request.principal_arn) {
      return true;
    }
  }
  return false;
}

bool applies(const Statement& st, const PolicyRequest& request) {
  if (st.principal) {
    bool listed = st.not_principal ? principal_exempt(*st.principal, request)
                                   : principal_matches(*st.principal, request);
    if (listed == st.not_principal) return false;
  }
  bool action = std::any_of(st.actions.begin(), st.actions.end(), [&](const detail::Glob& a) {
    return detail::glob_match(a, request.action, /*ignore_case=*/true);
  });
  if (action == st.not_action) return false;
  bool resource = std::any_of(st.resources.begin(), st.resources.end(), [&](const auto& r) {
    return detail::resource_match(r, request.resource, request);
  });
  if (resource == st.not_resource) return false;
  return detail::conditions_hold(st.conditions, request);
}

}  // namespace

std::string_view to_string(Decision decision) {
  switch (decision) {
    case Decision::kAllow: return "Allow";
    case Decision::kExplicitDeny: return "ExplicitDeny";
    case Decision::kImplicitDeny: return "ImplicitDeny";
  }
  return "?";
}

Policy::Policy(std::shared_ptr<const detail::CompiledPolicy> compiled)
    : compiled_(std::move(compiled)) {}

const std::string& Policy::text() const { return compiled_->text; }

Decision Policy::evaluate(const PolicyRequest& request) const {
  bool allowed = false;
  for (const auto& st : compiled_->statements) {
    if (!applies(st, request)) continue;
    if (!st.allow) return Decision::kExplicitDeny;
    allowed = true;
  }
  return allowed ? Decision::kAllow : Decision::kImplicitDeny;
}

}  // namespace certflow::iam
