// Decoding of Private CA (acm-pca) request bodies into the CA engine's requests, checked against
// the API model as every JSON adapter does (api/json_input.h): a member of the wrong JSON type or
// a blob that is not base64 is a SerializationException; a missing required member or a value
// outside the model's lengths, enums and patterns is a ValidationException naming the member.
// What the model allows but certflow cannot do (CSR extensions, custom subject attributes, a CRL
// configuration that omits the distribution point) is an InvalidArgsException saying so.
// Separate from the service so the fuzzer can drive every decoder without a store.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "inventory/pca/pca.h"
#include "store/store.h"

namespace certflow::api::privateca {

// DescribeCertificateAuthority, GetCertificateAuthorityCsr, GetCertificateAuthorityCertificate,
// RestoreCertificateAuthority.
struct CaArnInput {
  std::string ca_arn;
};
struct ListCasInput {
  size_t max_results = 1000;
  std::optional<std::string> next_token;
  bool other_accounts = false;  // ResourceOwner OTHER_ACCOUNTS: CAs shared with this account
};
struct ImportCaCertificateInput {
  std::string ca_arn;
  std::string certificate;  // the decoded blob (PEM or DER)
  std::string chain;        // "" for a root
};
struct GetCertificateInput {
  std::string ca_arn;
  std::string certificate_arn;
};
struct RevokeInput {
  std::string ca_arn;
  std::string serial;  // as given; the engine reads hex with or without colons
  std::string reason;
};
struct UpdateInput {
  std::string ca_arn;
  std::optional<std::string> status;
  std::optional<certflow::pca::RevocationConfiguration> revocation;
};
struct DeleteInput {
  std::string ca_arn;
  std::optional<int> permanent_deletion_days;
};
// CreatePermission (actions required), DeletePermission (actions empty).
struct PermissionInput {
  std::string ca_arn;
  std::string principal;
  std::vector<std::string> actions;
  std::string source_account;  // "" when not given
};
struct ListPermissionsInput {
  std::string ca_arn;
  size_t max_results = 1000;
  std::optional<std::string> next_token;
};
// ListTags pages in the adapter: its NextToken is the offset of the page's first tag.
struct ListTagsInput {
  std::string ca_arn;
  size_t max_results = 50;
  size_t offset = 0;
};
struct TagsInput {
  std::string ca_arn;
  std::vector<store::Tag> tags;
};

Result<certflow::pca::CreateCaRequest> decode_create(const nlohmann::json& body);
Result<CaArnInput> decode_ca_arn(const nlohmann::json& body);
Result<ListCasInput> decode_list(const nlohmann::json& body);
Result<ImportCaCertificateInput> decode_import(const nlohmann::json& body);
Result<certflow::pca::IssueRequest> decode_issue(const nlohmann::json& body);
Result<GetCertificateInput> decode_get_certificate(const nlohmann::json& body);
Result<RevokeInput> decode_revoke(const nlohmann::json& body);
Result<UpdateInput> decode_update(const nlohmann::json& body);
Result<DeleteInput> decode_delete(const nlohmann::json& body);
Result<PermissionInput> decode_create_permission(const nlohmann::json& body);
Result<PermissionInput> decode_delete_permission(const nlohmann::json& body);
Result<ListPermissionsInput> decode_list_permissions(const nlohmann::json& body);
Result<ListTagsInput> decode_list_tags(const nlohmann::json& body);
// TagCertificateAuthority, UntagCertificateAuthority.
Result<TagsInput> decode_tags(const nlohmann::json& body);

}  // namespace certflow::api::privateca
