// One API-destination invocation over HTTP: the request (the destination's method and endpoint,
// the connection's invocation parameters and authorization, the payload as a JSON body), and
// what the answer means for the delivery (EventBridge's retry rules). Private to the targets
// room.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "events/bus/target.h"
#include "events/destinations/destinations.h"
#include "net/http_client.h"

namespace certflow::events::targets {

inline constexpr const char* kUserAgent = "Amazon/EventBridge/ApiDestinations";

// `bearer_token` is the OAuth access token (OAuth connections only).
net::HttpRequest invocation_request(const destinations::Invocation& invocation,
                                    const std::string& payload,
                                    const std::optional<std::string>& bearer_token,
                                    std::chrono::milliseconds timeout);

// EventBridge retries 401, 407, 409, 429 and 5xx answers; other non-2xx answers are final.
bool retryable_status(int status);

// Success for a 2xx answer; otherwise a DeliveryFailure naming the method, the endpoint and the
// status or transport error. `secrets` are replaced by *** in any excerpt of the answer (an
// endpoint that echoes its request must not put credentials into logs or dead-letter queues).
bus::DeliveryOutcome invocation_outcome(const destinations::Invocation& invocation,
                                        const net::HttpResult& result,
                                        const std::vector<std::string>& secrets);

// Sets a header, replacing any of the same name (compared without case).
void set_header(net::HttpHeaders& headers, const std::string& name, const std::string& value);

// `url` with the parameters appended to its query string, percent-encoded.
std::string with_query(const std::string& url,
                       const std::vector<std::pair<std::string, std::string>>& parameters);

// The secret values a connection holds (and the token, when given), for redaction.
std::vector<std::string> connection_secrets(const destinations::Connection& connection,
                                            const std::optional<std::string>& bearer_token);

// The first bytes of an answer's body for a message, secrets replaced by ***.
std::string body_excerpt(const std::string& body, const std::vector<std::string>& secrets);

}  // namespace certflow::events::targets
