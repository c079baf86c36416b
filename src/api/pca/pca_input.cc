#include "api/pca/pca_input.h"

#include <algorithm>

#include "api/json_input.h"
#include "api/pca/pca_members.h"

namespace certflow::api::privateca {

using nlohmann::json;
namespace backend = certflow::pca;

namespace {

const StringRule kKeyAlgorithmRule{
    0,
    SIZE_MAX,
    {"RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1",
     "ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "SM2"}};
const StringRule kSigningAlgorithmRule{
    0,
    SIZE_MAX,
    {"SHA256WITHECDSA", "SHA384WITHECDSA", "SHA512WITHECDSA", "SHA256WITHRSA", "SHA384WITHRSA",
     "SHA512WITHRSA", "SM3WITHSM2", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87"}};
const StringRule kCaTypeRule{0, SIZE_MAX, {"ROOT", "SUBORDINATE"}};
const StringRule kKeyStorageRule{
    0,
    SIZE_MAX,
    {"FIPS_140_2_LEVEL_2_OR_HIGHER", "FIPS_140_2_LEVEL_3_OR_HIGHER", "CCPC_LEVEL_1_OR_HIGHER"}};
const StringRule kUsageModeRule{0, SIZE_MAX, {"GENERAL_PURPOSE", "SHORT_LIVED_CERTIFICATE"}};
const StringRule kValidityTypeRule{
    0, SIZE_MAX, {"END_DATE", "ABSOLUTE", "DAYS", "MONTHS", "YEARS"}};
const StringRule kRevocationReasonRule{
    0,
    SIZE_MAX,
    {"UNSPECIFIED", "KEY_COMPROMISE", "CERTIFICATE_AUTHORITY_COMPROMISE", "AFFILIATION_CHANGED",
     "SUPERSEDED", "CESSATION_OF_OPERATION", "PRIVILEGE_WITHDRAWN", "A_A_COMPROMISE"}};
const StringRule kStatusRule{
    0,
    SIZE_MAX,
    {"CREATING", "PENDING_CERTIFICATE", "ACTIVE", "DELETED", "DISABLED", "EXPIRED", "FAILED"}};
const StringRule kActionRule{
    0, SIZE_MAX, {"IssueCertificate", "GetCertificate", "ListPermissions"}};
const StringRule kNextTokenRule{1, 43739, {}};

bool principal_ok(std::string_view text) {
  return !text.empty() && text.find('*') == std::string_view::npos;
}
bool account_ok(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string ca_arn(JsonInput& input) {
  return arn_member(input, "CertificateAuthorityArn", true).value_or("");
}

size_t max_results(JsonInput& input, size_t fallback) {
  return static_cast<size_t>(
      input.integer("MaxResults", 1, 1000).value_or(static_cast<int64_t>(fallback)));
}

std::string principal(JsonInput& input) {
  return patterned(input, "Principal", {0, 128, {}}, principal_ok, "[^*]+", true).value_or("");
}

std::string source_account(JsonInput& input) {
  return patterned(input, "SourceAccount", {12, 12, {}}, account_ok, "[0-9]+").value_or("");
}

std::optional<backend::Validity> validity_member(JsonInput& input, const json& raw,
                                                 const char* member, bool required) {
  if (required && !require_present(input, raw, member)) return std::nullopt;
  auto structure = input.structure(member);
  if (!structure) return std::nullopt;
  backend::Validity validity;
  validity.value = structure->integer("Value", 1, std::nullopt, true).value_or(0);
  validity.type = structure->string("Type", kValidityTypeRule, true).value_or("");
  return validity;
}

// CsrExtensions: checked for shape, then refused (certflow's CA requests carry no extensions
// beyond those it writes itself). True when it asks for anything.
bool csr_extensions(JsonInput& config, const json& config_raw) {
  auto extensions = config.structure("CsrExtensions");
  if (!extensions) return false;
  if (auto usage = extensions->structure("KeyUsage")) {
    for (const char* bit :
         {"DigitalSignature", "NonRepudiation", "KeyEncipherment", "DataEncipherment",
          "KeyAgreement", "KeyCertSign", "CRLSign", "EncipherOnly", "DecipherOnly"}) {
      usage->boolean(bit);
    }
  }
  extensions->structure_list("SubjectInformationAccess", 0, SIZE_MAX);
  return !raw_member(config_raw, "CsrExtensions").empty();
}

Error unsupported(const std::string& what) { return Error{ErrorCode::kInvalidArgs, what}; }

}  // namespace

Result<backend::CreateCaRequest> decode_create(const json& body) {
  JsonInput input(body);
  backend::CreateCaRequest request;
  bool custom_attributes = false;
  bool extensions = false;
  bool omit_extension = false;
  if (require_present(input, body, "CertificateAuthorityConfiguration")) {
    if (auto config = input.structure("CertificateAuthorityConfiguration")) {
      const json& config_raw = raw_member(body, "CertificateAuthorityConfiguration");
      request.configuration.key_algorithm =
          config->string("KeyAlgorithm", kKeyAlgorithmRule, true).value_or("");
      request.configuration.signing_algorithm =
          config->string("SigningAlgorithm", kSigningAlgorithmRule, true).value_or("");
      if (require_present(*config, config_raw, "Subject")) {
        if (auto subject = config->structure("Subject")) {
          request.configuration.subject = subject_member(*subject, custom_attributes);
        }
      }
      extensions = csr_extensions(*config, config_raw);
    }
  }
  request.revocation =
      revocation_member(input, body, omit_extension).value_or(backend::RevocationConfiguration{});
  request.type = input.string("CertificateAuthorityType", kCaTypeRule, true).value_or("");
  request.idempotency_token = idempotency_token(input);
  if (auto standard = input.string("KeyStorageSecurityStandard", kKeyStorageRule)) {
    request.key_storage_security_standard = *standard;
  }
  request.tags = tags_member(input, false);
  if (auto mode = input.string("UsageMode", kUsageModeRule)) request.usage_mode = *mode;
  if (auto ok = input.result(); !ok) return tl::unexpected(ok.error());
  if (custom_attributes) {
    return tl::unexpected(unsupported(
        "certflow cannot write Subject.CustomAttributes into a CA's name; name the CA with the "
        "standard attributes (CommonName, Organization, Country, ...)."));
  }
  if (extensions) {
    return tl::unexpected(unsupported(
        "certflow cannot add CsrExtensions to a CA's certificate signing request; leave "
        "CertificateAuthorityConfiguration.CsrExtensions out."));
  }
  if (omit_extension) {
    return tl::unexpected(unsupported(
        "certflow always writes the CRL distribution point into the certificates a CA with CRLs "
        "issues; leave CrlDistributionPointExtensionConfiguration.OmitExtension false."));
  }
  return request;
}

Result<CaArnInput> decode_ca_arn(const json& body) {
  JsonInput input(body);
  CaArnInput out{ca_arn(input)};
  return finish(input, std::move(out));
}

Result<ListCasInput> decode_list(const json& body) {
  JsonInput input(body);
  ListCasInput out;
  out.max_results = max_results(input, out.max_results);
  out.next_token = input.string("NextToken", kNextTokenRule);
  out.other_accounts =
      input.string("ResourceOwner", {0, SIZE_MAX, {"SELF", "OTHER_ACCOUNTS"}}) == "OTHER_ACCOUNTS";
  return finish(input, std::move(out));
}

Result<ImportCaCertificateInput> decode_import(const json& body) {
  JsonInput input(body);
  ImportCaCertificateInput out;
  out.ca_arn = ca_arn(input);
  out.certificate = input.blob("Certificate", 1, 32768, true).value_or("");
  out.chain = input.blob("CertificateChain", 0, 2097152).value_or("");
  return finish(input, std::move(out));
}

Result<backend::IssueRequest> decode_issue(const json& body) {
  JsonInput input(body);
  backend::IssueRequest request;
  // Private CA reads ApiPassthrough only with an APIPassthrough template, which certflow does
  // not offer; like AWS with any other template, it checks the shape and ignores it.
  if (auto passthrough = input.structure("ApiPassthrough")) {
    passthrough->structure("Extensions");
    if (auto subject = passthrough->structure("Subject")) {
      bool custom_attributes = false;
      subject_member(*subject, custom_attributes);
    }
  }
  request.ca_arn = ca_arn(input);
  request.csr = input.blob("Csr", 1, 32768, true).value_or("");
  request.signing_algorithm =
      input.string("SigningAlgorithm", kSigningAlgorithmRule, true).value_or("");
  request.template_arn = arn_member(input, "TemplateArn", false).value_or("");
  request.validity = validity_member(input, body, "Validity", true).value_or(backend::Validity{});
  request.validity_not_before = validity_member(input, body, "ValidityNotBefore", false);
  request.idempotency_token = idempotency_token(input);
  return finish(input, std::move(request));
}

Result<GetCertificateInput> decode_get_certificate(const json& body) {
  JsonInput input(body);
  GetCertificateInput out;
  out.ca_arn = ca_arn(input);
  out.certificate_arn = arn_member(input, "CertificateArn", true).value_or("");
  return finish(input, std::move(out));
}

Result<RevokeInput> decode_revoke(const json& body) {
  JsonInput input(body);
  RevokeInput out;
  out.ca_arn = ca_arn(input);
  out.serial = input.string("CertificateSerial", {0, 128, {}}, true).value_or("");
  out.reason = input.string("RevocationReason", kRevocationReasonRule, true).value_or("");
  return finish(input, std::move(out));
}

Result<UpdateInput> decode_update(const json& body) {
  JsonInput input(body);
  UpdateInput out;
  bool omit_extension = false;
  out.ca_arn = ca_arn(input);
  out.revocation = revocation_member(input, body, omit_extension);
  out.status = input.string("Status", kStatusRule);
  if (auto ok = input.result(); !ok) return tl::unexpected(ok.error());
  if (omit_extension) {
    return tl::unexpected(unsupported(
        "certflow always writes the CRL distribution point into the certificates a CA with CRLs "
        "issues; leave CrlDistributionPointExtensionConfiguration.OmitExtension false."));
  }
  return out;
}

Result<DeleteInput> decode_delete(const json& body) {
  JsonInput input(body);
  DeleteInput out;
  out.ca_arn = ca_arn(input);
  if (auto days = input.integer("PermanentDeletionTimeInDays", 7, 30)) {
    out.permanent_deletion_days = static_cast<int>(*days);
  }
  return finish(input, std::move(out));
}

Result<PermissionInput> decode_create_permission(const json& body) {
  JsonInput input(body);
  PermissionInput out;
  out.ca_arn = ca_arn(input);
  out.principal = principal(input);
  out.source_account = source_account(input);
  if (auto actions = input.string_list("Actions", kActionRule, 3, true)) {
    if (actions->empty()) {
      input.reject("Actions", "[]", "Member must have length greater than or equal to 1");
    }
    out.actions = std::move(*actions);
  }
  return finish(input, std::move(out));
}

Result<PermissionInput> decode_delete_permission(const json& body) {
  JsonInput input(body);
  PermissionInput out;
  out.ca_arn = ca_arn(input);
  out.principal = principal(input);
  out.source_account = source_account(input);
  return finish(input, std::move(out));
}

Result<ListPermissionsInput> decode_list_permissions(const json& body) {
  JsonInput input(body);
  ListPermissionsInput out;
  out.ca_arn = ca_arn(input);
  out.max_results = max_results(input, out.max_results);
  out.next_token = input.string("NextToken", kNextTokenRule);
  return finish(input, std::move(out));
}

Result<ListTagsInput> decode_list_tags(const json& body) {
  JsonInput input(body);
  ListTagsInput out;
  out.ca_arn = ca_arn(input);
  out.max_results = max_results(input, out.max_results);
  if (auto token = input.string("NextToken", kNextTokenRule)) {
    const bool digits = token->size() <= 9 && account_ok(*token);
    if (digits) {
      out.offset = std::stoul(*token);
    } else {
      input.reject("NextToken", *token, "Member must be a NextToken that ListTags returned");
    }
  }
  return finish(input, std::move(out));
}

Result<TagsInput> decode_tags(const json& body) {
  JsonInput input(body);
  TagsInput out;
  out.ca_arn = ca_arn(input);
  out.tags = tags_member(input, true);
  return finish(input, std::move(out));
}

}  // namespace certflow::api::privateca
