#include "api/pca/pca_output.h"

namespace certflow::api::privateca {

using nlohmann::json;

namespace {

void put_if(json& out, const char* member, const std::string& value) {
  if (!value.empty()) out[member] = value;
}

}  // namespace

json subject(const pki::DistinguishedName& name) {
  json out = json::object();
  put_if(out, "Country", name.country);
  put_if(out, "Organization", name.organization);
  put_if(out, "OrganizationalUnit", name.organizational_unit);
  put_if(out, "DistinguishedNameQualifier", name.distinguished_name_qualifier);
  put_if(out, "State", name.state);
  put_if(out, "CommonName", name.common_name);
  put_if(out, "SerialNumber", name.serial_number);
  put_if(out, "Locality", name.locality);
  put_if(out, "Title", name.title);
  put_if(out, "Surname", name.surname);
  put_if(out, "GivenName", name.given_name);
  put_if(out, "Initials", name.initials);
  put_if(out, "Pseudonym", name.pseudonym);
  put_if(out, "GenerationQualifier", name.generation_qualifier);
  return out;
}

// A CA created without a revocation configuration reads as CRL and OCSP disabled, as AWS shows.
json revocation_configuration(const certflow::pca::RevocationConfiguration& revocation) {
  json crl = {{"Enabled", false}};
  if (revocation.crl) {
    const auto& config = *revocation.crl;
    crl = {{"Enabled", config.enabled}, {"ExpirationInDays", config.expiration_in_days}};
    put_if(crl, "CustomCname", config.custom_cname);
    put_if(crl, "S3BucketName", config.s3_bucket_name);
    put_if(crl, "S3ObjectAcl", config.s3_object_acl);
    put_if(crl, "CrlType", config.crl_type);
    put_if(crl, "CustomPath", config.custom_path);
  }
  json ocsp = {{"Enabled", revocation.ocsp_enabled.value_or(false)}};
  put_if(ocsp, "OcspCustomCname", revocation.ocsp_custom_cname);
  return {{"CrlConfiguration", crl}, {"OcspConfiguration", ocsp}};
}

json certificate_authority(const certflow::pca::CertificateAuthority& ca) {
  json out = {
      {"Arn", ca.arn},
      {"OwnerAccount", ca.owner_account},
      {"CreatedAt", to_epoch_seconds(ca.created_at)},
      {"LastStateChangeAt", to_epoch_seconds(ca.last_state_change_at)},
      {"Type", ca.type},
      {"Status", ca.status},
      {"CertificateAuthorityConfiguration",
       {{"KeyAlgorithm", ca.configuration.key_algorithm},
        {"SigningAlgorithm", ca.configuration.signing_algorithm},
        {"Subject", subject(ca.configuration.subject)}}},
      {"RevocationConfiguration", revocation_configuration(ca.revocation)},
  };
  put_if(out, "Serial", ca.serial);
  if (ca.not_before) out["NotBefore"] = to_epoch_seconds(*ca.not_before);
  if (ca.not_after) out["NotAfter"] = to_epoch_seconds(*ca.not_after);
  put_if(out, "FailureReason", ca.failure_reason);
  if (ca.restorable_until) out["RestorableUntil"] = to_epoch_seconds(*ca.restorable_until);
  put_if(out, "KeyStorageSecurityStandard", ca.key_storage_security_standard);
  put_if(out, "UsageMode", ca.usage_mode);
  return out;
}

json permission(const certflow::pca::Permission& permission) {
  json out = {
      {"CertificateAuthorityArn", permission.ca_arn},
      {"CreatedAt", to_epoch_seconds(permission.created_at)},
      {"Principal", permission.principal},
      {"Actions", permission.actions},
  };
  put_if(out, "SourceAccount", permission.source_account);
  put_if(out, "Policy", permission.policy);
  return out;
}

}  // namespace certflow::api::privateca
