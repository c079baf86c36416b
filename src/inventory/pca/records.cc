#include "inventory/pca/records.h"

#include <nlohmann/json.hpp>

#include "crypto/encoding.h"

namespace certflow::pca {

using nlohmann::json;

namespace {

// The subject members in one table, so writing and reading cannot drift apart.
struct SubjectField {
  const char* name;
  std::string pki::DistinguishedName::*member;
};
constexpr SubjectField kSubjectFields[] = {
    {"Country", &pki::DistinguishedName::country},
    {"Organization", &pki::DistinguishedName::organization},
    {"OrganizationalUnit", &pki::DistinguishedName::organizational_unit},
    {"DistinguishedNameQualifier", &pki::DistinguishedName::distinguished_name_qualifier},
    {"State", &pki::DistinguishedName::state},
    {"CommonName", &pki::DistinguishedName::common_name},
    {"SerialNumber", &pki::DistinguishedName::serial_number},
    {"Locality", &pki::DistinguishedName::locality},
    {"Title", &pki::DistinguishedName::title},
    {"Surname", &pki::DistinguishedName::surname},
    {"GivenName", &pki::DistinguishedName::given_name},
    {"Initials", &pki::DistinguishedName::initials},
    {"Pseudonym", &pki::DistinguishedName::pseudonym},
    {"GenerationQualifier", &pki::DistinguishedName::generation_qualifier},
};

json subject_json(const pki::DistinguishedName& subject) {
  json out = json::object();
  for (const auto& field : kSubjectFields) {
    if (!(subject.*field.member).empty()) out[field.name] = subject.*field.member;
  }
  return out;
}

pki::DistinguishedName subject_from(const json& value) {
  pki::DistinguishedName subject;
  if (!value.is_object()) return subject;
  for (const auto& field : kSubjectFields) subject.*field.member = value.value(field.name, "");
  return subject;
}

json revocation_json(const RevocationConfiguration& revocation) {
  json out = json::object();
  if (revocation.crl) {
    const CrlConfiguration& crl = *revocation.crl;
    out["crl"] = {{"enabled", crl.enabled},
                  {"expiration_in_days", crl.expiration_in_days},
                  {"custom_cname", crl.custom_cname},
                  {"s3_bucket_name", crl.s3_bucket_name},
                  {"s3_object_acl", crl.s3_object_acl},
                  {"crl_type", crl.crl_type},
                  {"custom_path", crl.custom_path}};
  }
  if (revocation.ocsp_enabled) out["ocsp_enabled"] = *revocation.ocsp_enabled;
  out["ocsp_custom_cname"] = revocation.ocsp_custom_cname;
  return out;
}

RevocationConfiguration revocation_from(const json& value) {
  RevocationConfiguration revocation;
  if (!value.is_object()) return revocation;
  if (value.contains("crl") && value["crl"].is_object()) {
    const json& c = value["crl"];
    CrlConfiguration crl;
    crl.enabled = c.value("enabled", false);
    crl.expiration_in_days = c.value("expiration_in_days", 7);
    crl.custom_cname = c.value("custom_cname", "");
    crl.s3_bucket_name = c.value("s3_bucket_name", "");
    crl.s3_object_acl = c.value("s3_object_acl", "");
    crl.crl_type = c.value("crl_type", "");
    crl.custom_path = c.value("custom_path", "");
    revocation.crl = crl;
  }
  if (value.contains("ocsp_enabled") && value["ocsp_enabled"].is_boolean()) {
    revocation.ocsp_enabled = value["ocsp_enabled"].get<bool>();
  }
  revocation.ocsp_custom_cname = value.value("ocsp_custom_cname", "");
  return revocation;
}

json optional_ms(const std::optional<int64_t>& value) {
  return value ? json(*value) : json(nullptr);
}

std::optional<int64_t> optional_ms_from(const json& details, const char* name) {
  if (!details.contains(name) || !details[name].is_number_integer()) return std::nullopt;
  return details[name].get<int64_t>();
}

Result<json> details_of(const store::ResourceRow& row) {
  json details = json::parse(row.details_json, nullptr, /*allow_exceptions=*/false);
  if (details.is_discarded() || !details.is_object()) {
    return fail(ErrorCode::kInternal, "stored " + row.kind + " " + row.name + " is unreadable");
  }
  return details;
}

Result<std::string> decode_base64(const json& details, const char* name, const std::string& what) {
  auto bytes = crypto::base64_decode(details.value(name, ""));
  if (!bytes) return fail(ErrorCode::kInternal, "stored " + what + " has a damaged " + name);
  return std::move(*bytes);
}

}  // namespace

std::string certificate_name(const std::string& ca_uuid, const std::string& id) {
  return ca_uuid + "/" + id;
}

store::ResourceRow to_row(const CaRecord& ca, int64_t now_ms) {
  json permissions = json::array();
  for (const auto& p : ca.permissions) {
    permissions.push_back({{"principal", p.principal},
                           {"source_account", p.source_account},
                           {"actions", p.actions},
                           {"created_at_ms", p.created_at_ms}});
  }
  json revocations = json::array();
  for (const auto& r : ca.revocations) {
    revocations.push_back(
        {{"serial", r.serial_hex}, {"revoked_at_ms", r.revoked_at_ms}, {"reason", r.reason}});
  }
  json crl = nullptr;
  if (ca.crl) {
    crl = {{"der", crypto::base64_encode(ca.crl->der)},
           {"number", ca.crl->number},
           {"this_update_ms", ca.crl->this_update_ms},
           {"next_update_ms", ca.crl->next_update_ms}};
  }
  json details = {
      {"type", ca.type},
      {"status", ca.status},
      {"status_before_deletion", ca.status_before_deletion},
      {"last_state_change_ms", ca.last_state_change_ms},
      {"key_algorithm", ca.configuration.key_algorithm},
      {"signing_algorithm", ca.configuration.signing_algorithm},
      {"subject", subject_json(ca.configuration.subject)},
      {"revocation", revocation_json(ca.revocation)},
      {"key_storage_security_standard", ca.key_storage_security_standard},
      {"usage_mode", ca.usage_mode},
      {"key_wrapped_data_key", crypto::base64_encode(ca.sealed_key.wrapped_data_key)},
      {"key_ciphertext", crypto::base64_encode(ca.sealed_key.ciphertext)},
      {"csr_pem", ca.csr_pem},
      {"certificate_pem", ca.certificate_pem},
      {"chain_pem", ca.chain_pem},
      {"serial", ca.serial},
      {"not_before_ms", optional_ms(ca.not_before_ms)},
      {"not_after_ms", optional_ms(ca.not_after_ms)},
      {"restorable_until_ms", optional_ms(ca.restorable_until_ms)},
      {"permissions", permissions},
      {"revocations", revocations},
      {"crl", crl},
  };
  return {kCaKind, ca.uuid, ca.arn, details.dump(), ca.created_at_ms, now_ms};
}

Result<CaRecord> ca_from_row(const store::ResourceRow& row) {
  auto details = details_of(row);
  if (!details) return tl::unexpected(details.error());
  const json& d = *details;
  const std::string what = "certificate authority " + row.name;
  CaRecord ca;
  ca.uuid = row.name;
  ca.arn = row.arn;
  ca.created_at_ms = row.created_at_ms;
  ca.last_state_change_ms = d.value("last_state_change_ms", row.created_at_ms);
  ca.type = d.value("type", "");
  ca.status = d.value("status", "");
  ca.status_before_deletion = d.value("status_before_deletion", "");
  ca.configuration.key_algorithm = d.value("key_algorithm", "");
  ca.configuration.signing_algorithm = d.value("signing_algorithm", "");
  ca.configuration.subject = subject_from(d.value("subject", json::object()));
  ca.revocation = revocation_from(d.value("revocation", json::object()));
  ca.key_storage_security_standard = d.value("key_storage_security_standard", "");
  ca.usage_mode = d.value("usage_mode", "");
  auto wrapped = decode_base64(d, "key_wrapped_data_key", what);
  if (!wrapped) return tl::unexpected(wrapped.error());
  auto ciphertext = decode_base64(d, "key_ciphertext", what);
  if (!ciphertext) return tl::unexpected(ciphertext.error());
  ca.sealed_key = {std::move(*wrapped), std::move(*ciphertext)};
  ca.csr_pem = d.value("csr_pem", "");
  ca.certificate_pem = d.value("certificate_pem", "");
  ca.chain_pem = d.value("chain_pem", "");
  ca.serial = d.value("serial", "");
  ca.not_before_ms = optional_ms_from(d, "not_before_ms");
  ca.not_after_ms = optional_ms_from(d, "not_after_ms");
  ca.restorable_until_ms = optional_ms_from(d, "restorable_until_ms");
  for (const auto& p : d.value("permissions", json::array())) {
    PermissionRecord permission;
    permission.principal = p.value("principal", "");
    permission.source_account = p.value("source_account", "");
    permission.actions = p.value("actions", std::vector<std::string>{});
    permission.created_at_ms = p.value("created_at_ms", int64_t{0});
    ca.permissions.push_back(std::move(permission));
  }
  for (const auto& r : d.value("revocations", json::array())) {
    ca.revocations.push_back(
        {r.value("serial", ""), r.value("revoked_at_ms", int64_t{0}), r.value("reason", "")});
  }
  if (d.contains("crl") && d["crl"].is_object()) {
    auto der = decode_base64(d["crl"], "der", what);
    if (!der) return tl::unexpected(der.error());
    ca.crl = CrlRecord{std::move(*der), d["crl"].value("number", int64_t{0}),
                       d["crl"].value("this_update_ms", int64_t{0}),
                       d["crl"].value("next_update_ms", int64_t{0})};
  }
  return ca;
}

store::ResourceRow to_row(const CertificateRecord& certificate, int64_t now_ms) {
  json details = {{"certificate_pem", certificate.certificate_pem},
                  {"template_arn", certificate.template_arn},
                  {"not_after_ms", certificate.not_after_ms}};
  return {kCertificateKind,         certificate_name(certificate.ca_uuid, certificate.id),
          certificate.arn,          details.dump(),
          certificate.issued_at_ms, now_ms};
}

Result<CertificateRecord> certificate_from_row(const store::ResourceRow& row) {
  auto details = details_of(row);
  if (!details) return tl::unexpected(details.error());
  CertificateRecord certificate;
  size_t slash = row.name.find('/');
  certificate.ca_uuid = row.name.substr(0, slash);
  certificate.id = slash == std::string::npos ? std::string() : row.name.substr(slash + 1);
  certificate.arn = row.arn;
  certificate.issued_at_ms = row.created_at_ms;
  certificate.certificate_pem = details->value("certificate_pem", "");
  certificate.template_arn = details->value("template_arn", "");
  certificate.not_after_ms = details->value("not_after_ms", int64_t{0});
  return certificate;
}

Result<crypto::SealedSecret> seal_ca_key(const crypto::MasterKey& master, const std::string& ca_arn,
                                         const crypto::SecretBytes& private_key_pem) {
  return crypto::seal(master, private_key_pem.view(), ca_arn);
}

Result<crypto::SecretBytes> open_ca_key(const crypto::MasterKey& master, const CaRecord& ca) {
  auto key = crypto::open(master, ca.sealed_key, ca.arn);
  if (!key) {
    return fail(ErrorCode::kInternal,
                "the private key of certificate authority " + ca.arn +
                    " cannot be opened: the record was altered or the master key differs");
  }
  return key;
}

}  // namespace certflow::pca
