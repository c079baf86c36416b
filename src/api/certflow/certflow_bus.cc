#include "api/certflow/certflow_bus.h"

#include "api/json_input.h"

namespace certflow::api::native {

using nlohmann::json;

namespace {

constexpr int64_t kMaxRecordsPerPage = 1000;

}  // namespace

Result<store::LogQuery> decode_list_log_records(const json& in) {
  JsonInput input(in);
  store::LogQuery query;
  query.log_group = input.string("LogGroup", {1, 512, {}});
  query.rule = input.string("RuleName", {1, 64, {}});
  query.after_sequence = input.integer("AfterSequence", 0, std::nullopt).value_or(0);
  query.limit = static_cast<size_t>(
      input.integer("Limit", 1, kMaxRecordsPerPage).value_or(kMaxRecordsPerPage));
  if (auto ok = input.result(); !ok) return tl::unexpected(ok.error());
  return query;
}

Result<json> list_log_records(const CertflowServiceParts& parts, const json& in) {
  auto decoded = decode_list_log_records(in);
  if (!decoded) return tl::unexpected(decoded.error());
  const store::LogQuery& query = *decoded;
  auto records = parts.store.list_log_records(query);
  if (!records) return tl::unexpected(records.error());
  json list = json::array();
  for (const auto& record : *records) {
    list.push_back({{"Sequence", record.sequence},
                    {"LogGroup", record.log_group},
                    {"RuleName", record.rule},
                    {"Time", to_iso8601(from_epoch_millis(record.time_ms))},
                    {"TimeMillis", record.time_ms},
                    {"EventId", record.event_id},
                    {"Message", record.message}});
  }
  const int64_t last = records->empty() ? query.after_sequence : records->back().sequence;
  return json{{"Records", std::move(list)}, {"LastSequence", last}};
}

Result<json> get_metrics(const CertflowServiceParts& parts, const json& in) {
  JsonInput input(in);
  if (auto ok = input.result(); !ok) return tl::unexpected(ok.error());
  auto rows = parts.store.list_metrics();
  if (!rows) return tl::unexpected(rows.error());
  json list = json::array();
  for (const auto& row : *rows) {
    list.push_back({{"EventBusName", row.bus},
                    {"RuleName", row.rule},
                    {"TargetId", row.target_id},
                    {"MetricName", row.name},
                    {"Value", row.value}});
  }
  return json{{"Metrics", std::move(list)}};
}

}  // namespace certflow::api::native
