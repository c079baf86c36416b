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
  if (auto ok = append_grouped(records); !ok) return tl::unexpected(ok.error());
  wake();
  return results;
}

// LevelDB's write grouping: callers queue up; the one at the front writes its own records and
// those of everyone queued behind it in one transaction (one fsync for all), then hands each
// their status. A caller returns only once its records are durable.
Status EventBus::append_grouped(std::vector<store::EventRecord>& records) {
  constexpr size_t kMaxGroupRecords = 5'000;
  GroupedAppend self;
  self.records = &records;
  std::unique_lock lock(group_mutex_);
  group_queue_.push_back(&self);
  self.ready.wait(lock, [&] { return self.done || group_queue_.front() == &self; });
  if (self.done) return self.status;

  std::vector<GroupedAppend*> group;
  size_t total = 0;
  for (GroupedAppend* waiting : group_queue_) {
    if (!group.empty() && total + waiting->records->size() > kMaxGroupRecords) break;
    group.push_back(waiting);
    total += waiting->records->size();
  }
  lock.unlock();
  Status status = [&]() -> Status {
    auto txn = store_.begin();
    if (!txn) return tl::unexpected(txn.error());
    for (GroupedAppend* member : group) {
      for (auto& record : *member->records) {
        if (auto appended = (*txn)->append_event(record); !appended) {
          return tl::unexpected(appended.error());
        }
      }
    }
    return (*txn)->commit();
  }();
  lock.lock();
  for (GroupedAppend* member : group) {
    group_queue_.pop_front();
    if (member == &self) continue;
    member->status = status;
    member->done = true;
    member->ready.notify_one();
  }
  if (!group_queue_.empty()) group_queue_.front()->ready.notify_one();
  return status;
}

}  // namespace certflow::events::bus
