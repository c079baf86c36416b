// Disable/enable, the delete/restore window, permissions, tags, and the CA as ACM sees it.
#include <nlohmann/json.hpp>

#include "pca_fixture.h"

namespace certflow::pca::testing {
namespace {

using std::chrono::days;
using std::chrono::hours;

void expect_code(const Status& status, ErrorCode code) {
  ASSERT_FALSE(status) << "expected " << to_string(code);
  EXPECT_EQ(status.error().code, code) << status.error().message;
}

template <typename T>
void expect_code(const Result<T>& result, ErrorCode code) {
  ASSERT_FALSE(result) << "expected " << to_string(code);
  EXPECT_EQ(result.error().code, code) << result.error().message;
}

TEST_F(PcaTest, DisableAndEnableMoveBetweenActiveAndDisabled) {
  std::string root = active_root();
  clock_->advance(hours(1));
  ASSERT_TRUE(cas_->update(root, "DISABLED", std::nullopt));
  auto disabled = cas_->describe(root);
  EXPECT_EQ(disabled->status, "DISABLED");
  EXPECT_EQ(disabled->last_state_change_at, clock_->now());
  expect_code(cas_->issue(end_entity(root)), ErrorCode::kInvalidState);
  ASSERT_TRUE(cas_->update(root, "ACTIVE", std::nullopt));
  EXPECT_EQ(cas_->describe(root)->status, "ACTIVE");
  issue_ok(end_entity(root));

  expect_code(cas_->update(root, "DELETED", std::nullopt), ErrorCode::kInvalidArgs);
  expect_code(cas_->update(root, "EXPIRED", std::nullopt), ErrorCode::kInvalidArgs);
  std::string pending = create_ok(root_request("Pending"));
  expect_code(cas_->update(pending, "ACTIVE", std::nullopt), ErrorCode::kInvalidState);

  // An expired CA cannot be enabled again.
  std::string short_root = create_ok(root_request("Short"));
  activate_root(short_root, {2, "DAYS"});
  ASSERT_TRUE(cas_->update(short_root, "DISABLED", std::nullopt));
  clock_->advance(days(3));
  expect_code(cas_->update(short_root, "ACTIVE", std::nullopt), ErrorCode::kInvalidState);
}

TEST_F(PcaTest, DeletedCaIsRestorableWithinItsWindow) {
  std::string root = active_root();
  expect_code(cas_->remove(root, 7), ErrorCode::kInvalidState);  // ACTIVE: disable first
  expect_code(cas_->remove(root, 6), ErrorCode::kInvalidArgs);
  ASSERT_TRUE(cas_->update(root, "DISABLED", std::nullopt));
  ASSERT_TRUE(cas_->remove(root, 7));
  auto deleted = cas_->describe(root);
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->status, "DELETED");
  EXPECT_EQ(deleted->restorable_until, clock_->now() + days(7));
  EXPECT_EQ(cas_->list(10, std::nullopt)->items.size(), 1u);
  expect_code(cas_->get_csr(root), ErrorCode::kInvalidState);
  expect_code(cas_->issue(end_entity(root)), ErrorCode::kInvalidState);
  expect_code(cas_->update(root, "ACTIVE", std::nullopt), ErrorCode::kInvalidState);
  expect_code(cas_->remove(root, 7), ErrorCode::kInvalidState);

  clock_->advance(days(6));
  ASSERT_TRUE(cas_->restore(root));
  auto restored = cas_->describe(root);
  EXPECT_EQ(restored->status, "DISABLED");
  EXPECT_FALSE(restored->restorable_until);
  expect_code(cas_->restore(root), ErrorCode::kInvalidState);
  ASSERT_TRUE(cas_->update(root, "ACTIVE", std::nullopt));
  issue_ok(end_entity(root));

