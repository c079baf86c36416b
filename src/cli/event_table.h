// The people's view of outbox events (the full EventBridge events ListEvents returns).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace certflow::cli {

// Columns: TIME, DETAIL-TYPE, COMMON NAME, SUMMARY (days to expiry, action, renewal reason),
// CERTIFICATE; in the order given (ListEvents: oldest first).
std::string render_event_table(const nlohmann::json& events);

}  // namespace certflow::cli
