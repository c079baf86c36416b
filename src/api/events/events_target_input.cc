// Decoders of the target operations, TestEventPattern and PutEvents.
#include <cmath>

#include "api/events/events_input.h"
#include "api/events/events_members.h"
#include "api/json_input.h"

namespace certflow::api::events {
namespace {

namespace bus = certflow::events::bus;
using nlohmann::json;

constexpr size_t kMaxTargetsPerRequest = 10;
constexpr size_t kMaxEntriesPerRequest = 10;
constexpr double kLatestEpochSeconds = 253402300799.0;  // 9999-12-31T23:59:59Z

// The raw JSON of the index-th item of a list member that JsonInput already accepted.
const json& raw_item(const json& body, const char* member, size_t index) {
  return body.at(member).at(index);
}

// InputTransformer.InputPathsMap: at most 100 entries, names of [A-Za-z0-9_-], paths of at most
// 256 characters. A type error comes back as the error; validation errors go to `transformer`.
Result<std::map<std::string, std::string>> paths_map(const json& raw, JsonInput& transformer) {
  std::map<std::string, std::string> out;
  auto it = raw.find("InputPathsMap");
  if (it == raw.end() || it->is_null()) return out;
  if (!it->is_object()) {
    return fail(ErrorCode::kSerialization, "Member 'InputPathsMap' must be a map.");
  }
  if (it->size() > 100) {
    transformer.reject("InputPathsMap", std::to_string(it->size()) + " entries",
                       "Member must have length less than or equal to 100");
  }
  for (const auto& [name, path] : it->items()) {
    if (!path.is_string()) {
      return fail(ErrorCode::kSerialization,
                  "Each value of 'InputPathsMap' must be a string; '" + name + "' is not.");
    }
    const std::string& text = path.get_ref<const std::string&>();
    if (!input_path_name_ok(name)) {
      transformer.reject("InputPathsMap", name,
                         "Map keys must be 1 to 256 characters and satisfy regular expression "
                         "pattern: [A-Za-z0-9\\_\\-]+");
    } else if (text.size() > 256) {
      transformer.reject("InputPathsMap", text,
                         "Map values must have length less than or equal to 256");
    } else {
      out[name] = text;
    }
  }
  return out;
}

Result<bus::TargetSpec> decode_target(JsonInput& item, const json& raw) {
  bus::TargetSpec spec;
  spec.id = rule_name_member(item, "Id").value_or("");
  spec.arn = item.string("Arn", {1, 1600, {}}, true).value_or("");
  spec.role_arn = item.string("RoleArn", {1, 1600, {}}).value_or("");
  spec.input.input = item.string("Input", {0, 8192, {}});
  spec.input.input_path = item.string("InputPath", {0, 256, {}});
  if (auto transformer = item.structure("InputTransformer")) {
    certflow::events::transform::InputTransformer t;
    t.input_template = transformer->string("InputTemplate", {1, 8192, {}}, true).value_or("");
    auto paths = paths_map(raw.at("InputTransformer"), *transformer);
    if (!paths) return tl::unexpected(paths.error());
    t.input_paths_map = std::move(*paths);
    spec.input.input_transformer = std::move(t);
  }
  if (auto retry = item.structure("RetryPolicy")) {
    bus::RetryPolicy policy;
    policy.maximum_retry_attempts = static_cast<int>(
        retry->integer("MaximumRetryAttempts", 0, 185).value_or(policy.maximum_retry_attempts));
    policy.maximum_event_age_seconds =
        static_cast<int>(retry->integer("MaximumEventAgeInSeconds", 60, 86'400)
                             .value_or(policy.maximum_event_age_seconds));
    spec.retry_policy = policy;
  }
  if (auto dlq = item.structure("DeadLetterConfig")) {
    spec.dead_letter_arn = dlq->string("Arn", {1, 1600, {}});
  }
  return spec;
}

// PutEvents' Time: epoch seconds (what the SDKs send) or ISO-8601 text.
Result<std::optional<TimePoint>> entry_time(const json& raw, JsonInput& entry) {
  auto it = raw.find("Time");
  if (it == raw.end() || it->is_null()) return std::optional<TimePoint>();
  if (it->is_string()) {
    TimePoint parsed;
    if (!parse_iso8601(it->get<std::string>(), parsed)) {
      entry.reject("Time", it->get<std::string>(), "Member must be a timestamp");
      return std::optional<TimePoint>();
    }
    return std::optional<TimePoint>(parsed);
  }
  if (!it->is_number()) {
    return fail(ErrorCode::kSerialization, "Member 'Time' must be a timestamp (epoch seconds).");
  }
  const double seconds = it->get<double>();
  if (!std::isfinite(seconds) || seconds < 0 || seconds > kLatestEpochSeconds) {
    entry.reject("Time", it->dump(), "Member must be a timestamp between 1970 and 9999");
    return std::optional<TimePoint>();
  }
  return std::optional<TimePoint>(
      from_epoch_millis(static_cast<int64_t>(std::llround(seconds * 1000.0))));
}

}  // namespace

Result<PutTargetsInput> decode_put_targets(const json& body) {
  JsonInput input(body);
  PutTargetsInput out;
  out.rule = rule_ref_members(input, "Rule");
  if (auto items = input.structure_list("Targets", 1, kMaxTargetsPerRequest, true)) {
    for (size_t i = 0; i < items->size(); ++i) {
      auto target = decode_target((*items)[i], raw_item(body, "Targets", i));
      if (!target) return tl::unexpected(target.error());
      out.targets.push_back(std::move(*target));
    }
  }
  return finish(input, std::move(out));
}

Result<RemoveTargetsInput> decode_remove_targets(const json& body) {
  JsonInput input(body);
  RemoveTargetsInput out;
  out.rule = rule_ref_members(input, "Rule");
  input.boolean("Force");
  auto ids = input.string_list("Ids", {1, 64, {}}, 100);
  if (!ids && (!body.contains("Ids") || body["Ids"].is_null())) {
    input.string("Ids", {}, true);  // records AWS's "Value null at 'ids' ... must not be null"
  } else if (ids && ids->empty()) {
    input.reject("Ids", "[]", "Member must have length greater than or equal to 1");
  } else if (ids) {
    json wrapper = json::object();
    for (const auto& id : *ids) {
      wrapper["Id"] = id;
      JsonInput one(wrapper);
      if (!rule_name_member(one, "Id")) {
        input.reject("Ids", id,
                     "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
      }
    }
    out.ids = std::move(*ids);
  }
  return finish(input, std::move(out));
}

Result<ListTargetsInput> decode_list_targets_by_rule(const json& body) {
  JsonInput input(body);
  ListTargetsInput out;
  out.rule = rule_ref_members(input, "Rule");
  out.page = page_members(input);
  return finish(input, std::move(out));
}

Result<TestEventPatternInput> decode_test_event_pattern(const json& body) {
  JsonInput input(body);
  TestEventPatternInput out;
  out.event_pattern = input.string("EventPattern", {0, 4096, {}}, true).value_or("");
  out.event = input.string("Event", {}, true).value_or("");
  if (auto ok = input.result(); !ok) return tl::unexpected(ok.error());
  const json event = json::parse(out.event, nullptr, /*allow_exceptions=*/false);
  if (!event.is_object()) {
    return fail(ErrorCode::kValidation,
                "Parameter Event is not valid. Reason: the event must be a JSON object.");
  }
  std::string missing;
  for (const char* field :
       {"id", "account", "source", "time", "region", "resources", "detail-type"}) {
    if (!event.contains(field)) missing += (missing.empty() ? "" : ", ") + std::string(field);
  }
  if (!missing.empty()) {
    return fail(ErrorCode::kValidation,
                "Parameter Event is not valid. Reason: the event lacks the mandatory field(s) " +
                    missing +
                    " (an event needs id, account, source, time, region, resources and "
                    "detail-type).");
  }
  return out;
}

Result<std::vector<bus::EventEntry>> decode_put_events(const json& body) {
  JsonInput input(body);
  std::vector<bus::EventEntry> entries;
  if (auto items = input.structure_list("Entries", 1, kMaxEntriesPerRequest, true)) {
    for (size_t i = 0; i < items->size(); ++i) {
      JsonInput& item = (*items)[i];
      bus::EventEntry entry;
      auto time = entry_time(raw_item(body, "Entries", i), item);
      if (!time) return tl::unexpected(time.error());
      entry.time = *time;
      entry.source = item.string("Source").value_or("");
      entry.resources =
          item.string_list("Resources", {0, 2048, {}}).value_or(std::vector<std::string>{});
      entry.detail_type = item.string("DetailType").value_or("");
      entry.detail = item.string("Detail").value_or("");
      entry.event_bus = bus_member(item, "EventBusName", BusNameForm::kPutEventsTarget)
                            .value_or(bus::kDefaultBus);
      item.string("TraceHeader", {1, 500, {}});
      entries.push_back(std::move(entry));
    }
  }
  input.string("EndpointId", {1, 50, {}});
  if (auto ok = input.result(); !ok) return tl::unexpected(ok.error());
  if (auto error = unsupported_member(body, "EndpointId",
                                      "global endpoints are AWS's; leave EndpointId out.")) {
    return tl::unexpected(*error);
  }
  size_t total = 0;
  for (const auto& entry : entries) total += put_events_entry_size(entry);
  if (total >= kMaxPutEventsBytes) {
    return fail(
        ErrorCode::kValidation,
        "Total size of the entries in the request is over the limit: " + std::to_string(total) +
            " bytes as EventBridge counts them (Time 14, Source, DetailType, Detail, "
            "Resources); it must be under 262144.");
  }
  return entries;
}

size_t put_events_entry_size(const bus::EventEntry& entry) {
  size_t size = entry.time ? 14 : 0;
  size += entry.source.size() + entry.detail_type.size() + entry.detail.size();
  for (const auto& resource : entry.resources) size += resource.size();
  return size;
}

}  // namespace certflow::api::events
