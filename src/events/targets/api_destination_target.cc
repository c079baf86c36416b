#include "events/targets/api_destination_target.h"

#include <map>
#include <optional>
#include <set>

#include "events/targets/api_destination_request.h"
#include "net/http_client.h"

namespace certflow::events::targets {
namespace {

using Resolved = Result<destinations::Invocation>;

bus::DeliveryFailure unresolved(const Error& error) {
  // A destination or connection that is gone stays gone until someone acts; a store that is
  // busy, or secrets that do not open, may be fine on the next attempt.
  const bool gone = error.code == ErrorCode::kResourceNotFound;
  return bus::DeliveryFailure{gone ? "ResourceNotFound" : "InternalError", error.message, !gone};
}

bool is_oauth(const destinations::Invocation& invocation) {
  return invocation.connection.spec.authorization_type == destinations::kOAuthClientCredentials;
}

// One invocation on its way: the delivery it serves, what it goes to, the token it carries.
struct Call {
  size_t index;
  const destinations::Invocation* invocation;
  std::optional<std::string> token;
};

}  // namespace

ApiDestinationTarget::ApiDestinationTarget(destinations::Destinations& destinations,
                                           const Clock& clock, ApiDestinationOptions options)
    : destinations_(destinations),
      options_(options),
      rate_(clock),
      tokens_(destinations, clock, options.timeout) {}

Status ApiDestinationTarget::check(const std::string& arn) {
  auto resolved = destinations_.resolve(arn);
  if (!resolved) return tl::unexpected(resolved.error());
  return {};
}

bus::DeliveryOutcome ApiDestinationTarget::deliver(const bus::Delivery& delivery) {
  return std::move(deliver_all({delivery}).front());
}

std::vector<bus::DeliveryOutcome> ApiDestinationTarget::deliver_all(
    const std::vector<bus::Delivery>& batch) {
  std::vector<bus::DeliveryOutcome> outcomes(batch.size());
  std::map<std::string, Resolved> resolved;  // by API destination ARN, once per batch
  std::vector<Call> calls;
  std::vector<net::HttpRequest> requests;
  auto request_for = [&](const Call& call) {
    return invocation_request(*call.invocation, batch[call.index].payload, call.token,
                              options_.timeout);
  };
  // A token request that failed is not repeated for the rest of the batch.
  std::map<std::string, bus::DeliveryFailure> token_failures;  // by connection ARN
  auto bearer = [&](const destinations::Connection& connection)
      -> tl::expected<std::string, bus::DeliveryFailure> {
    if (auto failed = token_failures.find(connection.arn); failed != token_failures.end()) {
      return tl::unexpected(failed->second);
    }
    auto token = tokens_.token(connection);
    if (!token) token_failures.emplace(connection.arn, token.error());
    return token;
  };

  for (size_t i = 0; i < batch.size(); ++i) {
    const std::string& arn = batch[i].target_arn;
    auto it = resolved.find(arn);
    if (it == resolved.end()) it = resolved.emplace(arn, destinations_.resolve(arn)).first;
    if (!it->second) {
      outcomes[i] = tl::unexpected(unresolved(it->second.error()));
      continue;
    }
    const destinations::Invocation& invocation = *it->second;
    const auto wait =
        rate_.acquire(arn, invocation.destination.spec.invocation_rate_limit_per_second);
    if (wait.count() > 0) {
      bus::DeliveryFailure throttled{
          "Throttled",
          "over InvocationRateLimitPerSecond (" +
              std::to_string(invocation.destination.spec.invocation_rate_limit_per_second) +
              ") of " + arn};
      throttled.throttled_for = wait;
      outcomes[i] = tl::unexpected(std::move(throttled));
      continue;
    }
    Call call{i, &invocation, std::nullopt};
    if (is_oauth(invocation)) {
      auto token = bearer(invocation.connection);
      if (!token) {
        outcomes[i] = tl::unexpected(token.error());
        continue;
      }
      call.token = std::move(*token);
    }
    requests.push_back(request_for(call));
    calls.push_back(std::move(call));
  }
  auto results = net::perform_all(requests, options_.max_concurrent);

  // An OAuth 401 or 407 may mean the token was revoked or expired early: one fresh token per
  // connection, and one more try of those calls, in the same attempt.
  std::vector<size_t> again;
  std::vector<net::HttpRequest> retries;
  std::set<std::string> refreshed;  // connection ARNs whose token was dropped
  for (size_t k = 0; k < calls.size(); ++k) {
    Call& call = calls[k];
    const auto& result = results[k];
    if (!is_oauth(*call.invocation) || !result ||
        (result->status != 401 && result->status != 407)) {
      continue;
    }
    const destinations::Connection& connection = call.invocation->connection;
    if (refreshed.insert(connection.arn).second) tokens_.invalidate(connection.arn);
    auto token = bearer(connection);
    if (!token) {
      outcomes[call.index] = tl::unexpected(token.error());
      call.invocation = nullptr;  // settled
      continue;
    }
    call.token = std::move(*token);
    again.push_back(k);
    retries.push_back(request_for(call));
  }
  auto retried = net::perform_all(retries, options_.max_concurrent);
  for (size_t j = 0; j < again.size(); ++j) results[again[j]] = std::move(retried[j]);

  for (size_t k = 0; k < calls.size(); ++k) {
    const Call& call = calls[k];
    if (!call.invocation) continue;
    outcomes[call.index] = invocation_outcome(
        *call.invocation, results[k], connection_secrets(call.invocation->connection, call.token));
  }
  return outcomes;
}

}  // namespace certflow::events::targets
