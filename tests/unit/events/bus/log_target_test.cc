// The log target: events a rule matched become records of a log group, readable by rule.
#include "events/targets/log_target.h"

#include <nlohmann/json.hpp>

#include "bus_fixture.h"

namespace certflow::events::bus::testing {
namespace {

const std::string kLogGroupArn = "arn:aws:logs:us-east-1:000000000000:log-group:/certflow/acm";

class LogTargetTest : public BusTest {
 protected:
  // Over the fixture's store (these tests do not restart()).
  void SetUp() override {
    BusTest::SetUp();
    log_target_ =
        std::make_unique<targets::LogTarget>(store(), clock_, "us-east-1", "000000000000");
    registry_.add("logs", *log_target_);
  }
  std::vector<store::LogRecordRow> records(std::optional<std::string> rule,
                                           std::optional<std::string> group = std::nullopt) {
    store::LogQuery query;
    query.rule = std::move(rule);
    query.log_group = std::move(group);
    return must(store().list_log_records(query));
  }

  std::unique_ptr<targets::LogTarget> log_target_;
};

TEST_F(LogTargetTest, MatchedEventsBecomeRecordsOfTheLogGroupUnderTheirRule) {
  put_rule("acm", R"({"source":["aws.acm"]})");
  put_rule("shop", R"({"source":["shop"]})");
  put_target("acm", target("log", kLogGroupArn));
  put_target("shop", target("log", kLogGroupArn + ":*"));
  const std::string acm_id = append_acm_event("ACM Certificate Expired", R"({"CommonName":"a"})");
  const std::string shop_id = put_event("shop", "Order Placed", R"({"n":1})");
  pump();

  auto acm = records("acm");
  ASSERT_EQ(acm.size(), 1u);
  EXPECT_EQ(acm[0].log_group, "/certflow/acm");
  EXPECT_EQ(acm[0].event_id, acm_id);
  EXPECT_EQ(nlohmann::json::parse(acm[0].message)["detail-type"], "ACM Certificate Expired");
  EXPECT_EQ(acm[0].time_ms, to_epoch_millis(clock_.now()));
  auto shop = records("shop");
  ASSERT_EQ(shop.size(), 1u);
  EXPECT_EQ(shop[0].event_id, shop_id);
  EXPECT_GT(shop[0].sequence, acm[0].sequence);
  EXPECT_EQ(records(std::nullopt, "/certflow/acm").size(), 2u);
  EXPECT_TRUE(records(std::nullopt, "/other").empty());
  EXPECT_EQ(metric("Invocations", "acm", "log"), 1);
}

TEST_F(LogTargetTest, OnlyLogGroupArnsOfThisInstallationAreAccepted) {
  put_rule("r", R"({"source":["shop"]})");
  for (const std::string arn : {"arn:aws:logs:eu-west-1:000000000000:log-group:x",
                                "arn:aws:logs:us-east-1:000000000000:log-group:",
                                "arn:aws:logs:us-east-1:000000000000:log-group:bad name",
                                "arn:aws:logs:us-east-1:000000000000:destination:x"}) {
    auto failures = must(bus().put_targets(kDefaultBus, "r", {target("log", arn)}));
    ASSERT_EQ(failures.size(), 1u) << arn;
    EXPECT_NE(failures[0].error_message.find("log group ARN"), std::string::npos) << arn;
  }
  EXPECT_TRUE(must(bus().list_targets(kDefaultBus, "r")).empty());
}

}  // namespace
}  // namespace certflow::events::bus::testing
