#include "inventory/certificate_record.h"

#include <nlohmann/json.hpp>

namespace certflow::inventory {

using nlohmann::json;

std::string encode_details(const pki::CertificateInfo& info) {
  json ekus = json::array();
  for (const auto& eku : info.extended_key_usages) {
    ekus.push_back({{"name", eku.name}, {"oid", eku.oid}});
  }
  json details = {
      {"sans", info.subject_alternative_names},
      {"serial", info.serial},
      {"subject", info.subject},
      {"issuer", info.issuer},
      {"signature_algorithm", info.signature_algorithm},
      {"ekus", ekus},
  };
  return details.dump();
}

Certificate to_certificate(const store::CertificateRow& row, TimePoint now) {
  Certificate cert;
  cert.arn = row.arn;
  cert.type = row.type;
  cert.status = store::effective_status(row, to_epoch_millis(now));
  cert.domain_name = row.domain_name;
  cert.key_algorithm = row.key_algorithm;
  cert.key_usages = row.key_usages;
  cert.not_before = from_epoch_millis(row.not_before_ms);
  cert.not_after = from_epoch_millis(row.not_after_ms);
  cert.created_at = from_epoch_millis(row.created_at_ms);
  if (row.imported_at_ms) cert.imported_at = from_epoch_millis(*row.imported_at_ms);
  if (row.issued_at_ms) cert.issued_at = from_epoch_millis(*row.issued_at_ms);
  cert.in_use = row.in_use;
  cert.exported = row.exported;
  cert.export_option = row.export_option;
  cert.renewal_eligibility =
      renewal_eligible(row, to_epoch_millis(now)) ? "ELIGIBLE" : "INELIGIBLE";
  if (!row.renewal_status.empty()) {
    cert.renewal_summary = RenewalSummary{row.renewal_status, row.renewal_status_reason,
                                          from_epoch_millis(row.renewal_updated_at_ms.value_or(0))};
  }

  json details = json::parse(row.details_json, nullptr, /*allow_exceptions=*/false);
  if (details.is_object()) {
    cert.subject_alternative_names = details.value("sans", std::vector<std::string>{});
    cert.serial = details.value("serial", "");
    cert.subject = details.value("subject", "");
    cert.issuer = details.value("issuer", "");
    cert.signature_algorithm = details.value("signature_algorithm", "");
    for (const auto& eku : details.value("ekus", json::array())) {
      cert.extended_key_usages.push_back(
          pki::ExtendedKeyUsage{eku.value("name", ""), eku.value("oid", "")});
    }
  }
  const PrivateDetails private_details = private_details_of(row);
  cert.certificate_authority_arn = private_details.ca_arn;
  cert.failure_reason = private_details.failure_reason;
  if (row.type == "PRIVATE") cert.certificate_transparency_logging = private_details.ct_logging;
  if (cert.extended_key_usages.empty()) {
    // Rows written without details still report the indexed EKU names.
    for (const auto& name : row.extended_key_usages) {
      cert.extended_key_usages.push_back(pki::ExtendedKeyUsage{name, ""});
    }
  }
  return cert;
}

std::string add_private_details(const std::string& details_json, const PrivateDetails& details) {
  json out = json::parse(details_json, nullptr, /*allow_exceptions=*/false);
  if (!out.is_object()) out = json::object();
  out["ca_arn"] = details.ca_arn;
  out["ct_logging"] = details.ct_logging;
  if (details.failure_reason.empty()) {
    out.erase("failure_reason");
  } else {
    out["failure_reason"] = details.failure_reason;
  }
  return out.dump();
}

PrivateDetails private_details_of(const store::CertificateRow& row) {
  PrivateDetails out;
  json details = json::parse(row.details_json, nullptr, /*allow_exceptions=*/false);
  if (!details.is_object()) return out;
  auto text = [&](const char* key, const std::string& fallback) {
    auto it = details.find(key);
    return it != details.end() && it->is_string() ? it->get<std::string>() : fallback;
  };
  out.ca_arn = text("ca_arn", "");
  out.ct_logging = text("ct_logging", "ENABLED");
  out.failure_reason = text("failure_reason", "");
  return out;
}

std::vector<std::string> subject_alternative_names_of(const store::CertificateRow& row) {
  json details = json::parse(row.details_json, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> names;
  if (details.is_object() && details.contains("sans") && details["sans"].is_array()) {
    for (const auto& name : details["sans"]) {
      if (name.is_string()) names.push_back(name.get<std::string>());
    }
  }
  if (names.empty() && !row.domain_name.empty()) names.push_back(row.domain_name);
  return names;
}

Status check_new_tags(const std::vector<Tag>& tags) {
  for (const auto& tag : tags) {
    if (auto ok = validate_tag(tag); !ok) return ok;
  }
  if (tags.size() > Inventory::kMaxTagsPerCertificate) {
    return fail(ErrorCode::kTooManyTags,
                "A certificate can have at most 50 tags; the request has " +
                    std::to_string(tags.size()) + ".");
  }
  return {};
}

bool renewal_eligible(const store::CertificateRow& row, int64_t now_ms) {
  return row.type != "IMPORTED" && store::effective_status(row, now_ms) == "ISSUED" &&
         (row.in_use || row.exported);
}

}  // namespace certflow::inventory
