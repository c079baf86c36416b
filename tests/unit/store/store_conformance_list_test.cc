// Conformance suite, part 2: list_certificates filters (each and combined), effective status,
// and keyset pagination in both directions. Expected results come from a plain C++ model of the
// filter contract in store.h, applied to the same rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>
#include <tuple>

#include "store_test_support.h"

namespace certflow::store::testing {
namespace {

template <typename Engine>
class StoreListTest : public StoreTest<Engine> {
 protected:
  void put_all(const std::vector<CertificateRow>& rows) {
    this->commit([&](Transaction& tx) {
      for (const auto& row : rows) must(tx.put_certificate(row));
    });
  }

  // Every page of a walk, checking page sizes and cursors along the way.
  std::vector<std::string> walk(const CertificateFilter& filter, size_t limit, bool descending) {
    std::vector<std::string> arns;
    PageRequest request{limit, descending, std::nullopt};
    for (int pages = 0;; ++pages) {
      if (pages > 100'000) throw std::runtime_error("pagination does not terminate");
      CertificatePage page = must(this->store().list_certificates(filter, request));
      for (const auto& row : page.rows) arns.push_back(row.arn);
      if (!page.next) {
        EXPECT_LE(page.rows.size(), limit);
        return arns;
      }
      EXPECT_EQ(page.rows.size(), limit);
      EXPECT_EQ(*page.next, (Cursor{page.rows.back().created_at_ms, page.rows.back().arn}));
      request.after = page.next;
    }
  }
};
TYPED_TEST_SUITE(StoreListTest, StoreEngines);

constexpr int64_t kNow = 50'000'000;

bool contains_all(const std::vector<std::string>& have, const std::vector<std::string>& want) {
  return std::all_of(want.begin(), want.end(), [&](const std::string& w) {
    return std::find(have.begin(), have.end(), w) != have.end();
  });
}

bool model_matches(const CertificateFilter& f, const CertificateRow& row) {
  auto any_of = [](const std::vector<std::string>& allowed, const std::string& value) {
    return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
  };
  return any_of(f.statuses, effective_status(row, f.now_ms)) &&
         any_of(f.key_algorithms, row.key_algorithm) &&
         contains_all(row.key_usages, f.key_usages) &&
         contains_all(row.extended_key_usages, f.extended_key_usages) &&
         (!f.export_option || *f.export_option == row.export_option);
}

// Twelve certificates that differ in every filtered attribute.
std::vector<CertificateRow> varied_rows() {
  const std::vector<std::string> statuses = {"ISSUED",  "ISSUED",  "PENDING_VALIDATION",
                                             "REVOKED", "EXPIRED", "ISSUED"};
  const std::vector<std::string> algorithms = {"RSA_2048", "EC_prime256v1", "RSA_4096"};
  const std::vector<std::vector<std::string>> usages = {
      {}, {"DIGITAL_SIGNATURE"}, {"DIGITAL_SIGNATURE", "KEY_ENCIPHERMENT"}, {"KEY_ENCIPHERMENT"}};
  const std::vector<std::vector<std::string>> ekus = {
      {"TLS_WEB_SERVER_AUTHENTICATION"},
      {"TLS_WEB_SERVER_AUTHENTICATION", "TLS_WEB_CLIENT_AUTHENTICATION"},
      {"CODE_SIGNING"}};
  const std::vector<std::string> exports = {"", "ENABLED", "DISABLED"};
  std::vector<CertificateRow> rows;
  for (int i = 0; i < 12; ++i) {
    CertificateRow row = make_certificate(i);
    row.status = statuses[i % statuses.size()];
    row.key_algorithm = algorithms[i % algorithms.size()];
    row.key_usages = usages[i % usages.size()];
    row.extended_key_usages = ekus[(i / 2) % ekus.size()];
    row.export_option = exports[(i / 3) % exports.size()];
    // Half expire before kNow; the ISSUED ones among them read as EXPIRED.
    row.not_after_ms = i % 2 == 0 ? kNow - 1000 + i : kNow + 1000;
    rows.push_back(row);
  }
  rows[1].not_after_ms = kNow;  // NotAfter exactly now counts as expired
  return rows;
}

std::vector<std::string> expected_arns(const std::vector<CertificateRow>& rows,
                                       const CertificateFilter& f) {
  std::vector<std::string> out;
  for (const auto& row : rows) {
    if (model_matches(f, row)) out.push_back(row.arn);
  }
  return out;  // varied_rows() is already in (created_at_ms, arn) order
}

TYPED_TEST(StoreListTest, EachFilterAloneAndCombinedMatchesTheContract) {
  const auto rows = varied_rows();
  this->put_all(rows);

  std::vector<std::pair<std::string, CertificateFilter>> cases;
  auto add = [&](std::string name, const std::function<void(CertificateFilter&)>& set) {
    CertificateFilter f;
    f.now_ms = kNow;
    set(f);
    cases.emplace_back(std::move(name), std::move(f));
  };
  add("none", [](CertificateFilter&) {});
  add("issued", [](CertificateFilter& f) { f.statuses = {"ISSUED"}; });
  add("expired", [](CertificateFilter& f) { f.statuses = {"EXPIRED"}; });
  add("expired or revoked", [](CertificateFilter& f) { f.statuses = {"EXPIRED", "REVOKED"}; });
  add("algorithm", [](CertificateFilter& f) { f.key_algorithms = {"EC_prime256v1"}; });
  add("two algorithms", [](CertificateFilter& f) { f.key_algorithms = {"RSA_2048", "RSA_4096"}; });
  add("one usage", [](CertificateFilter& f) { f.key_usages = {"DIGITAL_SIGNATURE"}; });
  add("two usages", [](CertificateFilter& f) {
    f.key_usages = {"KEY_ENCIPHERMENT", "DIGITAL_SIGNATURE"};
  });
  add("one eku",
      [](CertificateFilter& f) { f.extended_key_usages = {"TLS_WEB_CLIENT_AUTHENTICATION"}; });
  add("two ekus", [](CertificateFilter& f) {
    f.extended_key_usages = {"TLS_WEB_SERVER_AUTHENTICATION", "TLS_WEB_CLIENT_AUTHENTICATION"};
  });
  add("export enabled", [](CertificateFilter& f) { f.export_option = "ENABLED"; });
  add("export unset", [](CertificateFilter& f) { f.export_option = ""; });
  add("combined", [](CertificateFilter& f) {
    f.statuses = {"ISSUED", "EXPIRED"};
    f.key_algorithms = {"RSA_2048", "EC_prime256v1"};
    f.key_usages = {"DIGITAL_SIGNATURE"};
    f.extended_key_usages = {"TLS_WEB_SERVER_AUTHENTICATION"};
  });
  add("combined with export", [](CertificateFilter& f) {
    f.statuses = {"ISSUED"};
    f.export_option = "DISABLED";
  });
  add("usage prefix is not a usage", [](CertificateFilter& f) { f.key_usages = {"DIGITAL"}; });
  add("usage with separator matches nothing",
      [](CertificateFilter& f) { f.key_usages = {"DIGITAL_SIGNATURE,KEY"}; });

  for (const auto& [name, filter] : cases) {
    SCOPED_TRACE(name);
    const auto want = expected_arns(rows, filter);
    EXPECT_EQ(this->walk(filter, 1000, false), want);
    EXPECT_EQ(this->walk(filter, 2, false), want);
    auto reversed = want;
    std::reverse(reversed.begin(), reversed.end());
    EXPECT_EQ(this->walk(filter, 3, true), reversed);
  }
}

TYPED_TEST(StoreListTest, IssuedCertificatePastNotAfterListsAsExpired) {
  CertificateRow row = make_certificate(1);
  row.not_after_ms = 2000;
  this->put(row);

  CertificateFilter expired;
  expired.statuses = {"EXPIRED"};
  expired.now_ms = 2000;
  CertificateFilter issued = expired;
  issued.statuses = {"ISSUED"};
  EXPECT_EQ(must(this->store().list_certificates(expired, {})).rows.size(), 1u);
  EXPECT_TRUE(must(this->store().list_certificates(issued, {})).rows.empty());
  issued.now_ms = 1999;
  EXPECT_EQ(must(this->store().list_certificates(issued, {})).rows.size(), 1u);
  EXPECT_EQ(effective_status(row, 1999), "ISSUED");
  EXPECT_EQ(effective_status(row, 2000), "EXPIRED");
  // The stored status is untouched; only the reading changes.
  EXPECT_EQ(must(this->store().get_certificate(row.arn))->status, "ISSUED");
}

TYPED_TEST(StoreListTest, ListLeavesMaterialOutButKeepsTheSummary) {
  CertificateRow row = make_certificate(1);
  row.chain_pem = "chain";
  row.key_wrapped_data_key = std::string("\x00w", 2);
  row.key_ciphertext = "secret";
  row.issued_at_ms = 77;
  this->put(row);

  auto page = must(this->store().list_certificates({}, {}));
  ASSERT_EQ(page.rows.size(), 1u);
  const CertificateRow& got = page.rows[0];
  EXPECT_EQ(got.certificate_pem, "");
  EXPECT_EQ(got.chain_pem, "");
  EXPECT_EQ(got.key_wrapped_data_key, "");
  EXPECT_EQ(got.key_ciphertext, "");
  EXPECT_EQ(got.details_json, row.details_json);
  EXPECT_EQ(got.key_usages, row.key_usages);
  EXPECT_EQ(got.issued_at_ms, 77);
  EXPECT_EQ(got.version, 1);
  EXPECT_FALSE(page.next.has_value());
}

TYPED_TEST(StoreListTest, PagesCoverEveryRowOnceInBothDirections) {
  // 2,500 rows, three per created_at_ms, inserted in an order unrelated to the arn order, so
  // ties must be broken by arn.
  std::vector<CertificateRow> rows;
  for (int i = 0; i < 2500; ++i) {
    CertificateRow row = make_certificate(i);
    row.arn = certificate_arn(std::to_string((i * 7919) % 2500) + "-x");
    row.created_at_ms = 5000 + i / 3;
    rows.push_back(row);
  }
  this->put_all(rows);
  std::vector<std::string> ascending;
  std::sort(rows.begin(), rows.end(), [](const CertificateRow& a, const CertificateRow& b) {
    return std::tie(a.created_at_ms, a.arn) < std::tie(b.created_at_ms, b.arn);
  });
  for (const auto& row : rows) ascending.push_back(row.arn);
  std::vector<std::string> descending(ascending.rbegin(), ascending.rend());

  for (size_t limit : {size_t{1}, size_t{7}, size_t{1000}, size_t{2500}, size_t{5000}}) {
    SCOPED_TRACE("limit " + std::to_string(limit));
    EXPECT_EQ(this->walk({}, limit, false), ascending);
    EXPECT_EQ(this->walk({}, limit, true), descending);
  }
}

TYPED_TEST(StoreListTest, NextIsAbsentWhenOnlyNonMatchingRowsFollow) {
  std::vector<CertificateRow> rows;
  for (int i = 0; i < 10; ++i) {
    CertificateRow row = make_certificate(i);
    row.key_algorithm = i < 4 ? "EC_prime256v1" : "RSA_2048";
    rows.push_back(row);
  }
  this->put_all(rows);
  CertificateFilter ec;
  ec.key_algorithms = {"EC_prime256v1"};

  auto first = must(this->store().list_certificates(ec, {2, false, std::nullopt}));
  ASSERT_EQ(first.rows.size(), 2u);
  ASSERT_TRUE(first.next.has_value());
  auto second = must(this->store().list_certificates(ec, {2, false, first.next}));
  EXPECT_EQ(second.rows.size(), 2u);
  EXPECT_FALSE(second.next.has_value());
}

TYPED_TEST(StoreListTest, CursorNeedNotBeAnExistingRow) {
  std::vector<CertificateRow> rows;
  for (int i = 0; i < 5; ++i) rows.push_back(make_certificate(i));
  this->put_all(rows);
  // Between rows 1 and 2, e.g. a cursor whose row was deleted since.
  Cursor between{rows[1].created_at_ms, rows[1].arn + "~"};
  auto asc = must(this->store().list_certificates({}, {10, false, between}));
  ASSERT_EQ(asc.rows.size(), 3u);
  EXPECT_EQ(asc.rows[0].arn, rows[2].arn);
  auto desc = must(this->store().list_certificates({}, {10, true, between}));
  ASSERT_EQ(desc.rows.size(), 2u);
  EXPECT_EQ(desc.rows[0].arn, rows[1].arn);
}

}  // namespace
}  // namespace certflow::store::testing
