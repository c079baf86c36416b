// Fuzzes the JSON request bodies of the EventBridge API (AWSEvents.*): every operation's decoder,
// including PutTargets' InputPathsMap, PutEvents' Time and size, TestEventPattern's event, and
// the connection and API-destination operations.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "api/events/events_destinations.h"
#include "api/events/events_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto body = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return 0;
  namespace events = certflow::api::events;
  (void)events::decode_create_event_bus(body);
  (void)events::decode_describe_event_bus(body);
  (void)events::decode_delete_event_bus(body);
  (void)events::decode_list_event_buses(body);
  (void)events::decode_put_rule(body);
  (void)events::decode_rule_ref(body);
  (void)events::decode_list_rules(body);
  (void)events::decode_list_rule_names_by_target(body);
  (void)events::decode_put_targets(body);
  (void)events::decode_remove_targets(body);
  (void)events::decode_list_targets_by_rule(body);
  (void)events::decode_test_event_pattern(body);
  (void)events::decode_put_events(body);
  // Connections and API destinations: nested auth and HTTP parameters, sensitive members.
  (void)events::decode_create_connection(body);
  (void)events::decode_update_connection(body);
  (void)events::decode_resource_name(body);
  (void)events::decode_list_connections(body);
  (void)events::decode_create_api_destination(body);
  (void)events::decode_update_api_destination(body);
  (void)events::decode_list_api_destinations(body);
  (void)events::decode_tag_resource(body);
  (void)events::decode_untag_resource(body);
  (void)events::decode_list_tags_for_resource(body);
  return 0;
}
