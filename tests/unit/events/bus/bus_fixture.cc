#include "bus_fixture.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace certflow::events::bus::testing {
namespace {

TimePoint start_time() {
  TimePoint t;
  parse_iso8601("2031-01-10T09:30:00Z", t);
  return t;
}

}  // namespace

Status FakeTarget::check(const std::string& arn) {
  std::lock_guard lock(mutex_);
  if (std::find(missing_.begin(), missing_.end(), arn) != missing_.end()) {
    return fail(ErrorCode::kResourceNotFound, "Queue " + arn + " does not exist.");
  }
  return {};
}

DeliveryOutcome FakeTarget::deliver(const bus::Delivery& delivery) {
  const std::string& arn = delivery.target_arn;
  std::lock_guard lock(mutex_);
  ++attempts_[arn];
  auto failing = failing_.find(arn);
  if (failing != failing_.end() && failing->second.remaining > 0) {
    --failing->second.remaining;
    return tl::unexpected(failing->second.failure);
  }
  delivered_.push_back({arn, delivery.payload, delivery.attributes});
  return {};
}

void FakeTarget::fail_next(const std::string& arn, int times, DeliveryFailure failure) {
  std::lock_guard lock(mutex_);
  failing_[arn] = Failing{times, std::move(failure)};
}

void FakeTarget::make_missing(const std::string& arn) {
  std::lock_guard lock(mutex_);
  missing_.push_back(arn);
}

std::vector<FakeTarget::Delivery> FakeTarget::delivered() const {
  std::lock_guard lock(mutex_);
  return delivered_;
}

std::vector<FakeTarget::Delivery> FakeTarget::delivered_to(const std::string& arn) const {
  std::lock_guard lock(mutex_);
  std::vector<Delivery> out;
  for (const auto& d : delivered_) {
    if (d.arn == arn) out.push_back(d);
  }
  return out;
}

int FakeTarget::attempts(const std::string& arn) const {
  std::lock_guard lock(mutex_);
  auto it = attempts_.find(arn);
  return it == attempts_.end() ? 0 : it->second;
}

BusTest::BusTest() : clock_(start_time()) {
  registry_.add("sqs", queues_);
  registry_.add("lambda", functions_);
}

void BusTest::SetUp() { restart(); }

void BusTest::restart() {
  bus_.reset();
  store_.reset();
  store_ = must(engine_.open());
  bus_ = std::make_unique<EventBus>(*store_, clock_, registry_, BusConfig{});
  must(bus_->load());
}

void BusTest::pump() {
  must(bus_->route_pending());
  must(bus_->deliver_due());
}

std::string BusTest::put_rule(const std::string& name, const std::string& pattern,
                              const std::string& bus) {
  RuleSpec spec;
  spec.bus = bus;
  spec.name = name;
  spec.event_pattern = pattern;
  return must(bus_->put_rule(spec));
}

void BusTest::put_target(const std::string& rule, TargetSpec spec, const std::string& bus) {
  auto failures = must(bus_->put_targets(bus, rule, {std::move(spec)}));
  ASSERT_TRUE(failures.empty()) << failures.front().error_message;
}

TargetSpec BusTest::target(const std::string& id, const std::string& arn) {
  TargetSpec spec;
  spec.id = id;
  spec.arn = arn;
  return spec;
}

std::string BusTest::put_event(const std::string& source, const std::string& detail_type,
                               const std::string& detail, const std::string& bus) {
  EventEntry entry;
  entry.source = source;
  entry.detail_type = detail_type;
  entry.detail = detail;
  entry.event_bus = bus;
  auto results = must(bus_->put_events({entry}));
  EXPECT_EQ(results.size(), 1u);
  EXPECT_FALSE(results[0].event_id.empty()) << results[0].error_message;
  return results[0].event_id;
}

std::string BusTest::append_acm_event(const std::string& detail_type,
                                      const std::string& detail_json) {
  const std::string arn =
      "arn:aws:acm:us-east-1:000000000000:certificate/" + std::to_string(++appended_);
  store::EventRecord record;
  record.id = "00000000-0000-4000-8000-" + std::string(12 - std::to_string(appended_).size(), '0') +
              std::to_string(appended_);
  record.dedup_key = arn + "|" + detail_type + "|" + to_iso8601(clock_.now());
  record.detail_type = detail_type;
  record.resource = arn;
  record.time_ms = to_epoch_millis(clock_.now());
  record.event_bus = "default";
  record.body = nlohmann::ordered_json{{"version", "0"},
                                       {"id", record.id},
                                       {"detail-type", detail_type},
                                       {"source", "aws.acm"},
                                       {"account", "000000000000"},
                                       {"time", to_iso8601(clock_.now())},
                                       {"region", "us-east-1"},
                                       {"resources", {arn}},
                                       {"detail", nlohmann::json::parse(detail_json)}}
                    .dump();
  auto txn = must(store_->begin());
  EXPECT_TRUE(must(txn->append_event(record)));
  must(txn->commit());
  return record.id;
}

int64_t BusTest::metric(const std::string& name, const std::string& rule,
                        const std::string& target_id, const std::string& bus) {
  for (const auto& row : must(bus_->metrics())) {
    if (row.bus == bus && row.rule == rule && row.target_id == target_id && row.name == name) {
      return row.value;
    }
  }
  return 0;
}

}  // namespace certflow::events::bus::testing
