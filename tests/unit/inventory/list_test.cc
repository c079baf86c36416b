#include <set>

#include "inventory_fixture.h"

namespace certflow::inventory::testing {
namespace {

using pki::testing::ec_key;
using pki::testing::rsa_key;

std::vector<std::string> arns_of(const ListResult& page) {
  std::vector<std::string> arns;
  for (const auto& cert : page.certificates) arns.push_back(cert.arn);
  return arns;
}

TEST_F(InventoryTest, ListDefaultsToRsa2048AndKeyTypesWidenIt) {
  std::string rsa = import_ok(self_signed("rsa.example.com", rsa_key(2048)));
  std::string ec = import_ok(self_signed("ec.example.com", ec_key("P-256")));
  auto all_default = inventory_->list_certificates({});
  ASSERT_TRUE(all_default);
  EXPECT_EQ(arns_of(*all_default), std::vector<std::string>{rsa});
  ListQuery query;
  query.key_types = std::vector<std::string>{"EC_prime256v1", "RSA_2048"};
  auto both = inventory_->list_certificates(query);
  EXPECT_EQ(both->certificates.size(), 2u);
}

TEST_F(InventoryTest, ListPaginatesWithoutGapsOrDuplicates) {
  std::set<std::string> imported;
  KeyPair pair = self_signed("page.example.com", rsa_key(2048));
  for (int i = 0; i < 25; ++i) {
    imported.insert(import_ok(pair));
    clock_->advance(std::chrono::milliseconds(i % 3 == 0 ? 0 : 5));  // some equal CreatedAt
  }
  for (bool descending : {false, true}) {
    ListQuery query;
    query.max_items = 4;
    query.descending = descending;
    std::vector<std::string> seen;
    std::vector<TimePoint> created;
    int pages = 0;
    while (true) {
      auto page = inventory_->list_certificates(query);
      ASSERT_TRUE(page) << page.error().message;
      ++pages;
      for (const auto& cert : page->certificates) {
        seen.push_back(cert.arn);
        created.push_back(cert.created_at);
      }
      if (!page->next_token) break;
      query.next_token = page->next_token;
    }
    EXPECT_EQ(pages, 7);
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), imported);
    EXPECT_EQ(seen.size(), imported.size());
    EXPECT_TRUE(descending ? std::is_sorted(created.rbegin(), created.rend())
                           : std::is_sorted(created.begin(), created.end()));
  }
}

TEST_F(InventoryTest, ListFiltersByStatusAndUsages) {
  pki::testing::CertSpec server;
  server.extended_key_usage = "serverAuth";
  server.key_usage = "critical,digitalSignature";
  pki::testing::CertSpec soon = server;
  soon.not_after = pki::testing::days_from_now(1);
  std::string web = import_ok(self_signed("web.example.com", rsa_key(2048), server));
  std::string expiring = import_ok(self_signed("soon.example.com", rsa_key(2048), soon));
  clock_->advance(std::chrono::hours(48));

  ListQuery expired;
  expired.statuses = {"EXPIRED"};
  EXPECT_EQ(arns_of(*inventory_->list_certificates(expired)), std::vector<std::string>{expiring});
  ListQuery issued;
  issued.statuses = {"ISSUED"};
  EXPECT_EQ(arns_of(*inventory_->list_certificates(issued)), std::vector<std::string>{web});

  ListQuery usages;
  usages.extended_key_usages = {"TLS_WEB_CLIENT_AUTHENTICATION"};
  EXPECT_TRUE(inventory_->list_certificates(usages)->certificates.empty());
  usages.extended_key_usages = {"ANY"};
  EXPECT_EQ(inventory_->list_certificates(usages)->certificates.size(), 2u);
}

TEST_F(InventoryTest, ListRejectsAForgedNextToken) {
  ListQuery query;
  query.next_token = "bm90IGpzb24=";
  auto result = inventory_->list_certificates(query);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgs);
}

}  // namespace
}  // namespace certflow::inventory::testing
