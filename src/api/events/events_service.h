// The EventBridge API (X-Amz-Target "AWSEvents.<Operation>", SigV4 service "events", JSON 1.1)
// on top of the event bus. docs/OPERATIONS.md lists the operations served.
#pragma once

#include <memory>

#include "api/service.h"
#include "events/bus/bus.h"
#include "events/destinations/destinations.h"

namespace certflow::api {

// What the EventBridge operations work on: the bus (buses, rules, targets, events, tags) and the
// rooms behind the other EventBridge resources. Must outlive the service.
struct EventsBackend {
  certflow::events::bus::EventBus& bus;
  certflow::events::destinations::Destinations& destinations;  // connections, API destinations
};

std::unique_ptr<JsonService> make_events_service(EventsBackend& backend);

}  // namespace certflow::api
