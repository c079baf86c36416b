// ImportCertificate: first import and re-import over an existing ARN, with ACM's rules.
#include <algorithm>

#include "core/arn.h"
#include "core/ids.h"
#include "inventory/certificate_events.h"
#include "inventory/certificate_record.h"
#include "inventory/inventory.h"

namespace certflow::inventory {

namespace {

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// ACM takes PEM only ("Uploading DER-encoded material results in an error").
Status require_pem(const std::string& bytes, const std::string& field, const std::string& how) {
  if (bytes.find("-----BEGIN ") != std::string::npos) return {};
  return fail(ErrorCode::kValidation,
              "The " + field + " must be PEM-encoded (a block starting with -----BEGIN). " +
                  "DER-encoded material is not accepted; convert it first, e.g. " + how + ".");
}

std::vector<std::string> names_of(const std::vector<pki::ExtendedKeyUsage>& ekus) {
  std::vector<std::string> names;
  for (const auto& eku : ekus) names.push_back(eku.name);
  return names;
}

// ACM's re-import conditions (User Guide, "Reimport a certificate").
Status check_reimport_rules(const store::CertificateRow& previous,
                            const pki::CertificateInfo& next) {
  if (previous.type != "IMPORTED") {
    return fail(ErrorCode::kValidation, "Certificate " + previous.arn + " is of type " +
                                            previous.type +
                                            "; only imported certificates can be re-imported.");
  }
  if (previous.key_algorithm != next.key_algorithm) {
    return fail(ErrorCode::kValidation,
                "The key type and size cannot be changed on re-import: the certificate uses " +
                    previous.key_algorithm + " and the new one uses " + next.key_algorithm + ".");
  }
  if (previous.key_usages.empty() && !next.key_usages.empty()) {
    return fail(ErrorCode::kValidation,
                "The Key Usage extension cannot be added on re-import: the previously imported "
                "certificate has none.");
  }
  bool ec = next.key_algorithm.rfind("EC_", 0) == 0;
  for (const auto& usage : previous.key_usages) {
    if (contains(next.key_usages, usage)) continue;
    if (ec && usage == "KEY_ENCIPHERMENT") continue;
    return fail(ErrorCode::kValidation,
                "Key Usage values cannot be removed on re-import; the new certificate lacks " +
                    usage + ".");
  }
  std::vector<std::string> next_ekus = names_of(next.extended_key_usages);
  if (previous.extended_key_usages.empty() && !next_ekus.empty()) {
    return fail(ErrorCode::kValidation,
                "The Extended Key Usage extension cannot be added on re-import: the previously "
                "imported certificate has none.");
  }
  for (const auto& usage : previous.extended_key_usages) {
    if (contains(next_ekus, usage) || usage == "TLS_WEB_CLIENT_AUTHENTICATION") continue;
    return fail(ErrorCode::kValidation,
                "Extended Key Usage values cannot be removed on re-import; the new certificate "
                "lacks " +
                    usage + ".");
  }
  return {};
}

}  // namespace

Result<std::string> Inventory::import_certificate(const ImportRequest& request) {
  const TimePoint now = clock_.now();
  if (auto ok = require_pem(request.certificate, "certificate",
                            "openssl x509 -inform der -in cert.der -out cert.pem");
      !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = require_pem(request.private_key, "private key",
                            "openssl pkey -inform der -in key.der -out key.pem");
      !ok) {
    return tl::unexpected(ok.error());
  }
  if (!request.certificate_chain.empty()) {
    if (auto ok = require_pem(request.certificate_chain, "certificate chain",
                              "openssl x509 -inform der -in chain.der -out chain.pem");
        !ok) {
      return tl::unexpected(ok.error());
    }
  }

  std::string arn;
  if (request.certificate_arn) {
    if (auto ok = check_arn(*request.certificate_arn); !ok) return tl::unexpected(ok.error());
    arn = *request.certificate_arn;
    if (!request.tags.empty()) {
      return fail(ErrorCode::kInvalidParameter,
                  "Tags cannot be applied when re-importing a certificate. Re-import without "
                  "Tags, then use AddTagsToCertificate.");
    }
  } else {
    if (auto ok = check_new_tags(request.tags); !ok) return tl::unexpected(ok.error());
    arn = acm_certificate_arn(config_.region, config_.account_id, new_uuid());
  }

  auto validated = pki::validate_import(request.certificate, request.private_key,
                                        request.certificate_chain, now);
  if (!validated) return tl::unexpected(validated.error());

  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  std::optional<store::CertificateRow> previous;
  if (request.certificate_arn) {
    auto existing = require_certificate(**txn, arn);
    if (!existing) return tl::unexpected(existing.error());
    if (auto ok = check_reimport_rules(*existing, validated->info); !ok) {
      return tl::unexpected(ok.error());
    }
    previous = std::move(*existing);
  }

  auto row = build_row(*validated, arn, previous, now);
  if (!row) return tl::unexpected(row.error());
  if (auto ok = (*txn)->put_certificate(*row); !ok) return tl::unexpected(ok.error());
  if (!previous && !request.tags.empty()) {
    if (auto ok = (*txn)->put_tags(arn, request.tags); !ok) return tl::unexpected(ok.error());
  }
  row->version = previous ? previous->version + 1 : 1;
  auto available = available_event(config_, *row, previous ? "REIMPORT" : "IMPORT", now);
  if (auto ok = commit_with_events(**txn, {std::move(available)}); !ok) {
    return tl::unexpected(ok.error());
  }
  return arn;
}

Result<store::CertificateRow> Inventory::build_row(
    const pki::ValidatedImport& validated, const std::string& arn,
    const std::optional<store::CertificateRow>& previous, TimePoint now) {
  auto sealed = crypto::seal(master_key_, validated.private_key_pem.view(), arn);
  if (!sealed) return tl::unexpected(sealed.error());

  const pki::CertificateInfo& info = validated.info;
  store::CertificateRow row;
  row.arn = arn;
  row.type = "IMPORTED";
  row.status = "ISSUED";
  row.domain_name = info.domain_name;
  row.key_algorithm = info.key_algorithm;
  row.key_usages = info.key_usages;
  row.extended_key_usages = names_of(info.extended_key_usages);
  row.not_before_ms = to_epoch_millis(info.not_before);
  row.not_after_ms = to_epoch_millis(info.not_after);
  row.created_at_ms = previous ? previous->created_at_ms : to_epoch_millis(now);
  row.imported_at_ms = to_epoch_millis(now);
  row.details_json = encode_details(info);
  row.certificate_pem = validated.certificate_pem;
  row.chain_pem = validated.chain_pem;
  row.key_wrapped_data_key = std::move(sealed->wrapped_data_key);
  row.key_ciphertext = std::move(sealed->ciphertext);
  if (previous) {
    row.in_use = previous->in_use;
    row.exported = previous->exported;
    row.export_option = previous->export_option;
  }
  return row;
}

Status Inventory::commit_with_events(store::Transaction& txn,
                                     std::vector<store::EventRecord> events) {
  for (auto& event : events) {
    auto appended = txn.append_event(event);
    if (!appended) return tl::unexpected(appended.error());
  }
  if (auto ok = txn.commit(); !ok) return ok;
  for (const auto& event : events) log_emitted(event);
  return {};
}

Status Inventory::apply_renewal(const std::string& arn, int64_t expected_version,
                                const RenewedCertificate& renewed) {
  const TimePoint now = clock_.now();
  auto validated = pki::validate_import(renewed.certificate_pem, renewed.private_key_pem.view(),
                                        renewed.chain_pem, now);
  if (!validated) return tl::unexpected(validated.error());
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto previous = require_certificate(**txn, arn);
  if (!previous) return tl::unexpected(previous.error());
  if (previous->version != expected_version) {
    return fail(ErrorCode::kConflict, "Certificate " + arn +
                                          " changed while it was being renewed; the renewal is "
                                          "dropped and retried at the next attempt.");
  }
  auto row = build_row(*validated, arn, std::optional(*previous), now);
  if (!row) return tl::unexpected(row.error());
  row->type = previous->type;
  if (previous->type == "PRIVATE") {
    // The new body's details know nothing of the CA; the next renewal needs it.
    PrivateDetails carried = private_details_of(*previous);
    carried.failure_reason.clear();
    row->details_json = add_private_details(row->details_json, carried);
  }
  row->imported_at_ms = previous->imported_at_ms;
  row->issued_at_ms = to_epoch_millis(now);
  row->renewal_status = "SUCCESS";
  row->renewal_updated_at_ms = to_epoch_millis(now);
  row->renewal_attempt_days = 0;
  if (auto ok = (*txn)->put_certificate(*row); !ok) return ok;
  row->version = previous->version + 1;
  return commit_with_events(**txn, {available_event(config_, *row, "RENEWAL", now)});
}

}  // namespace certflow::inventory
