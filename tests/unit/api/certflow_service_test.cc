// The native API (Certflow.*) over a real SQLite store, inventory and lifecycle engine on a
// simulated clock: the outbox, the forecast, the settings and the clock operations.
#include "api/certflow/certflow_service.h"

#include <gtest/gtest.h>

#include "api/api_handler.h"
#include "api/service_calls.h"
#include "crypto/encoding.h"
#include "iam/access_keys.h"
#include "inventory/inventory_fixture.h"

namespace certflow::api {
namespace {

using inventory::testing::self_signed;
using nlohmann::json;
using pki::testing::days_from_now;

class CertflowServiceTest : public inventory::testing::InventoryTest {
 protected:
  void SetUp() override {
    InventoryTest::SetUp();
    engine_ = std::make_unique<lifecycle::LifecycleEngine>(*store_, *inventory_, *clock_, issuers_);
    control_ = std::make_unique<lifecycle::ClockControl>(*clock_, *engine_, *store_);
    service_ = make_certflow_service({*store_, *inventory_, *clock_, control_.get()});
  }
  void TearDown() override {
    service_.reset();
    control_.reset();
    engine_.reset();
    InventoryTest::TearDown();
  }

  json call(const std::string& operation, const json& input = json::object()) {
    return api::testing::call_ok(*service_, operation, input);
  }
  Error call_fails(const std::string& operation, const json& input) {
    return api::testing::call_error(*service_, operation, input);
  }

  std::string import_expiring(const std::string& domain, TimePoint not_after) {
    pki::testing::CertSpec spec;
    spec.not_after = not_after;
    return import_ok(self_signed(domain, pki::testing::ec_key("P-256"), spec));
  }

