// Every event, field by field, against the shapes AWS documents
// (../shared/reference/acm-events.md): the envelope, and each detail-type's detail members with
// their JSON types.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include "core/ids.h"
#include "lifecycle/lifecycle_fixture.h"

namespace certflow::lifecycle::testing {
namespace {

using namespace std::chrono_literals;
using json = nlohmann::ordered_json;
using pki::testing::days_from_now;

// Detail members per detail-type and their JSON types. "DomainValidationMethod" and
// "Exportable" are optional in the schema and absent for imported and private certificates.
const std::map<std::string, std::map<std::string, json::value_t>>& detail_shapes() {
  using v = json::value_t;
  static const std::map<std::string, std::map<std::string, v>> shapes = {
      {"ACM Certificate Approaching Expiration",
       {{"DaysToExpiry", v::number_integer}, {"CommonName", v::string}}},
      {"ACM Certificate Expired",
       {{"CertificateType", v::string},
        {"CommonName", v::string},
        {"CertificateCreatedDate", v::string},
        {"CertificateExpirationDate", v::string},
        {"DaysToExpiry", v::number_integer},
        {"InUse", v::boolean},
        {"Exported", v::boolean}}},
      {"ACM Certificate Available",
       {{"Action", v::string},
        {"CertificateType", v::string},
        {"CommonName", v::string},
        {"CertificateCreatedDate", v::string},
        {"CertificateExpirationDate", v::string},
        {"DaysToExpiry", v::number_integer},
        {"InUse", v::boolean},
        {"Exported", v::boolean}}},
      {"ACM Certificate Renewal Action Required",
       {{"CertificateType", v::string},
        {"CommonName", v::string},
        {"RenewalStatusReason", v::string},
        {"DaysToExpiry", v::number_integer},
        {"CertificateCreatedDate", v::string},
        {"CertificateExpirationDate", v::string},
        {"InUse", v::boolean},
        {"Exported", v::boolean}}},
  };
  return shapes;
}

json::value_t integer_kind(json::value_t t) {
  return t == json::value_t::number_unsigned ? json::value_t::number_integer : t;
}

bool is_event_time(const json& value) {
  static const std::regex kTime(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$)");
  return value.is_string() && std::regex_match(value.get<std::string>(), kTime);
}

void expect_reference_shape(const json& event, const std::string& arn) {
  SCOPED_TRACE(event.dump());
  std::vector<std::string> keys;
  for (const auto& item : event.items()) keys.push_back(item.key());
  // Stored bodies keep AWS's member order.
  EXPECT_EQ(keys, (std::vector<std::string>{"version", "id", "detail-type", "source", "account",
                                            "time", "region", "resources", "detail"}));
  EXPECT_EQ(event["version"], "0");
  EXPECT_TRUE(is_uuid(event["id"].get<std::string>()));
  EXPECT_EQ(event["source"], "aws.acm");
  EXPECT_EQ(event["account"], "000000000000");
  EXPECT_EQ(event["region"], "us-east-1");
  EXPECT_TRUE(is_event_time(event["time"]));
  EXPECT_EQ(event["resources"], json::array({arn}));

  const auto& shapes = detail_shapes();
  auto shape = shapes.find(event["detail-type"].get<std::string>());
  ASSERT_NE(shape, shapes.end());
  const json& detail = event["detail"];
  ASSERT_TRUE(detail.is_object());
  EXPECT_EQ(detail.size(), shape->second.size());
  for (const auto& [name, type] : shape->second) {
    ASSERT_TRUE(detail.contains(name)) << name;
    EXPECT_EQ(integer_kind(detail[name].type()), type) << name;
  }
  for (const char* date : {"CertificateCreatedDate", "CertificateExpirationDate"}) {
    if (detail.contains(date)) {
      EXPECT_TRUE(is_event_time(detail[date])) << date;
    }
  }
}

class EventShapeTest : public LifecycleTest {};

TEST_F(EventShapeTest, EveryTypeMatchesTheReferenceShape) {
  clock_->set(clock_->now() + 123ms);  // sub-second times are cut to whole seconds
  const std::string imported = import_expiring("shape.example.com", days_from_now(2) + 5h + 7s);
  const std::string managed = put_managed("managed-shape.example.com", days_from_now(40) + 1h);
  advance_days(3);
  std::set<std::string> seen;
  for (const auto& e : all_events()) {
    const std::string arn = e.event["resources"][0];
    ASSERT_TRUE(arn == imported || arn == managed);
    expect_reference_shape(e.event, arn);
    seen.insert(e.detail_type());
  }
  EXPECT_EQ(seen.size(), 4u);
}

TEST_F(EventShapeTest, DetailValuesDescribeTheCertificate) {
  clock_->set(clock_->now() + 2h);
  const TimePoint not_after = days_from_now(1) + 5h + 7s;
  const std::string arn = import_expiring("values.example.com", not_after);
  advance_days(2);
  auto events = all_events();
  ASSERT_EQ(types_of(events), (std::vector<std::string>{"ACM Certificate Available",
                                                        "ACM Certificate Approaching Expiration",
                                                        "ACM Certificate Expired"}));
  const json& available = events[0].event["detail"];
  EXPECT_EQ(available["Action"], "IMPORT");
  EXPECT_EQ(available["CertificateType"], "IMPORTED");
  EXPECT_EQ(available["CommonName"], "values.example.com");
  EXPECT_EQ(available["CertificateCreatedDate"], "2027-03-01T02:00:00Z");
  EXPECT_EQ(available["CertificateExpirationDate"], "2027-03-02T05:00:07Z");
  EXPECT_EQ(available["DaysToExpiry"], 2);
  EXPECT_EQ(available["InUse"], false);
  EXPECT_EQ(available["Exported"], false);
  EXPECT_EQ(events[0].time(), "2027-03-01T02:00:00Z");
  EXPECT_EQ(events[1].event["detail"],
            (json{{"DaysToExpiry", 1}, {"CommonName", "values.example.com"}}));
  EXPECT_EQ(events[2].time(), "2027-03-02T05:00:07Z");
  EXPECT_EQ(events[2].event["detail"]["DaysToExpiry"], 0);
  EXPECT_EQ(events[2].event["detail"]["CertificateExpirationDate"], "2027-03-02T05:00:07Z");
}

TEST_F(EventShapeTest, EventIdsAreDistinctUuids) {
  for (int i = 0; i < 5; ++i) {
    import_expiring("id" + std::to_string(i) + ".example.com", days_from_now(3));
  }
  advance_days(4);
  std::set<std::string> ids;
  auto events = all_events();
  for (const auto& e : events) ids.insert(e.event["id"].get<std::string>());
  EXPECT_EQ(ids.size(), events.size());
}

}  // namespace
}  // namespace certflow::lifecycle::testing
