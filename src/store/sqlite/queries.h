// The SQL behind every Store and Transaction operation, as functions of a connection. The store
// runs them on a pooled read-only connection; a transaction runs them on the writer, inside its
// open BEGIN IMMEDIATE, so it reads its own writes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/store.h"

namespace certflow::store::sqlite {

// certificate_queries.cc
Result<std::optional<CertificateRow>> select_certificate(Connection& db, const std::string& arn);
// Upsert that keeps the row (and so its tags) in place and bumps the stored version.
Status upsert_certificate(Connection& db, const CertificateRow& row);
Result<bool> delete_certificate(Connection& db, const std::string& arn);
Result<uint64_t> count_certificates(Connection& db);
Result<std::vector<Tag>> select_tags(Connection& db, const std::string& arn);
Status replace_tags(Connection& db, const std::string& arn, const std::vector<Tag>& tags);

// list_query.cc
Result<CertificatePage> select_certificate_page(Connection& db, const CertificateFilter& filter,
                                                const PageRequest& page);

// account_queries.cc
Result<AccountConfig> select_account_config(Connection& db);
Status upsert_account_config(Connection& db, const AccountConfig& config);
Result<std::optional<IdempotencyRecord>> select_idempotency(Connection& db,
                                                            const std::string& scope,
                                                            const std::string& token,
                                                            int64_t now_ms);
Status upsert_idempotency(Connection& db, const IdempotencyRecord& record);
Status upsert_access_key(Connection& db, const AccessKeyRow& row);
Result<std::optional<AccessKeyRow>> select_access_key(Connection& db,
                                                      const std::string& access_key_id);
Result<std::vector<AccessKeyRow>> select_access_keys(Connection& db);

// lifecycle_queries.cc
std::string issued_expiring_sql(bool managed_only);
Result<bool> insert_event(Connection& db, EventRecord& event);
Result<std::vector<EventRecord>> select_events(Connection& db, const EventQuery& query);
Result<std::vector<CertificateRow>> select_issued_expiring(Connection& db,
                                                           const ExpiryRange& range);
Result<bool> update_lifecycle_columns(Connection& db, const CertificateRow& row);
Result<LifecycleState> select_lifecycle_state(Connection& db);
Status upsert_lifecycle_state(Connection& db, const LifecycleState& state);

}  // namespace certflow::store::sqlite
