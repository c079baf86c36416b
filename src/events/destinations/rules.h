// The rules a connection or API destination must follow beyond the API model's shapes (which the
// API adapter checks): names, endpoints, parameters that fit the authorization type, limits; and
// the list paging tokens. Private to the destinations room.
#pragma once

#include <optional>
#include <string>

#include "events/destinations/destinations.h"

namespace certflow::events::destinations {

// 1..64 of [.-_A-Za-z0-9], the model's ConnectionName and ApiDestinationName.
bool valid_name(const std::string& name);
Status check_name(const std::string& what, const std::string& name);

// An InvocationEndpoint or AuthorizationEndpoint: an https:// URL with a host, or http:// to a
// loopback host (localhost, 127.0.0.0/8, [::1]) — certflow's one exception to EventBridge's
// HTTPS-only rule, for endpoints on the same machine. No user:password@ (the connection carries
// credentials).
Status check_endpoint(const std::string& member, const std::string& url);

Status check_connection(const ConnectionSpec& spec);
Status check_api_destination(const ApiDestinationSpec& spec);

// NextToken of a list: the last name of the page, opaque to the client, bound to its kind so
// that a token of another list is refused.
std::string page_token(const std::string& kind, const std::string& last_name);
Result<std::string> parse_page_token(const std::string& kind, const std::string& token);

}  // namespace certflow::events::destinations
