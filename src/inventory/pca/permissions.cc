// CreatePermission, DeletePermission, ListPermissions: what ACM's service principal may do with
// a CA (ACM needs IssueCertificate, GetCertificate and ListPermissions to renew private
// certificates).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "crypto/encoding.h"
#include "inventory/pca/ca_access.h"

namespace certflow::pca {

namespace {

constexpr const char* kActions[] = {"IssueCertificate", "GetCertificate", "ListPermissions"};
constexpr const char* kPagePrefix = "certflow-pca-permissions-page:";
constexpr size_t kDefaultPageSize = 1000;

bool known_action(const std::string& action) {
  return std::any_of(std::begin(kActions), std::end(kActions),
                     [&](const char* known) { return action == known; });
}

Status check_principal(const std::string& principal) {
  if (principal != kAcmPrincipal) {
    return fail(ErrorCode::kInvalidRequest,
                "Principal \"" + principal +
                    "\" cannot be granted permissions: AWS Private CA grants them only to ACM's "
                    "service principal, acm.amazonaws.com.");
  }
  return {};
}

Status check_source_account(const std::string& account) {
  bool ok = account.empty() || account.size() == 12;
  for (char c : account) ok = ok && c >= '0' && c <= '9';
  if (!ok) {
    return fail(ErrorCode::kInvalidRequest,
                "SourceAccount \"" + account + "\" must be a 12-digit AWS account id.");
  }
  return {};
}

Status check_actions(const std::vector<std::string>& actions) {
  if (actions.empty() || actions.size() > 3) {
    return fail(ErrorCode::kInvalidRequest,
                "Actions must list 1 to 3 of IssueCertificate, GetCertificate, ListPermissions; " +
                    std::to_string(actions.size()) + " were given.");
  }
  for (size_t i = 0; i < actions.size(); ++i) {
    if (!known_action(actions[i])) {
      return fail(ErrorCode::kInvalidRequest,
                  "Action \"" + actions[i] +
                      "\" is not one of IssueCertificate, GetCertificate, ListPermissions.");
    }
    if (std::find(actions.begin(), actions.begin() + i, actions[i]) != actions.begin() + i) {
      return fail(ErrorCode::kInvalidRequest, "Action \"" + actions[i] + "\" is listed twice.");
    }
  }
  return {};
}

// The resource policy the permission amounts to, as ListPermissions shows it.
std::string policy_text(const std::string& ca_arn, const PermissionRecord& permission) {
  nlohmann::json actions = nlohmann::json::array();
  for (const auto& action : permission.actions) actions.push_back("acm-pca:" + action);
  nlohmann::json statement = {{"Sid", "certflow-acm-permission"},
                              {"Effect", "Allow"},
                              {"Principal", {{"Service", permission.principal}}},
                              {"Action", actions},
                              {"Resource", ca_arn}};
  if (!permission.source_account.empty()) {
    statement["Condition"] = {{"StringEquals", {{"aws:SourceAccount", permission.source_account}}}};
  }
  nlohmann::json policy = {{"Version", "2012-10-17"}, {"Statement", {statement}}};
  return policy.dump();
}

auto same_grant(std::string principal, std::string source_account) {
  return [principal, source_account](const PermissionRecord& p) {
    return p.principal == principal && p.source_account == source_account;
  };
}

}  // namespace

bool acm_may_issue(const CaRecord& ca, const std::string& account_id) {
  return std::any_of(ca.permissions.begin(), ca.permissions.end(), [&](const auto& p) {
    return p.principal == kAcmPrincipal &&
           (p.source_account.empty() || p.source_account == account_id) &&
           std::find(p.actions.begin(), p.actions.end(), "IssueCertificate") != p.actions.end();
  });
}

Status CertificateAuthorities::create_permission(const std::string& ca_arn,
                                                 const std::string& principal,
                                                 const std::vector<std::string>& actions,
                                                 const std::string& source_account) {
  if (auto ok = check_principal(principal); !ok) return ok;
  if (auto ok = check_actions(actions); !ok) return ok;
  if (auto ok = check_source_account(source_account); !ok) return ok;
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  const TimePoint now = clock_.now();
  auto ca = load_live_ca(**txn, config_, ca_arn, now, "permissions cannot be granted on it");
  if (!ca) return tl::unexpected(ca.error());
  auto& grants = ca->permissions;
  if (std::any_of(grants.begin(), grants.end(), same_grant(principal, source_account))) {
    return fail(ErrorCode::kPermissionAlreadyExists,
                "A permission for " + principal +
                    (source_account.empty() ? "" : " (source account " + source_account + ")") +
                    " already exists on " + ca->arn + ". Delete it first to change its actions.");
  }
  grants.push_back({principal, source_account, actions, to_epoch_millis(now)});
  if (auto ok = save_ca(**txn, *ca, now); !ok) return ok;
  return (*txn)->commit();
}

Status CertificateAuthorities::delete_permission(const std::string& ca_arn,
                                                 const std::string& principal,
                                                 const std::string& source_account) {
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  const TimePoint now = clock_.now();
  auto ca = load_live_ca(**txn, config_, ca_arn, now, "its permissions cannot be changed");
  if (!ca) return tl::unexpected(ca.error());
  auto& grants = ca->permissions;
  auto it = std::find_if(grants.begin(), grants.end(), same_grant(principal, source_account));
  if (it == grants.end()) {
    return fail(ErrorCode::kResourceNotFound,
                "There is no permission for " + principal +
                    (source_account.empty() ? "" : " (source account " + source_account + ")") +
                    " on " + ca->arn + ".");
  }
  grants.erase(it);
  if (auto ok = save_ca(**txn, *ca, now); !ok) return ok;
  return (*txn)->commit();
}

Result<Page<Permission>> CertificateAuthorities::list_permissions(
    const std::string& ca_arn, size_t max_results, const std::optional<std::string>& next_token) {
  auto ca = load_live_ca(store_, config_, ca_arn, clock_.now(), "its permissions cannot be listed");
  if (!ca) return tl::unexpected(ca.error());
  size_t start = 0;
  if (next_token) {
    auto text = crypto::base64_decode(*next_token);
    const std::string prefix = kPagePrefix;
    bool ok = text && text->rfind(prefix, 0) == 0 && text->size() > prefix.size();
    if (ok) {
      const std::string digits = text->substr(prefix.size());
      ok = digits.size() < 10 &&
           std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (ok) start = std::stoul(digits);
    }
    if (!ok || start > ca->permissions.size()) {
      return fail(ErrorCode::kInvalidNextToken,
                  "The NextToken is not valid. Pass the NextToken exactly as the previous "
                  "response returned it.");
    }
  }
  const size_t limit = max_results == 0 ? kDefaultPageSize : max_results;
  Page<Permission> page;
  size_t at = start;
  for (; at < ca->permissions.size() && page.items.size() < limit; ++at) {
    const PermissionRecord& p = ca->permissions[at];
    page.items.push_back({ca->arn, from_epoch_millis(p.created_at_ms), p.principal,
                          p.source_account, p.actions, policy_text(ca->arn, p)});
  }
  if (at < ca->permissions.size()) {
    page.next_token = crypto::base64_encode(kPagePrefix + std::to_string(at));
  }
  return page;
}

}  // namespace certflow::pca
