// Delivers to EventBridge API destinations (arn:aws:events:REGION:ACCOUNT:api-destination/NAME/
// UUID): each event (or its transformed input) becomes an HTTP request to the destination's
// endpoint with its method, the payload as an application/json body (none for GET and HEAD), and
// the connection's authorization and invocation parameters. A batch goes out concurrently
// through libcurl multi.
//
// Outcomes: 2xx is delivered. 401, 407, 409, 429, 5xx, timeouts and connection errors are
// retryable (the bus retries with backoff); other answers are not (the event goes to the
// dead-letter queue at once). An OAuth connection's 401/407 gets one fresh token and one more
// try within the same attempt. Over the destination's InvocationRateLimitPerSecond (core's
// RateLimiter, a token bucket on the bus clock) the delivery is throttled: it waits without
// using an attempt.
#pragma once

#include <chrono>

#include "core/clock.h"
#include "core/rate_limiter.h"
#include "events/bus/target.h"
#include "events/destinations/destinations.h"
#include "events/targets/api_destination_oauth.h"

namespace certflow::events::targets {

struct ApiDestinationOptions {
  // EventBridge's limit for one invocation (and for a token request).
  std::chrono::milliseconds timeout{5000};
  // HTTP requests in flight at once within one batch.
  size_t max_concurrent = 50;
};

class ApiDestinationTarget final : public bus::Target {
 public:
  // `clock` is the bus's: the rate limit and token lifetimes follow it.
  ApiDestinationTarget(destinations::Destinations& destinations, const Clock& clock,
                       ApiDestinationOptions options = {});

  Status check(const std::string& arn) override;
  bus::DeliveryOutcome deliver(const bus::Delivery& delivery) override;
  std::vector<bus::DeliveryOutcome> deliver_all(const std::vector<bus::Delivery>& batch) override;

 private:
  destinations::Destinations& destinations_;
  ApiDestinationOptions options_;
  RateLimiter rate_;  // by API destination ARN
  OAuthTokens tokens_;
};

}  // namespace certflow::events::targets
