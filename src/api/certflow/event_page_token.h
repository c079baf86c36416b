// ListEvents' NextToken. Clients treat it as opaque; it names the last event of the page by its
// outbox sequence, so the next page starts right after it whatever was appended meanwhile.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace certflow::api::native {

std::string event_page_token(int64_t last_sequence);
// nullopt when `token` is not one event_page_token made.
std::optional<int64_t> parse_event_page_token(const std::string& token);

}  // namespace certflow::api::native