  lifecycle::IssuerRegistry issuers_;
  std::unique_ptr<lifecycle::LifecycleEngine> engine_;
  std::unique_ptr<lifecycle::ClockControl> control_;
  std::unique_ptr<JsonService> service_;
};

std::vector<std::string> resources_of(const json& events) {
  std::vector<std::string> out;
  for (const auto& event : events) out.push_back(event["resources"][0]);
  return out;
}

TEST_F(CertflowServiceTest, ListEventsReturnsTheStoredEventsOldestFirst) {
  const std::string a = import_expiring("a.example.com", days_from_now(50));
  const std::string b = import_expiring("b.example.com", days_from_now(70));
  json out = call("ListEvents");
  ASSERT_EQ(out["Events"].size(), 2u);
  EXPECT_FALSE(out.contains("NextToken"));
  EXPECT_EQ(resources_of(out["Events"]), (std::vector<std::string>{a, b}));
  const json& first = out["Events"][0];
  EXPECT_EQ(first["detail-type"], "ACM Certificate Available");
  EXPECT_EQ(first["source"], "aws.acm");
  EXPECT_EQ(first["time"], "2027-03-01T00:00:00Z");
  EXPECT_EQ(first["detail"]["Action"], "IMPORT");
  EXPECT_EQ(first["detail"]["DaysToExpiry"], 50);

  auto stored = store_->list_events({});
  ASSERT_TRUE(stored);
  EXPECT_EQ(first, json::parse((*stored)[0].body));
}

TEST_F(CertflowServiceTest, ListEventsPagesWithAnOpaqueNextToken) {
  std::vector<std::string> arns;
  for (int i = 0; i < 5; ++i) {
    arns.push_back(import_expiring("p" + std::to_string(i) + ".example.com", days_from_now(50)));
  }
  std::vector<std::string> seen;
  json input = {{"MaxResults", 2}};
  int pages = 0;
  for (;; ++pages) {
    json page = call("ListEvents", input);
    for (const auto& arn : resources_of(page["Events"])) seen.push_back(arn);
    if (!page.contains("NextToken")) break;
    EXPECT_EQ(page["Events"].size(), 2u);
    input["NextToken"] = page["NextToken"];
  }
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(seen, arns);
}

TEST_F(CertflowServiceTest, ListEventsFiltersByTypeCertificateAndTime) {
  const std::string soon = import_expiring("soon.example.com", days_from_now(46));
  import_expiring("later.example.com", days_from_now(200));
  ASSERT_TRUE(control_->advance_to(clock_->now() + std::chrono::hours(24), false));

  json approaching = call("ListEvents", {{"DetailType", "ACM Certificate Approaching Expiration"}});
  ASSERT_EQ(approaching["Events"].size(), 1u);
  EXPECT_EQ(approaching["Events"][0]["resources"][0], soon);
  EXPECT_EQ(approaching["Events"][0]["detail"]["DaysToExpiry"], 45);

  EXPECT_EQ(call("ListEvents", {{"CertificateArn", soon}})["Events"].size(), 2u);
  json since = call("ListEvents", {{"Since", "2027-03-01T00:00:01Z"}});
  ASSERT_EQ(since["Events"].size(), 1u);
  EXPECT_EQ(since["Events"][0]["time"], "2027-03-02T00:00:00Z");
}

TEST_F(CertflowServiceTest, ListEventsRefusesABadTokenOrTimeNamingTheMember) {
  Error token = call_fails("ListEvents", {{"NextToken", "not-a-token"}});
  EXPECT_EQ(token.code, ErrorCode::kValidation);
  EXPECT_NE(token.message.find("'nextToken'"), std::string::npos) << token.message;
  EXPECT_NE(token.message.find("NextToken that ListEvents returned"), std::string::npos);
  // A well-formed base64 token of something else is refused too.
  EXPECT_EQ(call_fails("ListEvents", {{"NextToken", crypto::base64_encode("12")}}).code,
            ErrorCode::kValidation);

  Error since = call_fails("ListEvents", {{"Since", "yesterday"}});
  EXPECT_EQ(since.code, ErrorCode::kValidation);
  EXPECT_NE(since.message.find("ISO-8601"), std::string::npos) << since.message;
  EXPECT_EQ(call_fails("ListEvents", {{"MaxResults", 0}}).code, ErrorCode::kValidation);
  EXPECT_EQ(call_fails("ListEvents", {{"MaxResults", 1001}}).code, ErrorCode::kValidation);
  EXPECT_EQ(call_fails("ListEvents", {{"Since", 7}}).code, ErrorCode::kSerialization);
}

TEST_F(CertflowServiceTest, ForecastListsWhatWillFireAndCountsExpiriesPerWeek) {
  const std::string arn = import_expiring("f.example.com", days_from_now(10));
  json out = call("Forecast", {{"Days", 30}});
  EXPECT_EQ(out["From"], "2027-03-01T00:00:00Z");
  EXPECT_EQ(out["Until"], "2027-03-31T00:00:00Z");
  // Today's evaluation has not run yet: days 10 down to 1, then the expiry.
  EXPECT_EQ(out["TotalsByKind"]["ACM Certificate Approaching Expiration"], 10);
  EXPECT_EQ(out["TotalsByKind"]["ACM Certificate Expired"], 1);
  EXPECT_EQ(out["TotalEntries"], 11);
  ASSERT_EQ(out["Entries"].size(), 11u);
  EXPECT_EQ(out["Entries"][0]["Kind"], "ACM Certificate Approaching Expiration");
  EXPECT_EQ(out["Entries"][0]["DaysToExpiry"], 10);
  EXPECT_EQ(out["Entries"][0]["CommonName"], "f.example.com");
  EXPECT_EQ(out["Entries"][0]["CertificateArn"], arn);
  EXPECT_EQ(out["Entries"][10]["Kind"], "ACM Certificate Expired");
  EXPECT_EQ(out["Entries"][10]["Time"], "2027-03-11T00:00:00Z");
  ASSERT_EQ(out["Weeks"].size(), 5u);
  EXPECT_EQ(out["Weeks"][1], (json{{"Start", "2027-03-08T00:00:00Z"}, {"Expiring", 1}}));
  EXPECT_EQ(out["Weeks"][0]["Expiring"], 0);

  json capped = call("Forecast", {{"Days", 30}, {"MaxEntries", 3}});
  EXPECT_EQ(capped["Entries"].size(), 3u);
  EXPECT_EQ(capped["TotalEntries"], 11);
}

TEST_F(CertflowServiceTest, ForecastNeedsDaysWithinRange) {
  Error missing = call_fails("Forecast", json::object());
  EXPECT_EQ(missing.code, ErrorCode::kValidation);
  EXPECT_NE(missing.message.find("Value null at 'days'"), std::string::npos) << missing.message;
  EXPECT_EQ(call_fails("Forecast", {{"Days", 0}}).code, ErrorCode::kValidation);
  EXPECT_EQ(call_fails("Forecast", {{"Days", 3651}}).code, ErrorCode::kValidation);
  EXPECT_EQ(call_fails("Forecast", {{"Days", 5}, {"MaxEntries", 100001}}).code,
            ErrorCode::kValidation);
}

TEST_F(CertflowServiceTest, SettingsShowAndChangeTheLifetimePercentOnly) {
  EXPECT_EQ(call("GetSettings"),
            (json{{"DaysBeforeExpiry", 45}, {"ExpiryEventsLifetimePercent", 0}}));
  EXPECT_EQ(call("PutSettings", {{"ExpiryEventsLifetimePercent", 33}}), json::object());
  EXPECT_EQ(call("GetSettings")["ExpiryEventsLifetimePercent"], 33);
  ASSERT_TRUE(inventory_->put_account_configuration(20, "token"));
  EXPECT_EQ(call("GetSettings"),
            (json{{"DaysBeforeExpiry", 20}, {"ExpiryEventsLifetimePercent", 33}}));

  Error too_big = call_fails("PutSettings", {{"ExpiryEventsLifetimePercent", 101}});
  EXPECT_EQ(too_big.code, ErrorCode::kValidation);
  EXPECT_NE(too_big.message.find("'expiryEventsLifetimePercent'"), std::string::npos);
  EXPECT_EQ(call_fails("PutSettings", json::object()).code, ErrorCode::kValidation);
  EXPECT_EQ(call("GetSettings")["ExpiryEventsLifetimePercent"], 33);
}

TEST_F(CertflowServiceTest, ClockOperationsExistOnlyWithASimulatedClock) {
  auto real = make_certflow_service({*store_, *inventory_, *clock_, nullptr});
  for (const char* operation : {"GetClock", "SetClock", "AdvanceClock"}) {
    EXPECT_TRUE(service_->has_operation(operation)) << operation;
    EXPECT_FALSE(real->has_operation(operation)) << operation;
  }
  for (const char* operation : {"ListEvents", "Forecast", "GetSettings", "PutSettings"}) {
    EXPECT_TRUE(real->has_operation(operation)) << operation;
  }
  EXPECT_EQ(real->invoke("GetClock", json::object()).error().code, ErrorCode::kUnknownOperation);
}

TEST_F(CertflowServiceTest, AdvanceClockAnswersOnceTheEvaluationsRan) {
  const std::string arn = import_expiring("c.example.com", days_from_now(46));
  EXPECT_EQ(call("GetClock"), (json{{"Now", "2027-03-01T00:00:00Z"}, {"Simulated", true}}));
  json moved = call("AdvanceClock", {{"Seconds", 2 * 86'400}});
  EXPECT_EQ(moved["Now"], "2027-03-03T00:00:00Z");
  EXPECT_EQ(moved["Evaluation"]["DailyEvaluation"], true);
  EXPECT_EQ(moved["Evaluation"]["Approaching"], 2);
  EXPECT_EQ(moved["Evaluation"]["Events"], 2);
  EXPECT_EQ(moved["Evaluation"]["Expired"], 0);
  json approaching = call("ListEvents", {{"DetailType", "ACM Certificate Approaching Expiration"}});
  ASSERT_EQ(approaching["Events"].size(), 2u);
  EXPECT_EQ(approaching["Events"][0]["detail"]["DaysToExpiry"], 45);
  EXPECT_EQ(approaching["Events"][1]["detail"]["DaysToExpiry"], 44);

  // A jump runs one catch-up evaluation: the expiry and nothing per missed day.
  json jumped = call("SetClock", {{"Time", "2027-05-01T00:00:00Z"}, {"Jump", true}});
  EXPECT_EQ(jumped["Now"], "2027-05-01T00:00:00Z");
  EXPECT_EQ(jumped["Evaluation"]["Expired"], 1);
  EXPECT_EQ(jumped["Evaluation"]["Events"], 1);
  EXPECT_EQ(call("ListEvents", {{"CertificateArn", arn}})["Events"].size(), 4u);
}

TEST_F(CertflowServiceTest, ClockMovesAreCheckedBeforeAnythingRuns) {
  Error backwards = call_fails("SetClock", {{"Time", "2027-02-01T00:00:00Z"}});
  EXPECT_EQ(backwards.code, ErrorCode::kValidation);
  EXPECT_NE(backwards.message.find("cannot go backwards"), std::string::npos);
  EXPECT_EQ(call_fails("SetClock", {{"Time", "March 1st"}}).code, ErrorCode::kValidation);
  EXPECT_EQ(call_fails("SetClock", json::object()).code, ErrorCode::kValidation);
  EXPECT_EQ(call_fails("SetClock", {{"Time", "2027-04-01T00:00:00Z"}, {"Jump", "yes"}}).code,
            ErrorCode::kSerialization);
  Error negative = call_fails("AdvanceClock", {{"Seconds", -1}});
  EXPECT_EQ(negative.code, ErrorCode::kValidation);
  EXPECT_NE(negative.message.find("'seconds'"), std::string::npos);
  EXPECT_EQ(call_fails("AdvanceClock", {{"Seconds", 1.5}}).code, ErrorCode::kSerialization);
  Error too_far = call_fails("SetClock", {{"Time", "2040-01-01T00:00:00Z"}});
  EXPECT_EQ(too_far.code, ErrorCode::kValidation);
  EXPECT_NE(too_far.message.find("Jump"), std::string::npos) << too_far.message;
  EXPECT_EQ(clock_->now(), pki::testing::test_now());
  // A jump goes as far as asked: it runs one evaluation.
  EXPECT_EQ(call("SetClock", {{"Time", "2040-01-01T00:00:00Z"}, {"Jump", true}})["Now"],
            "2040-01-01T00:00:00Z");
}

// Through the front door: SigV4 scoped to "certflow", AWS error shapes.
TEST_F(CertflowServiceTest, TheHandlerRoutesCertflowTargetsSignedForCertflow) {
  constexpr const char* kKeyId = "AKIACERTFLOWUNIT0001";
  constexpr const char* kSecret = "certflowUnitSecret/0123456789abcdefghijk";
  RealClock real_clock;
  ASSERT_TRUE(iam::add_access_key(*store_, *master_, kKeyId, crypto::SecretBytes(kSecret), "admin",
                                  real_clock.now()));
  iam::StoredCredentials credentials(*store_, *master_);
  ServiceRegistry services;
  services.add(make_certflow_service({*store_, *inventory_, *clock_, nullptr}));
  // The handler checks signatures against real time while the lifecycle runs in 2027.
  ApiHandler handler(services, credentials, real_clock, ApiOptions{});
  auto send = [&](const std::string& operation, const std::string& signing_name) {
    HttpRequest request{"POST", "/", "", {}, "{}"};
    request.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                       {"Host", "127.0.0.1:8750"},
                       {"X-Amz-Target", "Certflow." + operation}};
    iam::sign_request("POST", "/", "", request.headers, request.body,
                      {kKeyId, crypto::SecretBytes(kSecret), "us-east-1", signing_name},
                      real_clock.now());
    return handler.handle(request);
  };
  HttpResponse settings = send("GetSettings", "certflow");
  EXPECT_EQ(settings.status, 200) << settings.body;
  EXPECT_EQ(json::parse(settings.body)["DaysBeforeExpiry"], 45);
  EXPECT_EQ(json::parse(send("GetSettings", "acm").body)["__type"], "InvalidSignatureException");
  HttpResponse clock = send("GetClock", "certflow");
  EXPECT_EQ(clock.status, 400);
  EXPECT_EQ(json::parse(clock.body)["__type"], "UnknownOperationException");
}

}  // namespace
}  // namespace certflow::api
