// OAuth client-credentials tokens for API destinations, one per connection: requested from the
// connection's AuthorizationEndpoint (client id and secret as HTTP basic authentication,
// grant_type=client_credentials plus the connection's OAuthHttpParameters), kept until a minute
// before expires_in runs out (EventBridge also refreshes early), or until the endpoint they were
// used on answers 401 or 407. The connection's state follows: AUTHORIZED after a token,
// DEAUTHORIZED when the authorization endpoint refuses the client. Private to the targets room.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.h"
#include "events/bus/target.h"
#include "events/destinations/destinations.h"

namespace certflow::events::targets {

class OAuthTokens {
 public:
  // `timeout` bounds each token request.
  OAuthTokens(destinations::Destinations& destinations, const Clock& clock,
              std::chrono::milliseconds timeout)
      : destinations_(destinations), clock_(clock), timeout_(timeout) {}

  // The access token for an OAuth connection: cached, or requested now. A refusal by the
  // authorization endpoint (a 4xx other than 429) is not retryable; an unreachable or failing
  // (429, 5xx) endpoint is.
  tl::expected<std::string, bus::DeliveryFailure> token(const destinations::Connection& connection);
  // Forgets the connection's token: the next token() requests a new one.
  void invalidate(const std::string& connection_arn);

 private:
  struct Cached {
    std::string token;
    int64_t revision = 0;                 // the connection version it was issued for
    std::optional<TimePoint> refresh_at;  // nullopt: no expires_in; kept until refused
  };
  tl::expected<Cached, bus::DeliveryFailure> request(const destinations::Connection& connection);
  // Tells the destinations room, when the state changes.
  void report(const destinations::Connection& connection, bool authorized,
              const std::string& reason);

  destinations::Destinations& destinations_;
  const Clock& clock_;
  std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  std::map<std::string, Cached> cache_;  // by connection ARN
};

}  // namespace certflow::events::targets