  ASSERT_TRUE(cas_->update(root, "DISABLED", std::nullopt));
  ASSERT_TRUE(cas_->remove(root, std::nullopt));
  EXPECT_EQ(cas_->describe(root)->restorable_until, clock_->now() + days(30));
  clock_->advance(days(30));
  expect_code(cas_->describe(root), ErrorCode::kResourceNotFound);
  expect_code(cas_->restore(root), ErrorCode::kResourceNotFound);
  EXPECT_TRUE(cas_->list(10, std::nullopt)->items.empty());
}

TEST_F(PcaTest, PendingCaIsRestoredToPendingCertificate) {
  std::string pending = create_ok(root_request());
  ASSERT_TRUE(cas_->remove(pending, 10));
  EXPECT_EQ(cas_->describe(pending)->status, "DELETED");
  ASSERT_TRUE(cas_->restore(pending));
  EXPECT_EQ(cas_->describe(pending)->status, "PENDING_CERTIFICATE");
  activate_root(pending);
  EXPECT_EQ(cas_->describe(pending)->status, "ACTIVE");
}

TEST_F(PcaTest, PermissionsForAcmAreGrantedListedAndRevoked) {
  std::string root = active_root();
  ASSERT_TRUE(
      cas_->create_permission(root, kAcmPrincipal, {"IssueCertificate", "GetCertificate"}, ""));
  ASSERT_TRUE(cas_->create_permission(root, kAcmPrincipal, {"ListPermissions"}, "123456789012"));
  expect_code(cas_->create_permission(root, kAcmPrincipal, {"GetCertificate"}, ""),
              ErrorCode::kPermissionAlreadyExists);
  expect_code(cas_->create_permission(root, "ec2.amazonaws.com", {"GetCertificate"}, ""),
              ErrorCode::kInvalidRequest);
  expect_code(cas_->create_permission(root, kAcmPrincipal, {}, "999999999999"),
              ErrorCode::kInvalidRequest);
  expect_code(cas_->create_permission(root, kAcmPrincipal, {"RevokeCertificate"}, "999999999999"),
              ErrorCode::kInvalidRequest);
  expect_code(cas_->create_permission(root, kAcmPrincipal, {"GetCertificate", "GetCertificate"},
                                      "999999999999"),
              ErrorCode::kInvalidRequest);
  expect_code(cas_->create_permission(root, kAcmPrincipal, {"GetCertificate"}, "12345"),
              ErrorCode::kInvalidRequest);

  auto first = cas_->list_permissions(root, 1, std::nullopt);
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_EQ(first->items.size(), 1u);
  ASSERT_TRUE(first->next_token);
  const Permission& grant = first->items[0];
  EXPECT_EQ(grant.ca_arn, root);
  EXPECT_EQ(grant.principal, kAcmPrincipal);
  EXPECT_EQ(grant.source_account, "");
  EXPECT_EQ(grant.actions, (std::vector<std::string>{"IssueCertificate", "GetCertificate"}));
  EXPECT_EQ(grant.created_at, clock_->now());
  auto policy = nlohmann::json::parse(grant.policy);
  const auto& statement = policy["Statement"][0];
  EXPECT_EQ(statement["Principal"]["Service"], kAcmPrincipal);
  EXPECT_EQ(statement["Effect"], "Allow");
  EXPECT_EQ(statement["Resource"], root);
  EXPECT_EQ(statement["Action"][0], "acm-pca:IssueCertificate");
  auto second = cas_->list_permissions(root, 1, first->next_token);
  ASSERT_TRUE(second);
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].source_account, "123456789012");
  EXPECT_FALSE(second->next_token);
  expect_code(cas_->list_permissions(root, 1, std::string("garbage")),
              ErrorCode::kInvalidNextToken);

  ASSERT_TRUE(cas_->delete_permission(root, kAcmPrincipal, ""));
  expect_code(cas_->delete_permission(root, kAcmPrincipal, ""), ErrorCode::kResourceNotFound);
  EXPECT_EQ(cas_->list_permissions(root, 10, std::nullopt)->items.size(), 1u);
}

TEST_F(PcaTest, TagsAreKeptPerCa) {
  CreateCaRequest request = root_request();
  request.tags = {{"team", "pki"}, {"env", std::nullopt}};
  std::string arn = create_ok(request);
  std::string other = create_ok(root_request("Other"));
  EXPECT_EQ(*cas_->list_tags(arn), request.tags);
  EXPECT_TRUE(cas_->list_tags(other)->empty());

  ASSERT_TRUE(cas_->tag(arn, {{"team", "security"}, {"cost", "42"}}));
  EXPECT_EQ(*cas_->list_tags(arn),
            (std::vector<store::Tag>{{"team", "security"}, {"env", std::nullopt}, {"cost", "42"}}));
  ASSERT_TRUE(cas_->untag(arn, {{"team", "wrong-value"}, {"env", std::nullopt}}));
  EXPECT_EQ(*cas_->list_tags(arn), (std::vector<store::Tag>{{"team", "security"}, {"cost", "42"}}));
  expect_code(cas_->tag(arn, {{"bad key!", "v"}}), ErrorCode::kInvalidTag);
  std::vector<store::Tag> many;
  for (int i = 0; i < 49; ++i) many.push_back({"k" + std::to_string(i), "v"});
  expect_code(cas_->tag(arn, many), ErrorCode::kTooManyTags);
  many.pop_back();
  EXPECT_TRUE(cas_->tag(arn, many));
  EXPECT_EQ(cas_->list_tags(arn)->size(), 50u);
}

class AcmViewTest : public PcaTest {
 protected:
  inventory::PrivateIssueRequest request_for(const std::string& ca_arn) {
    inventory::PrivateIssueRequest request;
    request.ca_arn = ca_arn;
    request.csr_pem = csr_for("app.internal.example");
    request.domain_name = "app.internal.example";
    request.subject_alternative_names = {"app.internal.example", "alt.internal.example"};
    request.validity_days = 395;
    return request;
  }
  std::string failure_of(const inventory::PrivateIssueRequest& request) {
    auto issued = cas_->issue_private(request);
    if (issued) return "issued";
    EXPECT_FALSE(issued.error().message.empty());
    return issued.error().reason;
  }
};

