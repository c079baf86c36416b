#include "api/acm/acm_input.h"

#include <algorithm>
#include <cctype>

#include "api/json_input.h"

namespace certflow::api::acm {

namespace {

const StringRule kArnRule{20, 2048, {}};
const StringRule kStatusRule{0,
                             SIZE_MAX,
                             {"PENDING_VALIDATION", "ISSUED", "INACTIVE", "EXPIRED",
                              "VALIDATION_TIMED_OUT", "REVOKED", "FAILED"}};
const StringRule kKeyTypeRule{0,
                              SIZE_MAX,
                              {"RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1",
                               "EC_secp384r1", "EC_secp521r1"}};
const StringRule kKeyUsageRule{0,
                               SIZE_MAX,
                               {"DIGITAL_SIGNATURE", "NON_REPUDIATION", "KEY_ENCIPHERMENT",
                                "DATA_ENCIPHERMENT", "KEY_AGREEMENT", "CERTIFICATE_SIGNING",
                                "CRL_SIGNING", "ENCIPHER_ONLY", "DECIPHER_ONLY", "ANY", "CUSTOM"}};
const StringRule kEkuRule{
    0,
    SIZE_MAX,
    {"TLS_WEB_SERVER_AUTHENTICATION", "TLS_WEB_CLIENT_AUTHENTICATION", "CODE_SIGNING",
     "EMAIL_PROTECTION", "TIME_STAMPING", "OCSP_SIGNING", "IPSEC_END_SYSTEM", "IPSEC_TUNNEL",
     "IPSEC_USER", "ANY", "NONE", "CUSTOM"}};

const StringRule kDomainRule{1, 253, {}};
const StringRule kCaArnRule{20, 2048, {}};

bool word_characters(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::vector<inventory::Tag> read_tags(JsonInput& input, bool required) {
  std::vector<inventory::Tag> tags;
  auto items = input.structure_list("Tags", 1, 50, required);
  if (!items) return tags;
  for (auto& item : *items) {
    auto key = item.string("Key", {1, 128, {}}, true);
    auto value = item.string("Value", {0, 256, {}});
    if (key) tags.push_back(inventory::Tag{*key, value});
  }
  return tags;
}

}  // namespace

Result<inventory::ImportRequest> decode_import(const nlohmann::json& body) {
  JsonInput input(body);
  inventory::ImportRequest request;
  request.certificate_arn = input.string("CertificateArn", kArnRule);
  request.certificate = input.blob("Certificate", 1, 32768, true).value_or("");
  request.private_key = input.blob("PrivateKey", 1, 5120, true).value_or("");
  request.certificate_chain = input.blob("CertificateChain", 1, 2097152).value_or("");
  request.tags = read_tags(input, false);
  return finish(input, std::move(request));
}

Result<ArnInput> decode_arn(const nlohmann::json& body) {
  JsonInput input(body);
  ArnInput out{input.string("CertificateArn", kArnRule, true).value_or("")};
  return finish(input, std::move(out));
}

Result<inventory::ListQuery> decode_list(const nlohmann::json& body) {
  JsonInput input(body);
  inventory::ListQuery query;
  query.statuses =
      input.string_list("CertificateStatuses", kStatusRule).value_or(std::vector<std::string>{});
  if (auto includes = input.structure("Includes")) {
    query.key_types = includes->string_list("keyTypes", kKeyTypeRule);
    query.key_usages =
        includes->string_list("keyUsage", kKeyUsageRule).value_or(std::vector<std::string>{});
    query.extended_key_usages =
        includes->string_list("extendedKeyUsage", kEkuRule).value_or(std::vector<std::string>{});
    query.export_option = includes->string("exportOption", {0, SIZE_MAX, {"ENABLED", "DISABLED"}});
    includes->string("managedBy", {0, SIZE_MAX, {"CLOUDFRONT"}});
  }
  query.next_token = input.string("NextToken", {1, 10000, {}});
  query.max_items = static_cast<size_t>(input.integer("MaxItems", 1, 1000).value_or(1000));
  input.string("SortBy", {0, SIZE_MAX, {"CREATED_AT"}});
  auto order = input.string("SortOrder", {0, SIZE_MAX, {"ASCENDING", "DESCENDING"}});
  query.descending = order == "DESCENDING";
  return finish(input, std::move(query));
}

Result<TagsInput> decode_tags(const nlohmann::json& body) {
  JsonInput input(body);
  TagsInput out;
  out.certificate_arn = input.string("CertificateArn", kArnRule, true).value_or("");
  out.tags = read_tags(input, true);
  return finish(input, std::move(out));
}

Result<PutAccountInput> decode_put_account(const nlohmann::json& body) {
  JsonInput input(body);
  PutAccountInput out;
  if (auto expiry = input.structure("ExpiryEvents")) {
    auto days = expiry->integer("DaysBeforeExpiry", 1, std::nullopt);
    if (days) out.days_before_expiry = static_cast<int>(std::min<int64_t>(*days, 1 << 30));
  }
  out.idempotency_token = input.string("IdempotencyToken", {1, 32, {}}, true).value_or("");
  for (char c : out.idempotency_token) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
      return fail(ErrorCode::kValidation,
                  "1 validation error detected: Value '" + out.idempotency_token +
                      "' at 'idempotencyToken' failed to satisfy constraint: Member must satisfy "
                      "regular expression pattern: \\w+");
    }
  }
  return finish(input, std::move(out));
}

