#include "store/sqlite/certificate_codec.h"

namespace certflow::store::sqlite {

CertificateRow read_summary(const Statement& stmt) {
  CertificateRow row;
  int c = 0;
  row.arn = stmt.column_text(c++);
  row.type = stmt.column_text(c++);
  row.status = stmt.column_text(c++);
  row.domain_name = stmt.column_text(c++);
  row.key_algorithm = stmt.column_text(c++);
  row.key_usages = decode_usages(stmt.column_text(c++));
  row.extended_key_usages = decode_usages(stmt.column_text(c++));
  row.export_option = stmt.column_text(c++);
  row.in_use = stmt.column_int(c++) != 0;
  row.exported = stmt.column_int(c++) != 0;
  row.not_before_ms = stmt.column_int(c++);
  row.not_after_ms = stmt.column_int(c++);
  row.created_at_ms = stmt.column_int(c++);
  row.imported_at_ms = stmt.column_optional_int(c++);
  row.issued_at_ms = stmt.column_optional_int(c++);
  row.version = stmt.column_int(c++);
  row.details_json = stmt.column_text(c++);
  row.renewal_status = stmt.column_text(c++);
  row.renewal_status_reason = stmt.column_text(c++);
  row.renewal_updated_at_ms = stmt.column_optional_int(c++);
  row.renewal_attempt_days = static_cast<int>(stmt.column_int(c++));
  return row;
}

void read_material(const Statement& stmt, int first, CertificateRow& row) {
  int c = first;
  row.certificate_pem = stmt.column_text(c++);
  row.chain_pem = stmt.column_text(c++);
  row.key_wrapped_data_key = stmt.column_blob(c++);
  row.key_ciphertext = stmt.column_blob(c++);
}

bool usages_storable(const std::vector<std::string>& usages) {
  for (const auto& usage : usages) {
    if (usage.empty() || usage.find(',') != std::string::npos) return false;
  }
  return true;
}

std::string encode_usages(const std::vector<std::string>& usages) {
  if (usages.empty()) return {};
  std::string out = ",";
  for (const auto& usage : usages) {
    out += usage;
    out += ',';
  }
  return out;
}

std::vector<std::string> decode_usages(std::string_view encoded) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < encoded.size()) {
    size_t end = encoded.find(',', start);
    if (end == std::string_view::npos) end = encoded.size();
    if (end > start) out.emplace_back(encoded.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace certflow::store::sqlite
