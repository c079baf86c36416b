// The native API's view of the event bus's bookkeeping: log groups' records (what log targets
// and functions wrote; `certflow events tail`) and the per-rule, per-target metrics
// (`certflow metrics`).
#pragma once

#include <nlohmann/json.hpp>

#include "api/certflow/certflow_service.h"

namespace certflow::api::native {

// ListLogRecords {LogGroup?, RuleName?, AfterSequence?, Limit?} →
//   {Records: [{Sequence, LogGroup, RuleName, Time, TimeMillis, EventId, Message}],
//    LastSequence}
Result<store::LogQuery> decode_list_log_records(const nlohmann::json& in);
Result<nlohmann::json> list_log_records(const CertflowServiceParts& parts,
                                        const nlohmann::json& in);
// GetMetrics {} → {Metrics: [{EventBusName, RuleName, TargetId, MetricName, Value}]}; latency
// totals come with their count as IngestionToInvocationStartLatency (sum, milliseconds).
Result<nlohmann::json> get_metrics(const CertflowServiceParts& parts, const nlohmann::json& in);

}  // namespace certflow::api::native
