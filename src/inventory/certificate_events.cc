#include "inventory/certificate_events.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "core/ids.h"

namespace certflow::inventory {
namespace {

using nlohmann::ordered_json;

std::string event_time(int64_t ms) {
  // EventBridge times are whole seconds.
  return to_iso8601(from_epoch_millis(ms - ((ms % 1000) + 1000) % 1000));
}

std::string day_text(int64_t ms) { return event_time(utc_day(ms) * kMillisPerDay).substr(0, 10); }

store::EventRecord make_event(const InventoryConfig& config, const store::CertificateRow& row,
                              std::string_view detail_type, int64_t time_ms, ordered_json detail,
                              const std::string& occurrence) {
  store::EventRecord event;
  event.id = new_time_ordered_uuid(time_ms);
  event.detail_type = detail_type;
  event.resource = row.arn;
  event.time_ms = time_ms;
  // Occurrence first: a day's keys are alike at the front, so the unique index takes them in
  // order instead of at random places.
  event.dedup_key = occurrence + "|" + std::string(detail_type) + "|" + row.arn;
  ordered_json body = {
      {"version", "0"},
      {"id", event.id},
      {"detail-type", detail_type},
      {"source", "aws.acm"},
      {"account", config.account_id},
      {"time", event_time(time_ms)},
      {"region", config.region},
      {"resources", ordered_json::array({row.arn})},
      {"detail", std::move(detail)},
  };
  event.body = body.dump();
  return event;
}

// The detail fields the Expired, Available and Renewal Action Required events share, in the order
// AWS's examples list them. DomainValidationMethod exists only for public (AMAZON_ISSUED)
// certificates, which record how they were validated.
ordered_json certificate_detail(const store::CertificateRow& row) {
  ordered_json detail;
  detail["CertificateType"] = row.type;
  detail["CommonName"] = row.domain_name;
  if (row.type == "AMAZON_ISSUED") {
    auto details = nlohmann::json::parse(row.details_json, nullptr, false);
    if (details.is_object() && details.contains("validation_method")) {
      detail["DomainValidationMethod"] = details["validation_method"];
    }
  }
  return detail;
}

void add_dates_and_use(ordered_json& detail, const store::CertificateRow& row,
                       int64_t days_to_expiry) {
  detail["CertificateCreatedDate"] = event_time(row.created_at_ms);
  detail["CertificateExpirationDate"] = event_time(row.not_after_ms);
  detail["DaysToExpiry"] = days_to_expiry;
  detail["InUse"] = row.in_use;
  detail["Exported"] = row.exported;
}

}  // namespace

int64_t days_to_expiry(int64_t not_after_ms, int64_t now_ms) {
  if (not_after_ms <= now_ms) return 0;
  return (not_after_ms - now_ms + kMillisPerDay - 1) / kMillisPerDay;
}

int64_t utc_day(int64_t ms) {
  return ms >= 0 ? ms / kMillisPerDay : -((-ms + kMillisPerDay - 1) / kMillisPerDay);
}

store::EventRecord approaching_expiration_event(const InventoryConfig& config,
                                                const store::CertificateRow& row, TimePoint now) {
  const int64_t now_ms = to_epoch_millis(now);
  ordered_json detail = {{"DaysToExpiry", days_to_expiry(row.not_after_ms, now_ms)},
                         {"CommonName", row.domain_name}};
  return make_event(config, row, kApproachingExpiration, now_ms, std::move(detail),
                    day_text(now_ms));
}

store::EventRecord expired_event(const InventoryConfig& config, const store::CertificateRow& row) {
  ordered_json detail = certificate_detail(row);
  add_dates_and_use(detail, row, 0);
  // One expiry per NotAfter: a re-imported certificate that expires again is a new occurrence.
  return make_event(config, row, kExpired, row.not_after_ms, std::move(detail),
                    event_time(row.not_after_ms));
}

store::EventRecord available_event(const InventoryConfig& config, const store::CertificateRow& row,
                                   std::string_view action, TimePoint now) {
  const int64_t now_ms = to_epoch_millis(now);
  ordered_json detail;
  detail["Action"] = action;
  detail.update(certificate_detail(row));
  add_dates_and_use(detail, row, days_to_expiry(row.not_after_ms, now_ms));
  return make_event(config, row, kAvailable, now_ms, std::move(detail),
                    event_time(now_ms) + "#v" + std::to_string(row.version));
}

store::EventRecord renewal_action_required_event(const InventoryConfig& config,
                                                 const store::CertificateRow& row,
                                                 std::string_view reason, TimePoint now) {
  const int64_t now_ms = to_epoch_millis(now);
  ordered_json detail = certificate_detail(row);
  detail["RenewalStatusReason"] = reason;
  add_dates_and_use(detail, row, days_to_expiry(row.not_after_ms, now_ms));
  return make_event(config, row, kRenewalActionRequired, now_ms, std::move(detail),
                    day_text(now_ms));
}

void log_emitted(const store::EventRecord& event) {
  spdlog::info("event {} \"{}\" {} at {}", event.id, event.detail_type, event.resource,
               event_time(event.time_ms));
}

}  // namespace certflow::inventory
