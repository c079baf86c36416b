// Conformance suite, part 1: rows, tags, configuration, idempotency, access keys, transactions
// and durability. Every Store engine must pass it (engines: StoreEngines in
// store_test_support.h).
#include <gtest/gtest.h>

#include "store_test_support.h"

namespace certflow::store::testing {
namespace {

template <typename Engine>
class StoreConformanceTest : public StoreTest<Engine> {};
TYPED_TEST_SUITE(StoreConformanceTest, StoreEngines);

CertificateRow every_field_set() {
  CertificateRow row = make_certificate(7);
  row.type = "PRIVATE";
  row.status = "PENDING_VALIDATION";
  row.key_algorithm = "EC_prime256v1";
  row.key_usages = {"KEY_ENCIPHERMENT", "DIGITAL_SIGNATURE", "NON_REPUDIATION"};
  row.extended_key_usages = {"TLS_WEB_CLIENT_AUTHENTICATION", "TLS_WEB_SERVER_AUTHENTICATION"};
  row.export_option = "ENABLED";
  row.in_use = true;
  row.exported = true;
  row.not_before_ms = -5;  // before the epoch is still a valid time
  row.not_after_ms = 4'102'444'800'000;
  row.imported_at_ms = std::nullopt;
  row.issued_at_ms = 1'700'000'000'123;
  row.details_json = R"({"subject":"CN=ü.example","sans":["a","b"]})";
  row.certificate_pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
  row.chain_pem = "-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----\n";
  row.key_wrapped_data_key = std::string("\x00\x01\xff\x00wrapped\x00", 12);
  row.key_ciphertext = std::string("\x00\x00\x80\x7f", 4);
  row.renewal_status = "FAILED";
  row.renewal_status_reason = "PCA_INVALID_STATE";
  row.renewal_updated_at_ms = 1'700'000'000'456;
  row.renewal_attempt_days = 45;
  return row;
}

TYPED_TEST(StoreConformanceTest, PutThenGetReturnsEveryField) {
  CertificateRow row = every_field_set();
  this->put(row);

  auto got = must(this->store().get_certificate(row.arn));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->arn, row.arn);
  EXPECT_EQ(got->type, row.type);
  EXPECT_EQ(got->status, row.status);
  EXPECT_EQ(got->domain_name, row.domain_name);
  EXPECT_EQ(got->key_algorithm, row.key_algorithm);
  EXPECT_EQ(got->key_usages, row.key_usages);
  EXPECT_EQ(got->extended_key_usages, row.extended_key_usages);
  EXPECT_EQ(got->export_option, row.export_option);
  EXPECT_EQ(got->in_use, row.in_use);
  EXPECT_EQ(got->exported, row.exported);
  EXPECT_EQ(got->not_before_ms, row.not_before_ms);
  EXPECT_EQ(got->not_after_ms, row.not_after_ms);
  EXPECT_EQ(got->created_at_ms, row.created_at_ms);
  EXPECT_EQ(got->imported_at_ms, row.imported_at_ms);
  EXPECT_EQ(got->issued_at_ms, row.issued_at_ms);
  EXPECT_EQ(got->details_json, row.details_json);
  EXPECT_EQ(got->certificate_pem, row.certificate_pem);
  EXPECT_EQ(got->chain_pem, row.chain_pem);
  EXPECT_EQ(got->key_wrapped_data_key, row.key_wrapped_data_key);
  EXPECT_EQ(got->key_ciphertext, row.key_ciphertext);
  EXPECT_EQ(got->renewal_status, row.renewal_status);
  EXPECT_EQ(got->renewal_status_reason, row.renewal_status_reason);
  EXPECT_EQ(got->renewal_updated_at_ms, row.renewal_updated_at_ms);
  EXPECT_EQ(got->renewal_attempt_days, row.renewal_attempt_days);
  EXPECT_EQ(got->version, 1);
}

TYPED_TEST(StoreConformanceTest, EmptyListsAndEmptyMaterialRoundTrip) {
  CertificateRow row = make_certificate(1);
  row.key_usages.clear();
  row.extended_key_usages.clear();
  row.imported_at_ms = std::nullopt;
  row.certificate_pem.clear();
  this->put(row);

  auto got = must(this->store().get_certificate(row.arn));
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->key_usages.empty());
  EXPECT_TRUE(got->extended_key_usages.empty());
  EXPECT_FALSE(got->imported_at_ms.has_value());
  EXPECT_FALSE(got->issued_at_ms.has_value());
  EXPECT_EQ(got->certificate_pem, "");
  EXPECT_EQ(got->key_wrapped_data_key, "");
}

TYPED_TEST(StoreConformanceTest, GetOfUnknownArnIsEmpty) {
  EXPECT_FALSE(must(this->store().get_certificate(certificate_arn("nope"))).has_value());
}

