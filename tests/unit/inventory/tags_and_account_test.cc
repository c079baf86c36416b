#include "inventory_fixture.h"

namespace certflow::inventory::testing {
namespace {

using pki::testing::rsa_key;

TEST_F(InventoryTest, AddTagsReplacesValuesOfExistingKeys) {
  std::string arn = import_ok(self_signed("t.example.com", rsa_key(2048)), {{"env", "dev"}});
  ASSERT_TRUE(inventory_->add_tags(arn, {{"env", "prod"}, {"flag", std::nullopt}}));
  EXPECT_EQ(*inventory_->list_tags(arn),
            (std::vector<Tag>{{"env", "prod"}, {"flag", std::nullopt}}));
}

TEST_F(InventoryTest, RemoveTagsMatchesValueOnlyWhenGiven) {
  std::string arn =
      import_ok(self_signed("t.example.com", rsa_key(2048)), {{"a", "1"}, {"b", "2"}, {"c", "3"}});
  ASSERT_TRUE(inventory_->remove_tags(arn, {{"a", "other"}, {"b", std::nullopt}, {"c", "3"}}));
  EXPECT_EQ(*inventory_->list_tags(arn), (std::vector<Tag>{{"a", "1"}}));
}

TEST_F(InventoryTest, TagRulesAreEnforced) {
  std::string arn = import_ok(self_signed("t.example.com", rsa_key(2048)));
  for (const Tag& bad : std::vector<Tag>{{"aws:reserved", "x"},
                                         {"", "x"},
                                         {std::string(129, 'k'), "x"},
                                         {"k", std::string(257, 'v')},
                                         {"semi;colon", "x"}}) {
    auto result = inventory_->add_tags(arn, {bad});
    ASSERT_FALSE(result) << bad.key;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidTag);
  }
  EXPECT_TRUE(inventory_->add_tags(arn, {{"ünïcode key", "välue with spaces @:/=+-."}}));
  std::vector<Tag> fifty;
  for (int i = 0; i < 49; ++i) fifty.push_back({"k" + std::to_string(i), "v"});
  ASSERT_TRUE(inventory_->add_tags(arn, fifty));
  auto over = inventory_->add_tags(arn, {{"one-more", "v"}});
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kTooManyTags);
}

TEST_F(InventoryTest, AccountConfigurationIsIdempotentPerToken) {
  EXPECT_EQ(inventory_->get_account_configuration()->days_before_expiry, 45);
  ASSERT_TRUE(inventory_->put_account_configuration(30, "token1"));
  EXPECT_TRUE(inventory_->put_account_configuration(30, "token1"));
  auto conflict = inventory_->put_account_configuration(20, "token1");
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  EXPECT_EQ(inventory_->get_account_configuration()->days_before_expiry, 30);
  // After an hour the token may be reused.
  clock_->advance(std::chrono::minutes(61));
  EXPECT_TRUE(inventory_->put_account_configuration(20, "token1"));
  EXPECT_EQ(inventory_->get_account_configuration()->days_before_expiry, 20);
  for (int bad : {0, 46, -3}) {
    auto result = inventory_->put_account_configuration(bad, "t" + std::to_string(bad + 10));
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::kValidation);
  }
}

}  // namespace
}  // namespace certflow::inventory::testing
