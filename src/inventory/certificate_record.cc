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
  if (cert.extended_key_usages.empty()) {
    // Rows written without details still report the indexed EKU names.
    for (const auto& name : row.extended_key_usages) {
      cert.extended_key_usages.push_back(pki::ExtendedKeyUsage{name, ""});
    }
  }
  return cert;
}

bool renewal_eligible(const store::CertificateRow& row, int64_t now_ms) {
  return row.type != "IMPORTED" && store::effective_status(row, now_ms) == "ISSUED" &&
         (row.in_use || row.exported);
}

}  // namespace certflow::inventory
