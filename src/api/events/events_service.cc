#include "api/events/events_service.h"

#include "api/events/events_destinations.h"
#include "api/events/events_input.h"
#include "api/events/events_output.h"
#include "api/operation_results.h"
#include "api/operation_table.h"
#include "events/pattern/pattern.h"

namespace certflow::api {

using nlohmann::json;

namespace {

namespace bus = certflow::events::bus;
namespace pattern = certflow::events::pattern;
using Service = OperationTableService<EventsBackend>;
using Operation = Service::Operation;
using BusOperation = std::function<Result<json>(bus::EventBus&, const json&)>;

// Most operations need only the bus.
Operation on_bus(BusOperation operation) {
  return [operation = std::move(operation)](EventsBackend& backend, const json& in) {
    return operation(backend.bus, in);
  };
}

// One page of a list the bus returns whole and sorted by key (a rule's targets, rule names):
// the items after the token's key, at most page.limit, and the token of the next page.
template <typename T, typename Key>
Result<json> page_of(const std::vector<T>& items, const events::PageInput& page, Key key,
                     const char* member, std::function<json(const T&)> encode) {
  std::optional<std::string> after;
  if (page.next_token) {
    after = events::parse_page_token(*page.next_token);
    if (!after) {
      return fail(ErrorCode::kValidation,
                  "The NextToken is not valid. Pass the NextToken exactly as the previous "
                  "response returned it.");
    }
  }
  json list = json::array();
  json out = json::object();
  std::string last;
  for (const auto& item : items) {
    if (after && key(item) <= *after) continue;
    if (list.size() == page.limit) {
      out["NextToken"] = events::page_token(last);
      break;
    }
    list.push_back(encode(item));
    last = key(item);
  }
  out[member] = std::move(list);
  return out;
}

Result<json> create_event_bus(bus::EventBus& b, const json& in) {
  return with(events::decode_create_event_bus(in),
              [&](const events::CreateEventBusInput& req) -> Result<json> {
                auto info = b.create_event_bus(req.name, req.description, req.tags);
                if (!info) return tl::unexpected(info.error());
                json out = {{"EventBusArn", info->arn}};
                if (!info->description.empty()) out["Description"] = info->description;
                return out;
              });
}

Result<json> describe_event_bus(bus::EventBus& b, const json& in) {
  return with(events::decode_describe_event_bus(in), [&](const std::string& name) -> Result<json> {
    auto info = b.describe_event_bus(name);
    if (!info) return tl::unexpected(info.error());
    return events::event_bus_output(*info);
  });
}

Result<json> list_event_buses(bus::EventBus& b, const json& in) {
  return with(events::decode_list_event_buses(in),
              [&](const events::ListEventBusesInput& req) -> Result<json> {
                auto page =
                    b.list_event_buses(req.name_prefix, req.page.next_token, req.page.limit);
                if (!page) return tl::unexpected(page.error());
                json buses = json::array();
                for (const auto& info : page->items)
                  buses.push_back(events::event_bus_output(info));
                json out = {{"EventBuses", std::move(buses)}};
                if (page->next_token) out["NextToken"] = *page->next_token;
                return out;
              });
}

Result<json> delete_event_bus(bus::EventBus& b, const json& in) {
  return with(events::decode_delete_event_bus(in),
              [&](const std::string& name) { return empty_or(b.delete_event_bus(name)); });
}

Result<json> put_rule(bus::EventBus& b, const json& in) {
  return with(events::decode_put_rule(in), [&](const bus::RuleSpec& spec) -> Result<json> {
    auto arn = b.put_rule(spec);
    if (!arn) return tl::unexpected(arn.error());
    return json{{"RuleArn", *arn}};
  });
}

Result<json> describe_rule(bus::EventBus& b, const json& in) {
  return with(events::decode_rule_ref(in), [&](const events::RuleRef& ref) -> Result<json> {
    auto rule = b.describe_rule(ref.bus, ref.name);
    if (!rule) return tl::unexpected(rule.error());
    json out = events::rule_output(*rule);
    out["CreatedBy"] = b.config().account_id;
    return out;
  });
}

Result<json> list_rules(bus::EventBus& b, const json& in) {
  return with(
      events::decode_list_rules(in), [&](const events::ListRulesInput& req) -> Result<json> {
        auto page = b.list_rules(req.bus, req.name_prefix, req.page.next_token, req.page.limit);
        if (!page) return tl::unexpected(page.error());
        json rules = json::array();
        for (const auto& rule : page->items) rules.push_back(events::rule_output(rule));
        json out = {{"Rules", std::move(rules)}};
        if (page->next_token) out["NextToken"] = *page->next_token;
        return out;
      });
}

BusOperation rule_state(bool enabled) {
  return [enabled](bus::EventBus& b, const json& in) {
    return with(events::decode_rule_ref(in), [&](const events::RuleRef& ref) {
      return empty_or(b.set_rule_state(ref.bus, ref.name, enabled));
    });
  };
}

Result<json> delete_rule(bus::EventBus& b, const json& in) {
  return with(events::decode_rule_ref(in), [&](const events::RuleRef& ref) {
    return empty_or(b.delete_rule(ref.bus, ref.name));
  });
}

Result<json> list_rule_names_by_target(bus::EventBus& b, const json& in) {
  return with(events::decode_list_rule_names_by_target(in),
              [&](const events::ListRuleNamesByTargetInput& req) -> Result<json> {
                auto names = b.list_rule_names_by_target(req.bus, req.target_arn);
                if (!names) return tl::unexpected(names.error());
                return page_of<std::string>(
                    *names, req.page, [](const std::string& n) { return n; }, "RuleNames",
                    [](const std::string& n) { return json(n); });
              });
}

Result<json> put_targets(bus::EventBus& b, const json& in) {
  return with(events::decode_put_targets(in),
              [&](const events::PutTargetsInput& req) -> Result<json> {
                auto failures = b.put_targets(req.rule.bus, req.rule.name, req.targets);
                if (!failures) return tl::unexpected(failures.error());
                return events::failed_entries_output(*failures);
              });
}

Result<json> remove_targets(bus::EventBus& b, const json& in) {
  return with(events::decode_remove_targets(in),
              [&](const events::RemoveTargetsInput& req) -> Result<json> {
                auto failures = b.remove_targets(req.rule.bus, req.rule.name, req.ids);
                if (!failures) return tl::unexpected(failures.error());
                return events::failed_entries_output(*failures);
              });
}

Result<json> list_targets_by_rule(bus::EventBus& b, const json& in) {
  return with(events::decode_list_targets_by_rule(in),
              [&](const events::ListTargetsInput& req) -> Result<json> {
                auto targets = b.list_targets(req.rule.bus, req.rule.name);
                if (!targets) return tl::unexpected(targets.error());
                return page_of<bus::TargetSpec>(
                    *targets, req.page, [](const bus::TargetSpec& t) { return t.id; }, "Targets",
                    [](const bus::TargetSpec& t) { return events::target_output(t); });
              });
}

Result<json> test_event_pattern(bus::EventBus&, const json& in) {
  return with(events::decode_test_event_pattern(in),
              [&](const events::TestEventPatternInput& req) -> Result<json> {
                auto compiled = pattern::compile_pattern(req.event_pattern);
                if (!compiled) {
                  return fail(ErrorCode::kInvalidEventPattern, compiled.error().message);
                }
                auto matched = pattern::test_pattern(*compiled, req.event);
                if (!matched) {
                  return fail(ErrorCode::kValidation,
                              "Parameter Event is not valid. Reason: " + matched.error().message);
                }
                return json{{"Result", *matched}};
              });
}

Result<json> put_events(bus::EventBus& b, const json& in) {
  return with(events::decode_put_events(in),
              [&](const std::vector<bus::EventEntry>& entries) -> Result<json> {
                auto results = b.put_events(entries);
                if (!results) return tl::unexpected(results.error());
                return events::put_events_output(*results);
              });
}

Result<json> tag_resource(bus::EventBus& b, const json& in) {
  return with(events::decode_tag_resource(in), [&](const events::TagResourceInput& req) {
    return empty_or(b.tag_resource(req.arn, req.tags));
  });
}

Result<json> untag_resource(bus::EventBus& b, const json& in) {
  return with(events::decode_untag_resource(in), [&](const events::UntagResourceInput& req) {
    return empty_or(b.untag_resource(req.arn, req.keys));
  });
}

Result<json> list_tags_for_resource(bus::EventBus& b, const json& in) {
  return with(events::decode_list_tags_for_resource(in),
              [&](const std::string& arn) -> Result<json> {
                auto tags = b.list_tags(arn);
                if (!tags) return tl::unexpected(tags.error());
                json list = json::array();
                for (const auto& tag : *tags)
                  list.push_back({{"Key", tag.key}, {"Value", tag.value.value_or("")}});
                return json{{"Tags", std::move(list)}};
              });
}

const Service::Table& operations() {
  static const Service::Table table = {
      {"CreateEventBus", on_bus(create_event_bus)},
      {"DescribeEventBus", on_bus(describe_event_bus)},
      {"ListEventBuses", on_bus(list_event_buses)},
      {"DeleteEventBus", on_bus(delete_event_bus)},
      {"PutRule", on_bus(put_rule)},
      {"DescribeRule", on_bus(describe_rule)},
      {"ListRules", on_bus(list_rules)},
      {"DeleteRule", on_bus(delete_rule)},
      {"EnableRule", on_bus(rule_state(true))},
      {"DisableRule", on_bus(rule_state(false))},
      {"ListRuleNamesByTarget", on_bus(list_rule_names_by_target)},
      {"PutTargets", on_bus(put_targets)},
      {"ListTargetsByRule", on_bus(list_targets_by_rule)},
      {"RemoveTargets", on_bus(remove_targets)},
      {"TestEventPattern", on_bus(test_event_pattern)},
      {"PutEvents", on_bus(put_events)},
      {"TagResource", on_bus(tag_resource)},
      {"UntagResource", on_bus(untag_resource)},
      {"ListTagsForResource", on_bus(list_tags_for_resource)},
      {"CreateConnection", events::create_connection},
      {"DescribeConnection", events::describe_connection},
      {"ListConnections", events::list_connections},
      {"UpdateConnection", events::update_connection},
      {"DeleteConnection", events::delete_connection},
      {"CreateApiDestination", events::create_api_destination},
      {"DescribeApiDestination", events::describe_api_destination},
      {"ListApiDestinations", events::list_api_destinations},
      {"UpdateApiDestination", events::update_api_destination},
      {"DeleteApiDestination", events::delete_api_destination},
  };
  return table;
}

}  // namespace

std::unique_ptr<JsonService> make_events_service(EventsBackend& backend) {
  return std::make_unique<Service>(backend, operations(), "AWSEvents", "events", "1.1");
}

}  // namespace certflow::api
