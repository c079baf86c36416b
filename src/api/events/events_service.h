// The EventBridge API (X-Amz-Target "AWSEvents.<Operation>", SigV4 service "events", JSON 1.1)
// on top of the event bus. docs/OPERATIONS.md lists the operations served.
#pragma once

#include <memory>

#include "api/service.h"
#include "events/bus/bus.h"

namespace certflow::api {

std::unique_ptr<JsonService> make_events_service(certflow::events::bus::EventBus& bus);

}  // namespace certflow::api
