// PutEvents: custom events into the outbox, in one transaction, results in entry order.
#include <nlohmann/json.hpp>

#include "core/ids.h"
#include "events/bus/bus.h"

namespace certflow::events::bus {
namespace {

using nlohmann::ordered_json;

std::string whole_seconds(TimePoint t) {
  const int64_t ms = to_epoch_millis(t);
  return to_iso8601(from_epoch_millis(ms - ((ms % 1000) + 1000) % 1000));
}

EntryResult failed(std::string code, std::string message) {
  return EntryResult{"", std::move(code), std::move(message)};
}

}  // namespace

Result<std::vector<EntryResult>> EventBus::put_events(const std::vector<EventEntry>& entries) {
  const TimePoint now = clock_.now();
  std::vector<EntryResult> results(entries.size());
  std::vector<store::EventRecord> records;
  std::vector<size_t> record_entry;  // which entry each record came from
  std::map<std::string, Status> known_buses;
  for (size_t i = 0; i < entries.size(); ++i) {
    const EventEntry& entry = entries[i];
    if (entry.source.empty() || entry.detail_type.empty() || entry.detail.empty()) {
      results[i] = failed("InvalidArgument",
                          "Parameters Source, DetailType and Detail are required for each entry.");
      continue;
    }
    if (entry.source.rfind("aws.", 0) == 0) {
      results[i] = failed("NotAuthorizedForSourceException",
                          "Not authorized for the source " + entry.source +
                              ": sources starting with aws. are reserved for AWS services.");
      continue;
    }
    auto detail = ordered_json::parse(entry.detail, nullptr, /*allow_exceptions=*/false);
    if (!detail.is_object()) {
      results[i] = failed("MalformedDetail", "Detail is malformed: it must be a JSON object.");
      continue;
    }
    auto bus = bus_name(entry.event_bus.empty() ? std::string(kDefaultBus) : entry.event_bus);
    if (bus) {
      auto [it, fresh] = known_buses.try_emplace(*bus);
      if (fresh) it->second = require_bus(*bus);
      if (!it->second) bus = tl::unexpected(it->second.error());
    }
    if (!bus) {
      if (bus.error().code != ErrorCode::kResourceNotFound &&
          bus.error().code != ErrorCode::kValidation) {
        return tl::unexpected(bus.error());
      }
      results[i] = failed("InvalidArgument", bus.error().message);
      continue;
    }
    store::EventRecord record;
    record.id = new_uuid();
    record.dedup_key = "PutEvents|" + record.id;
    record.detail_type = entry.detail_type;
    record.resource = entry.resources.empty() ? std::string() : entry.resources.front();
    record.time_ms = to_epoch_millis(entry.time.value_or(now));
    record.event_bus = *bus;
    ordered_json event = {
        {"version", "0"},
        {"id", record.id},
        {"detail-type", entry.detail_type},
        {"source", entry.source},
        {"account", config_.account_id},
        {"time", whole_seconds(entry.time.value_or(now))},
        {"region", config_.region},
        {"resources", entry.resources},
        {"detail", std::move(detail)},
    };
    record.body = event.dump();
    results[i].event_id = record.id;
    records.push_back(std::move(record));
    record_entry.push_back(i);
  }
  if (records.empty()) return results;
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  for (auto& record : records) {
    auto appended = (*txn)->append_event(record);
    if (!appended) return tl::unexpected(appended.error());
  }
  if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  wake();
  return results;
}

}  // namespace certflow::events::bus