TEST_F(AcmViewTest, IssuesOnlyWithPermissionFromAnActiveLongLivedCa) {
  std::string root = active_root();
  auto denied = cas_->issue_private(request_for(root));
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().reason, "PCA_ACCESS_DENIED");
  EXPECT_NE(denied.error().message.find(
                "aws acm-pca create-permission --certificate-authority-arn " + root +
                " --principal acm.amazonaws.com --actions IssueCertificate GetCertificate "
                "ListPermissions"),
            std::string::npos)
      << denied.error().message;
  ASSERT_TRUE(cas_->create_permission(root, kAcmPrincipal, {"GetCertificate"}, ""));
  EXPECT_EQ(failure_of(request_for(root)), "PCA_ACCESS_DENIED");
  ASSERT_TRUE(cas_->delete_permission(root, kAcmPrincipal, ""));
  ASSERT_TRUE(cas_->create_permission(
      root, kAcmPrincipal, {"IssueCertificate", "GetCertificate", "ListPermissions"}, ""));

  auto issued = cas_->issue_private(request_for(root));
  ASSERT_TRUE(issued) << issued.error().message;
  EXPECT_EQ(verify(issued->certificate_pem, issued->chain_pem, clock_->now()), "");
  CertFacts cert = facts(issued->certificate_pem);
  EXPECT_EQ(cert.subject, "CN=app.internal.example");
  EXPECT_EQ(cert.dns_names,
            (std::vector<std::string>{"app.internal.example", "alt.internal.example"}));
  EXPECT_EQ(cert.not_after, clock_->now() + days(395));
  // Recorded like any issued certificate: readable and revocable through the CA.
  std::string id = std::string(32 - cert.serial_hex.size(), '0') + cert.serial_hex;
  EXPECT_EQ(certificate_of(root, root + "/certificate/" + id).certificate_pem,
            issued->certificate_pem);
  EXPECT_TRUE(cas_->revoke(root, cert.serial_hex, "SUPERSEDED"));

  inventory::PrivateIssueRequest too_long = request_for(root);
  too_long.validity_days = 3700;
  auto duration = cas_->issue_private(too_long);
  ASSERT_FALSE(duration);
  EXPECT_EQ(duration.error().reason, "PCA_INVALID_DURATION");
  EXPECT_NE(duration.error().message.find(to_iso8601(*cas_->describe(root)->not_after)),
            std::string::npos);
  inventory::PrivateIssueRequest bad_csr = request_for(root);
  bad_csr.csr_pem = "not a csr";
  EXPECT_EQ(failure_of(bad_csr), "PCA_INVALID_ARGS");
}

TEST_F(AcmViewTest, FailureReasonsNameWhatIsWrongWithTheCa) {
  EXPECT_EQ(failure_of(request_for("arn:aws:acm-pca:eu-west-1:123456789012")), "PCA_INVALID_ARN");
  EXPECT_EQ(failure_of(request_for("arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/"
                                   "11111111-2222-3333-4444-555555555555")),
            "PCA_RESOURCE_NOT_FOUND");
  std::string pending = create_ok(root_request("Pending"));
  ASSERT_TRUE(cas_->create_permission(pending, kAcmPrincipal, {"IssueCertificate"}, ""));
  EXPECT_EQ(failure_of(request_for(pending)), "PCA_INVALID_STATE");
  expect_code(cas_->check_ca(pending), ErrorCode::kInvalidState);

  std::string root = active_root();
  ASSERT_TRUE(cas_->create_permission(root, kAcmPrincipal, {"IssueCertificate"}, ""));
  EXPECT_TRUE(cas_->check_ca(root));
  EXPECT_EQ(failure_of(request_for(root)), "issued");
  ASSERT_TRUE(cas_->update(root, "DISABLED", std::nullopt));
  EXPECT_EQ(failure_of(request_for(root)), "PCA_INVALID_STATE");
  expect_code(cas_->check_ca(root), ErrorCode::kInvalidState);
  ASSERT_TRUE(cas_->remove(root, 7));
  EXPECT_EQ(failure_of(request_for(root)), "PCA_INVALID_STATE");
  clock_->advance(days(8));
  EXPECT_EQ(failure_of(request_for(root)), "PCA_RESOURCE_NOT_FOUND");
  expect_code(cas_->check_ca(root), ErrorCode::kResourceNotFound);
  expect_code(cas_->check_ca("certificate-authority"), ErrorCode::kInvalidArn);

  std::string short_root = create_ok(root_request("Short"));
  activate_root(short_root, {2, "DAYS"});
  ASSERT_TRUE(cas_->create_permission(short_root, kAcmPrincipal, {"IssueCertificate"}, ""));
  inventory::PrivateIssueRequest one_day = request_for(short_root);
  one_day.validity_days = 1;
  EXPECT_EQ(failure_of(one_day), "issued");
  clock_->advance(days(3));
  EXPECT_EQ(failure_of(one_day), "PCA_INVALID_STATE");  // EXPIRED
}

}  // namespace
}  // namespace certflow::pca::testing