TYPED_TEST(StoreConformanceTest, EveryPutIncrementsTheStoredVersion) {
  CertificateRow row = make_certificate(1);
  row.version = 42;  // ignored: the store owns the version
  this->put(row);
  EXPECT_EQ(must(this->store().get_certificate(row.arn))->version, 1);
  row.status = "REVOKED";
  this->put(row);
  this->put(row);
  auto got = must(this->store().get_certificate(row.arn));
  EXPECT_EQ(got->version, 3);
  EXPECT_EQ(got->status, "REVOKED");
}

TYPED_TEST(StoreConformanceTest, RePutKeepsTheTags) {
  CertificateRow row = make_certificate(1);
  this->put(row);
  this->commit([&](Transaction& tx) { must(tx.put_tags(row.arn, {{"env", "prod"}})); });
  this->put(row);
  EXPECT_EQ(must(this->store().get_tags(row.arn)), (std::vector<Tag>{{"env", "prod"}}));
}

TYPED_TEST(StoreConformanceTest, DeleteRemovesTheCertificateAndItsTags) {
  CertificateRow row = make_certificate(1);
  this->put(row);
  this->commit([&](Transaction& tx) { must(tx.put_tags(row.arn, {{"a", "1"}, {"b", {}}})); });

  this->commit([&](Transaction& tx) { EXPECT_TRUE(must(tx.delete_certificate(row.arn))); });

  EXPECT_FALSE(must(this->store().get_certificate(row.arn)).has_value());
  EXPECT_TRUE(must(this->store().get_tags(row.arn)).empty());
  EXPECT_EQ(must(this->store().count_certificates()), 0u);
  // Re-creating the certificate must not resurrect the old tags.
  this->put(row);
  EXPECT_TRUE(must(this->store().get_tags(row.arn)).empty());
}

TYPED_TEST(StoreConformanceTest, DeleteOfUnknownArnReportsFalse) {
  this->commit(
      [&](Transaction& tx) { EXPECT_FALSE(must(tx.delete_certificate(certificate_arn("nope")))); });
}

TYPED_TEST(StoreConformanceTest, TransactionDestroyedWithoutCommitRollsBack) {
  {
    auto tx = must(this->store().begin());
    must(tx->put_certificate(make_certificate(1)));
    must(tx->put_account_config(AccountConfig{10}));
  }
  EXPECT_FALSE(must(this->store().get_certificate(make_certificate(1).arn)).has_value());
  EXPECT_EQ(must(this->store().get_account_config()).days_before_expiry, 45);
  // The writer is free again.
  this->put(make_certificate(2));
  EXPECT_EQ(must(this->store().count_certificates()), 1u);
}

TYPED_TEST(StoreConformanceTest, TransactionReadsItsOwnWrites) {
  auto tx = must(this->store().begin());
  CertificateRow row = make_certificate(1);
  must(tx->put_certificate(row));
  must(tx->put_tags(row.arn, {{"k", "v"}}));
  must(tx->put_account_config(AccountConfig{30}));
  auto got = must(tx->get_certificate(row.arn));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(must(tx->get_tags(row.arn)), (std::vector<Tag>{{"k", "v"}}));
  EXPECT_EQ(must(tx->get_account_config()).days_before_expiry, 30);
  must(tx->commit());
}

TYPED_TEST(StoreConformanceTest, CommittedTransactionRefusesFurtherWork) {
  auto tx = must(this->store().begin());
  must(tx->commit());
  EXPECT_FALSE(tx->put_certificate(make_certificate(1)).has_value());
  EXPECT_FALSE(tx->commit().has_value());
  EXPECT_EQ(must(this->store().count_certificates()), 0u);
}

TYPED_TEST(StoreConformanceTest, PutTagsReplacesTheWholeSetInGivenOrder) {
  CertificateRow row = make_certificate(1);
  this->put(row);
  this->commit([&](Transaction& tx) {
    must(tx.put_tags(row.arn, {{"z", "1"}, {"a", "2"}, {"m", std::nullopt}}));
  });
  EXPECT_EQ(must(this->store().get_tags(row.arn)),
            (std::vector<Tag>{{"z", "1"}, {"a", "2"}, {"m", std::nullopt}}));

  const std::vector<Tag> replaced = {{"b", ""}, {"z", "9"}};
  this->commit([&](Transaction& tx) { must(tx.put_tags(row.arn, replaced)); });
  EXPECT_EQ(must(this->store().get_tags(row.arn)), replaced);

  this->commit([&](Transaction& tx) { must(tx.put_tags(row.arn, {})); });
  EXPECT_TRUE(must(this->store().get_tags(row.arn)).empty());
}

TYPED_TEST(StoreConformanceTest, TagValueEmptyIsDistinctFromAbsent) {
  CertificateRow row = make_certificate(1);
  this->put(row);
  this->commit([&](Transaction& tx) { must(tx.put_tags(row.arn, {{"a", ""}, {"b", {}}})); });
  auto tags = must(this->store().get_tags(row.arn));
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0].value, std::optional<std::string>(""));
  EXPECT_EQ(tags[1].value, std::nullopt);
}

