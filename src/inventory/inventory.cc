// Describe, list, get and delete.
#include "inventory/inventory.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/arn.h"
#include "crypto/encoding.h"
#include "inventory/certificate_record.h"

namespace certflow::inventory {

namespace {

std::string encode_next_token(const store::Cursor& cursor) {
  nlohmann::json token = {{"c", cursor.created_at_ms}, {"a", cursor.arn}};
  return crypto::base64_encode(token.dump());
}

Result<store::Cursor> decode_next_token(const std::string& token) {
  auto bad = [] {
    return fail(ErrorCode::kInvalidArgs,
                "The NextToken is not valid. Pass the NextToken exactly as the previous "
                "ListCertificates response returned it.");
  };
  auto raw = crypto::base64_decode(token);
  if (!raw) return bad();
  auto parsed = nlohmann::json::parse(*raw, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object() || !parsed.contains("c") || !parsed["c"].is_number_integer() ||
      !parsed.contains("a") || !parsed["a"].is_string()) {
    return bad();
  }
  return store::Cursor{parsed["c"].get<int64_t>(), parsed["a"].get<std::string>()};
}

std::vector<std::string> without_any(std::vector<std::string> usages) {
  usages.erase(std::remove(usages.begin(), usages.end(), "ANY"), usages.end());
  return usages;
}

}  // namespace

Inventory::Inventory(store::Store& store, const crypto::MasterKey& master_key, const Clock& clock,
                     InventoryConfig config)
    : store_(store), master_key_(master_key), clock_(clock), config_(std::move(config)) {}

Status Inventory::check_arn(const std::string& arn) const {
  auto parsed = parse_acm_certificate_arn(arn);
  if (!parsed) return tl::unexpected(parsed.error());
  return {};
}

namespace {

Result<store::CertificateRow> found_or_not(Result<std::optional<store::CertificateRow>> row,
                                           const std::string& arn) {
  if (!row) return tl::unexpected(row.error());
  if (!*row) return fail(ErrorCode::kResourceNotFound, "Could not find certificate " + arn + ".");
  return std::move(**row);
}

}  // namespace

Result<store::CertificateRow> Inventory::require_certificate(store::Transaction& txn,
                                                             const std::string& arn) {
  return found_or_not(txn.get_certificate(arn), arn);
}

Result<store::CertificateRow> Inventory::read_certificate(const std::string& arn) {
  if (auto ok = check_arn(arn); !ok) return tl::unexpected(ok.error());
  return found_or_not(store_.get_certificate(arn), arn);
}

Result<Certificate> Inventory::describe_certificate(const std::string& arn) {
  auto row = read_certificate(arn);
  if (!row) return tl::unexpected(row.error());
  return to_certificate(*row, clock_.now());
}

Result<CertificateMaterial> Inventory::get_certificate(const std::string& arn) {
  auto row = read_certificate(arn);
  if (!row) return tl::unexpected(row.error());
  if (row->certificate_pem.empty()) {
    return fail(ErrorCode::kRequestInProgress,
                "Certificate " + arn + " has not been issued yet; try again later.");
  }
  return CertificateMaterial{std::move(row->certificate_pem), std::move(row->chain_pem)};
}

Result<ListResult> Inventory::list_certificates(const ListQuery& query) {
  const TimePoint now = clock_.now();
  store::CertificateFilter filter;
  filter.statuses = query.statuses;
  filter.key_algorithms = query.key_types.value_or(std::vector<std::string>{"RSA_2048"});
  filter.key_usages = without_any(query.key_usages);
  filter.extended_key_usages = without_any(query.extended_key_usages);
  filter.export_option = query.export_option;
  filter.now_ms = to_epoch_millis(now);

  store::PageRequest page;
  page.limit = query.max_items;
  page.descending = query.descending;
  if (query.next_token) {
    auto cursor = decode_next_token(*query.next_token);
    if (!cursor) return tl::unexpected(cursor.error());
    page.after = *cursor;
  }
  auto rows = store_.list_certificates(filter, page);
  if (!rows) return tl::unexpected(rows.error());

  ListResult result;
  result.certificates.reserve(rows->rows.size());
  for (const auto& row : rows->rows) result.certificates.push_back(to_certificate(row, now));
  if (rows->next) result.next_token = encode_next_token(*rows->next);
  return result;
}

Status Inventory::delete_certificate(const std::string& arn) {
  if (auto ok = check_arn(arn); !ok) return tl::unexpected(ok.error());
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto row = require_certificate(**txn, arn);
  if (!row) return tl::unexpected(row.error());
  if (row->in_use) {
    return fail(ErrorCode::kResourceInUse,
                "Certificate " + arn + " is in use; disassociate it from its resources first.");
  }
  auto deleted = (*txn)->delete_certificate(arn);
  if (!deleted) return tl::unexpected(deleted.error());
  return (*txn)->commit();
}

}  // namespace certflow::inventory
