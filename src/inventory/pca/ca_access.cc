#include "inventory/pca/ca_access.h"

#include <cctype>

#include "core/arn.h"
#include "core/ids.h"

namespace certflow::pca {

namespace {

constexpr const char* kCaResourcePrefix = "certificate-authority/";

// [\w+=/,.@-] with or without '/'.
bool arn_chars(const std::string& text, bool allow_slash) {
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '_' || c == '+' || c == '=' || c == ',' || c == '.' || c == '@' ||
        c == '-' || (allow_slash && c == '/')) {
      continue;
    }
    return false;
  }
  return true;
}

bool digits(const std::string& text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// [\w+=,.@-]+(/[\w+=,.@-]+)*: no empty segment.
bool resource_ok(const std::string& resource) {
  if (resource.empty() || resource.front() == '/' || resource.back() == '/' ||
      resource.find("//") != std::string::npos) {
    return false;
  }
  return arn_chars(resource, true);
}

Error malformed(const std::string& arn, const std::string& why) {
  return Error{ErrorCode::kInvalidArn, "The ARN \"" + arn +
                                           "\" is not a valid Private CA ARN: " + why +
                                           ". Expected arn:aws:acm-pca:<region>:<account>:"
                                           "certificate-authority/<id>."};
}

bool is_enum(const std::string& value, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed) {
    if (value == a) return true;
  }
  return false;
}

// CustomCname: a host name, not a URL ([-a-zA-Z0-9;/?:@&=+$,%_.!~*()']*, up to 253).
Status check_cname(const std::string& field, const std::string& cname) {
  if (cname.size() > 253) {
    return fail(ErrorCode::kInvalidArgs, field + " must be at most 253 characters long.");
  }
  if (cname.find("://") != std::string::npos) {
    return fail(ErrorCode::kInvalidArgs, field + " \"" + cname +
                                             "\" must be a host name without a protocol; remove "
                                             "the \"http://\" or \"https://\" prefix.");
  }
  for (char c : cname) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || std::string_view("-;/?:@&=+$,%_.!~*()'").find(c) != std::string::npos) {
      continue;
    }
    return fail(ErrorCode::kInvalidArgs,
                field + " \"" + cname + "\" contains characters a host name cannot have.");
  }
  return {};
}

}  // namespace

std::string ca_arn(const Config& config, const std::string& uuid) {
  return "arn:aws:acm-pca:" + config.region + ":" + config.account_id + ":" + kCaResourcePrefix +
         uuid;
}

std::string issued_certificate_arn(const std::string& ca_arn, const std::string& id) {
  return ca_arn + "/certificate/" + id;
}

Error ca_not_found(const std::string& arn) {
  return Error{ErrorCode::kResourceNotFound, "Could not find certificate authority " + arn + "."};
}

Status check_arn_pattern(const std::string& arn) {
  if (arn.size() < 5 || arn.size() > 200) {
    return tl::unexpected(malformed(arn, "its length must be between 5 and 200 characters"));
  }
  auto parsed = parse_arn(arn);
  if (!parsed) return tl::unexpected(malformed(arn, "it does not have the six ARN parts"));
  if (!arn_chars(parsed->partition, true) || parsed->service != "acm-pca" ||
      !arn_chars(parsed->region, true) || !digits(parsed->account) ||
      !resource_ok(parsed->resource)) {
    return tl::unexpected(malformed(arn, "it does not match the acm-pca ARN pattern"));
  }
  return {};
}

Result<std::string> ca_uuid_in_arn(const Config& config, const std::string& arn) {
  if (auto ok = check_arn_pattern(arn); !ok) return tl::unexpected(ok.error());
  auto parsed = parse_arn(arn);
  if (!parsed) return tl::unexpected(parsed.error());
  const std::string prefix = kCaResourcePrefix;
  if (parsed->partition != "aws" || parsed->region != config.region ||
      parsed->account != config.account_id || parsed->resource.rfind(prefix, 0) != 0) {
    return tl::unexpected(ca_not_found(arn));
  }
  std::string uuid = parsed->resource.substr(prefix.size());
  if (!is_uuid(uuid)) return tl::unexpected(ca_not_found(arn));
  return uuid;
}

std::string effective_status(const CaRecord& ca, TimePoint now) {
  if (ca.status == "ACTIVE" && ca.not_after_ms && *ca.not_after_ms <= to_epoch_millis(now)) {
    return "EXPIRED";
  }
  return ca.status;
}

bool permanently_deleted(const CaRecord& ca, TimePoint now) {
  return ca.status == "DELETED" && ca.restorable_until_ms &&
         *ca.restorable_until_ms <= to_epoch_millis(now);
}

Error invalid_state(const CaRecord& ca, const std::string& status, const std::string& needs) {
  return Error{ErrorCode::kInvalidState,
               "The certificate authority " + ca.arn + " is " + status + "; " + needs + "."};
}

CertificateAuthority to_view(const CaRecord& ca, const Config& config, TimePoint now) {
  CertificateAuthority view;
  view.arn = ca.arn;
  view.owner_account = config.account_id;
  view.created_at = from_epoch_millis(ca.created_at_ms);
  view.last_state_change_at = from_epoch_millis(ca.last_state_change_ms);
  view.type = ca.type;
  view.serial = ca.serial;
  view.status = effective_status(ca, now);
  if (ca.not_before_ms) view.not_before = from_epoch_millis(*ca.not_before_ms);
  if (ca.not_after_ms) view.not_after = from_epoch_millis(*ca.not_after_ms);
  view.configuration = ca.configuration;
  view.revocation = ca.revocation;
  if (ca.status == "DELETED" && ca.restorable_until_ms) {
    view.restorable_until = from_epoch_millis(*ca.restorable_until_ms);
  }
  view.key_storage_security_standard = ca.key_storage_security_standard;
  view.usage_mode = ca.usage_mode;
  return view;
}

Status save_ca(store::Transaction& txn, const CaRecord& ca, TimePoint now) {
  return txn.put_resource(to_row(ca, to_epoch_millis(now)));
}

Status validate_revocation(const RevocationConfiguration& revocation) {
  if (revocation.crl) {
    const CrlConfiguration& crl = *revocation.crl;
    if (crl.expiration_in_days < 1 || crl.expiration_in_days > 5000) {
      return fail(ErrorCode::kInvalidArgs,
                  "CrlConfiguration.ExpirationInDays must be between 1 and 5000; got " +
                      std::to_string(crl.expiration_in_days) + ".");
    }
    if (auto ok = check_cname("CrlConfiguration.CustomCname", crl.custom_cname); !ok) return ok;
    if (!crl.s3_object_acl.empty() &&
        !is_enum(crl.s3_object_acl, {"PUBLIC_READ", "BUCKET_OWNER_FULL_CONTROL"})) {
      return fail(ErrorCode::kInvalidArgs,
                  "CrlConfiguration.S3ObjectAcl must be PUBLIC_READ or BUCKET_OWNER_FULL_CONTROL; "
                  "got \"" +
                      crl.s3_object_acl + "\".");
    }
    if (!crl.crl_type.empty() && !is_enum(crl.crl_type, {"COMPLETE", "PARTITIONED"})) {
      return fail(ErrorCode::kInvalidArgs,
                  "CrlConfiguration.CrlType must be COMPLETE or PARTITIONED; got \"" +
                      crl.crl_type + "\".");
    }
  }
  return check_cname("OcspConfiguration.OcspCustomCname", revocation.ocsp_custom_cname);
}

}  // namespace certflow::pca