TYPED_TEST(StoreConformanceTest, AccountConfigDefaultsTo45DaysAndCanBeUpdated) {
  EXPECT_EQ(must(this->store().get_account_config()).days_before_expiry, 45);
  this->commit([](Transaction& tx) { must(tx.put_account_config(AccountConfig{60})); });
  EXPECT_EQ(must(this->store().get_account_config()).days_before_expiry, 60);
  this->commit([](Transaction& tx) { must(tx.put_account_config(AccountConfig{1})); });
  EXPECT_EQ(must(this->store().get_account_config()).days_before_expiry, 1);
}

TYPED_TEST(StoreConformanceTest, IdempotencyRecordIsAbsentFromItsExpiry) {
  const IdempotencyRecord record{"acm:RequestCertificate", "tok-1", "fp", "{\"arn\":\"x\"}", 5000};
  this->commit([&](Transaction& tx) { must(tx.put_idempotency(record)); });

  this->commit([&](Transaction& tx) {
    auto live = must(tx.get_idempotency(record.scope, record.token, 4999));
    ASSERT_TRUE(live.has_value());
    EXPECT_EQ(live->scope, record.scope);
    EXPECT_EQ(live->token, record.token);
    EXPECT_EQ(live->fingerprint, record.fingerprint);
    EXPECT_EQ(live->response, record.response);
    EXPECT_EQ(live->expires_at_ms, record.expires_at_ms);
    EXPECT_FALSE(must(tx.get_idempotency(record.scope, record.token, 5000)).has_value());
    EXPECT_FALSE(must(tx.get_idempotency("other:Scope", record.token, 0)).has_value());
  });
}

TYPED_TEST(StoreConformanceTest, ExpiredIdempotencyTokenCanBeReused) {
  IdempotencyRecord record{"s", "tok", "fp-old", "old", 100};
  this->commit([&](Transaction& tx) { must(tx.put_idempotency(record)); });
  record.fingerprint = "fp-new";
  record.response = "new";
  record.expires_at_ms = 300;
  this->commit([&](Transaction& tx) { must(tx.put_idempotency(record)); });
  this->commit([&](Transaction& tx) {
    auto got = must(tx.get_idempotency("s", "tok", 200));
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->fingerprint, "fp-new");
    EXPECT_EQ(got->response, "new");
  });
}

TYPED_TEST(StoreConformanceTest, AccessKeysRoundTripAndListInCreationOrder) {
  const AccessKeyRow admin{"AKIAADMIN",
                           "admin",
                           "Active",
                           200,
                           std::string("\x00k\xff", 3),
                           std::string("\x00\x00s", 3)};
  const AccessKeyRow ci{"AKIACI", "ci", "Inactive", 100, "wk", "ct"};
  this->commit([&](Transaction& tx) {
    must(tx.put_access_key(admin));
    must(tx.put_access_key(ci));
  });

  auto got = must(this->store().get_access_key("AKIAADMIN"));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->user_name, "admin");
  EXPECT_EQ(got->status, "Active");
  EXPECT_EQ(got->created_at_ms, 200);
  EXPECT_EQ(got->secret_wrapped_data_key, admin.secret_wrapped_data_key);
  EXPECT_EQ(got->secret_ciphertext, admin.secret_ciphertext);
  EXPECT_FALSE(must(this->store().get_access_key("AKIANONE")).has_value());

  auto all = must(this->store().list_access_keys());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].access_key_id, "AKIACI");
  EXPECT_EQ(all[1].access_key_id, "AKIAADMIN");

  AccessKeyRow deactivated = admin;
  deactivated.status = "Inactive";
  this->commit([&](Transaction& tx) { must(tx.put_access_key(deactivated)); });
  EXPECT_EQ(must(this->store().get_access_key("AKIAADMIN"))->status, "Inactive");
}

TYPED_TEST(StoreConformanceTest, ReopenedStoreFindsEverythingCommitted) {
  CertificateRow row = every_field_set();
  this->commit([&](Transaction& tx) {
    must(tx.put_certificate(row));
    must(tx.put_tags(row.arn, {{"team", "pki"}}));
    must(tx.put_account_config(AccountConfig{14}));
    must(tx.put_idempotency({"s", "t", "f", "r", 1000}));
    must(tx.put_access_key({"AKIA1", "admin", "Active", 1, "w", "c"}));
  });
  {
    auto abandoned = must(this->store().begin());
    must(abandoned->put_certificate(make_certificate(99)));
  }

  this->reopen();

  auto got = must(this->store().get_certificate(row.arn));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->key_wrapped_data_key, row.key_wrapped_data_key);
  EXPECT_EQ(got->chain_pem, row.chain_pem);
  EXPECT_EQ(must(this->store().get_tags(row.arn)), (std::vector<Tag>{{"team", "pki"}}));
  EXPECT_EQ(must(this->store().get_account_config()).days_before_expiry, 14);
  EXPECT_TRUE(must(this->store().get_access_key("AKIA1")).has_value());
  EXPECT_EQ(must(this->store().count_certificates()), 1u);
  this->commit(
      [](Transaction& tx) { EXPECT_TRUE(must(tx.get_idempotency("s", "t", 0)).has_value()); });
}

}  // namespace
}  // namespace certflow::store::testing
