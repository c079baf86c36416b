// How a CertificateRow maps to the columns of the certificates table: the column lists the
// queries select, the readers that decode them, and the usage-list encoding the filters rely on.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite/statement.h"
#include "store/store.h"

namespace certflow::store::sqlite {

// Everything list_certificates returns, in table order.
inline constexpr std::string_view kSummaryColumns =
    "arn, type, status, domain_name, key_algorithm, key_usages, extended_key_usages, "
    "export_option, in_use, exported, not_before_ms, not_after_ms, created_at_ms, "
    "imported_at_ms, issued_at_ms, version, details_json, renewal_status, renewal_status_reason, "
    "renewal_updated_at_ms, renewal_attempt_days";
inline constexpr int kSummaryColumnCount = 21;
// The material get_certificate adds after the summary.
inline constexpr std::string_view kMaterialColumns =
    "certificate_pem, chain_pem, key_wrapped_data_key, key_ciphertext";

// Decodes columns [0, kSummaryColumnCount) of the current row.
CertificateRow read_summary(const Statement& stmt);
// Decodes the material columns starting at column `first`.
void read_material(const Statement& stmt, int first, CertificateRow& row);

// A usage list as ",A,B," ("" when empty). Order is kept. A usage is never empty and never
// contains ',' (both would make the encoding ambiguous); usages_storable() checks that.
bool usages_storable(const std::vector<std::string>& usages);
std::string encode_usages(const std::vector<std::string>& usages);
std::vector<std::string> decode_usages(std::string_view encoded);

}  // namespace certflow::store::sqlite
