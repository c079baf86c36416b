#include "api/certflow/certflow_output.h"

#include "api/certflow/event_page_token.h"

namespace certflow::api::native {

using nlohmann::json;

Result<json> events_output(const std::vector<store::EventRecord>& events,
                           std::optional<int64_t> next_after_sequence) {
  json list = json::array();
  for (const auto& event : events) {
    json body = json::parse(event.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) {
      return fail(ErrorCode::kInternal,
                  "outbox event " + std::to_string(event.sequence) + " holds no valid JSON");
    }
    list.push_back(std::move(body));
  }
  json out = {{"Events", std::move(list)}};
  if (next_after_sequence) out["NextToken"] = event_page_token(*next_after_sequence);
  return out;
}

json forecast_output(const lifecycle::Forecast& forecast) {
  json entries = json::array();
  for (const auto& entry : forecast.entries) {
    json item = {{"Time", to_iso8601(entry.time)},
                 {"Kind", entry.kind},
                 {"CertificateArn", entry.arn},
                 {"CommonName", entry.common_name},
                 {"DaysToExpiry", entry.days_to_expiry}};
    if (!entry.note.empty()) item["Note"] = entry.note;
    entries.push_back(std::move(item));
  }
  json totals = json::object();
  for (const auto& [kind, count] : forecast.totals_by_kind) totals[kind] = count;
  json weeks = json::array();
  for (const auto& week : forecast.weeks) {
    weeks.push_back({{"Start", to_iso8601(week.start)}, {"Expiring", week.expiring}});
  }
  return {{"From", to_iso8601(forecast.from)}, {"Until", to_iso8601(forecast.until)},
          {"Entries", std::move(entries)},     {"TotalEntries", forecast.total_entries},
          {"TotalsByKind", std::move(totals)}, {"Weeks", std::move(weeks)}};
}

json settings_output(const store::AccountConfig& config) {
  return {{"DaysBeforeExpiry", config.days_before_expiry},
          {"ExpiryEventsLifetimePercent", config.expiry_lifetime_percent}};
}

json clock_output(TimePoint now) { return {{"Now", to_iso8601(now)}, {"Simulated", true}}; }

json clock_moved_output(TimePoint now, const lifecycle::EvaluationReport& report) {
  return {{"Now", to_iso8601(now)},
          {"Evaluation",
           {{"DailyEvaluation", report.daily_evaluation},
            {"Expired", report.expired},
            {"Approaching", report.approaching},
            {"RenewalsAttempted", report.renewals_attempted},
            {"RenewalsFailed", report.renewals_failed},
            {"Events", report.events}}}};
}

}  // namespace certflow::api::native