Result<inventory::RequestCertificateRequest> decode_request(const nlohmann::json& body) {
  JsonInput input(body);
  inventory::RequestCertificateRequest request;
  request.domain_name = input.string("DomainName", kDomainRule, true).value_or("");
  input.string("ValidationMethod", {0, SIZE_MAX, {"EMAIL", "DNS", "HTTP"}});
  if (auto sans = input.string_list("SubjectAlternativeNames", kDomainRule, 100)) {
    if (sans->empty()) {
      input.reject("SubjectAlternativeNames", "[]",
                   "Member must have length greater than or equal to 1");
    }
    request.subject_alternative_names = std::move(*sans);
  }
  request.idempotency_token = input.string("IdempotencyToken", {1, 32, {}});
  if (request.idempotency_token && !word_characters(*request.idempotency_token)) {
    input.reject("IdempotencyToken", *request.idempotency_token,
                 "Member must satisfy regular expression pattern: \\w+");
  }
  // Validation options matter only to public certificates, which certflow does not issue; they
  // are checked for shape and otherwise ignored.
  if (auto options = input.structure_list("DomainValidationOptions", 1, 100)) {
    for (auto& option : *options) {
      option.string("DomainName", kDomainRule, true);
      option.string("ValidationDomain", kDomainRule, true);
    }
  }
  if (auto options = input.structure("Options")) {
    request.certificate_transparency_logging =
        options
            ->string("CertificateTransparencyLoggingPreference",
                     {0, SIZE_MAX, {"ENABLED", "DISABLED"}})
            .value_or("ENABLED");
    request.export_option =
        options->string("Export", {0, SIZE_MAX, {"ENABLED", "DISABLED"}}).value_or("");
  }
  request.certificate_authority_arn =
      input.string("CertificateAuthorityArn", kCaArnRule).value_or("");
  request.tags = read_tags(input, false);
  request.key_algorithm = input.string("KeyAlgorithm", kKeyTypeRule).value_or("RSA_2048");
  input.string("ManagedBy", {0, SIZE_MAX, {"CLOUDFRONT"}});
  return finish(input, std::move(request));
}

Result<ExportInput> decode_export(const nlohmann::json& body) {
  JsonInput input(body);
  ExportInput out;
  out.certificate_arn = input.string("CertificateArn", kArnRule, true).value_or("");
  out.passphrase = crypto::SecretBytes(input.blob("Passphrase", 4, 128, true).value_or(""));
  return finish(input, std::move(out));
}

}  // namespace certflow::api::acm
