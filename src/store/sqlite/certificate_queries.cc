#include "store/sqlite/certificate_codec.h"
#include "store/sqlite/queries.h"

namespace certflow::store::sqlite {
namespace {

const std::string& select_certificate_sql() {
  static const std::string sql = "SELECT " + std::string(kSummaryColumns) + ", " +
                                 std::string(kMaterialColumns) + " FROM certificates WHERE arn = ?";
  return sql;
}

// ON CONFLICT DO UPDATE rather than INSERT OR REPLACE: REPLACE deletes the old row first, which
// would cascade to the certificate's tags.
constexpr const char* kUpsertCertificateSql = R"sql(
INSERT INTO certificates (arn, type, status, domain_name, key_algorithm, key_usages,
  extended_key_usages, export_option, in_use, exported, not_before_ms, not_after_ms,
  created_at_ms, imported_at_ms, issued_at_ms, version, details_json, renewal_status,
  renewal_status_reason, renewal_updated_at_ms, renewal_attempt_days, certificate_pem,
  chain_pem, key_wrapped_data_key, key_ciphertext)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (arn) DO UPDATE SET
  type = excluded.type, status = excluded.status, domain_name = excluded.domain_name,
  key_algorithm = excluded.key_algorithm, key_usages = excluded.key_usages,
  extended_key_usages = excluded.extended_key_usages, export_option = excluded.export_option,
  in_use = excluded.in_use, exported = excluded.exported,
  not_before_ms = excluded.not_before_ms, not_after_ms = excluded.not_after_ms,
  created_at_ms = excluded.created_at_ms, imported_at_ms = excluded.imported_at_ms,
  issued_at_ms = excluded.issued_at_ms, version = certificates.version + 1,
  details_json = excluded.details_json, renewal_status = excluded.renewal_status,
  renewal_status_reason = excluded.renewal_status_reason,
  renewal_updated_at_ms = excluded.renewal_updated_at_ms,
  renewal_attempt_days = excluded.renewal_attempt_days, certificate_pem = excluded.certificate_pem,
  chain_pem = excluded.chain_pem, key_wrapped_data_key = excluded.key_wrapped_data_key,
  key_ciphertext = excluded.key_ciphertext
)sql";

}  // namespace

Result<std::optional<CertificateRow>> select_certificate(Connection& db, const std::string& arn) {
  auto stmt = db.prepare(select_certificate_sql(), "get_certificate");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(arn);
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::nullopt;
  CertificateRow out = read_summary(*stmt);
  read_material(*stmt, kSummaryColumnCount, out);
  return out;
}

Status upsert_certificate(Connection& db, const CertificateRow& row) {
  if (!usages_storable(row.key_usages) || !usages_storable(row.extended_key_usages)) {
    return fail(ErrorCode::kInternal, "store: put_certificate: a key usage is empty or has ','");
  }
  auto stmt = db.prepare(kUpsertCertificateSql, "put_certificate");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(row.arn)
      .bind_text(row.type)
      .bind_text(row.status)
      .bind_text(row.domain_name)
      .bind_text(row.key_algorithm)
      .bind_text(encode_usages(row.key_usages))
      .bind_text(encode_usages(row.extended_key_usages))
      .bind_text(row.export_option)
      .bind_int(row.in_use ? 1 : 0)
      .bind_int(row.exported ? 1 : 0)
      .bind_int(row.not_before_ms)
      .bind_int(row.not_after_ms)
      .bind_int(row.created_at_ms)
      .bind_optional_int(row.imported_at_ms)
      .bind_optional_int(row.issued_at_ms)
      .bind_text(row.details_json)
      .bind_text(row.renewal_status)
      .bind_text(row.renewal_status_reason)
      .bind_optional_int(row.renewal_updated_at_ms)
      .bind_int(row.renewal_attempt_days)
      .bind_text(row.certificate_pem)
      .bind_text(row.chain_pem)
      .bind_blob(row.key_wrapped_data_key)
      .bind_blob(row.key_ciphertext);
  return stmt->run();
}

Result<bool> delete_certificate(Connection& db, const std::string& arn) {
  // Tags go with the row through ON DELETE CASCADE (foreign_keys is on for the writer).
  auto stmt = db.prepare("DELETE FROM certificates WHERE arn = ?", "delete_certificate");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(arn);
  if (auto s = stmt->run(); !s) return tl::unexpected(s.error());
  return stmt->changes() > 0;
}

Result<uint64_t> count_certificates(Connection& db) {
  auto stmt = db.prepare("SELECT count(*) FROM certificates", "count_certificates");
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  return static_cast<uint64_t>(*row ? stmt->column_int(0) : 0);
}

namespace {

// The two tag tables have the same shape: certificates' tags (removed with the certificate) and
// bus resources' tags.
const char* tag_table(TagTable table) {
  return table == TagTable::kCertificates ? "tags" : "resource_tags";
}

}  // namespace

Result<std::vector<Tag>> select_tags(Connection& db, const std::string& arn, TagTable table) {
  const std::string sql = std::string("SELECT key, value FROM ") + tag_table(table) +
                          " WHERE arn = ? ORDER BY position";
  auto stmt = db.prepare(sql, "get_tags");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind_text(arn);
  return read_all(*stmt, [](const Statement& row) {
    return Tag{row.column_text(0), row.column_optional_text(1)};
  });
}

Status replace_tags(Connection& db, const std::string& arn, const std::vector<Tag>& tags,
                    TagTable table) {
  {
    auto clear =
        db.prepare(std::string("DELETE FROM ") + tag_table(table) + " WHERE arn = ?", "put_tags");
    if (!clear) return tl::unexpected(clear.error());
    if (auto s = clear->bind_text(arn).run(); !s) return s;
  }
  const std::string insert_sql = std::string("INSERT INTO ") + tag_table(table) +
                                 " (arn, position, key, value) VALUES (?, ?, ?, ?)";
  int64_t position = 0;
  for (const auto& tag : tags) {
    auto insert = db.prepare(insert_sql, "put_tags");
    if (!insert) return tl::unexpected(insert.error());
    insert->bind_text(arn).bind_int(position++).bind_text(tag.key).bind_optional_text(tag.value);
    if (auto s = insert->run(); !s) return s;
  }
  return {};
}

}  // namespace certflow::store::sqlite
