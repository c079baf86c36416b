#include "api/certflow/certflow_input.h"

#include "api/certflow/event_page_token.h"
#include "api/json_input.h"

namespace certflow::api::native {

Result<store::EventQuery> decode_list_events(const nlohmann::json& body) {
  JsonInput input(body);
  store::EventQuery query;
  if (auto since = input.timestamp("Since")) query.since_ms = to_epoch_millis(*since);
  query.detail_type = input.string("DetailType", {1, 256, {}});
  query.resource = input.string("CertificateArn", {20, 2048, {}});
  query.limit = static_cast<size_t>(
      input.integer("MaxResults", 1, kMaxEventsPerPage).value_or(kMaxEventsPerPage));
  if (auto token = input.string("NextToken", {1, 1024, {}})) {
    auto after = parse_event_page_token(*token);
    if (after) {
      query.after_sequence = *after;
    } else {
      input.reject("NextToken", *token,
                   "Member must be a NextToken that ListEvents returned; to start from the "
                   "beginning, leave NextToken out");
    }
  }
  return finish(input, std::move(query));
}

Result<lifecycle::ForecastOptions> decode_forecast(const nlohmann::json& body) {
  JsonInput input(body);
  lifecycle::ForecastOptions options;
  options.days = static_cast<int>(input.integer("Days", 1, 3650, true).value_or(options.days));
  options.max_entries = static_cast<size_t>(
      input.integer("MaxEntries", 0, 100'000).value_or(static_cast<int64_t>(options.max_entries)));
  return finish(input, options);
}

Result<int> decode_put_settings(const nlohmann::json& body) {
  JsonInput input(body);
  auto percent = input.integer("ExpiryEventsLifetimePercent", 0, 100, true);
  return finish(input, static_cast<int>(percent.value_or(0)));
}

Result<SetClockInput> decode_set_clock(const nlohmann::json& body) {
  JsonInput input(body);
  SetClockInput out;
  out.time = input.timestamp("Time", true).value_or(TimePoint{});
  out.jump = input.boolean("Jump").value_or(false);
  return finish(input, out);
}

Result<AdvanceClockInput> decode_advance_clock(const nlohmann::json& body) {
  JsonInput input(body);
  AdvanceClockInput out;
  out.by = std::chrono::seconds(input.integer("Seconds", 0, kMaxAdvanceSeconds, true).value_or(0));
  out.jump = input.boolean("Jump").value_or(false);
  return finish(input, out);
}

}  // namespace certflow::api::native
