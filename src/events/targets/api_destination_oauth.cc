#include "events/targets/api_destination_oauth.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "crypto/encoding.h"
#include "events/targets/api_destination_request.h"

namespace certflow::events::targets {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;
constexpr const char* kTokenFailure = "OAuthTokenRequestFailed";

void add_pairs(Pairs& out, const std::vector<destinations::HttpParameter>& parameters) {
  for (const auto& p : parameters) out.emplace_back(p.key, p.value);
}

std::string form_encoded(const Pairs& pairs) {
  std::string out;
  for (const auto& [key, value] : pairs) {
    if (!out.empty()) out += "&";
    out += net::percent_encode(key) + "=" + net::percent_encode(value);
  }
  return out;
}

// expires_in is a number of seconds; some servers send it as a string.
std::optional<int64_t> expires_in(const nlohmann::json& answer) {
  auto it = answer.find("expires_in");
  if (it == answer.end()) return std::nullopt;
  if (it->is_number()) return it->get<int64_t>();
  if (it->is_string()) {
    const std::string text = it->get<std::string>();
    if (!text.empty() && text.size() < 10 &&
        text.find_first_not_of("0123456789") == std::string::npos) {
      return std::stoll(text);
    }
  }
  return std::nullopt;
}

net::HttpRequest token_request(const destinations::OAuthParameters& oauth,
                               std::chrono::milliseconds timeout) {
  const destinations::HttpParameters& parameters = oauth.http_parameters;
  Pairs form = {{"grant_type", "client_credentials"}};
  add_pairs(form, parameters.body);
  Pairs query;
  add_pairs(query, parameters.query_string);
  net::HttpRequest request;
  request.method = oauth.http_method;
  request.timeout = timeout;
  request.headers = {{"Accept", "application/json"}, {"User-Agent", kUserAgent}};
  if (oauth.http_method == "GET") {
    query.insert(query.end(), form.begin(), form.end());
  } else {
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    request.body = form_encoded(form);
  }
  request.url = with_query(oauth.authorization_endpoint, query);
  for (const auto& header : parameters.header)
    set_header(request.headers, header.key, header.value);
  set_header(request.headers, "Authorization",
             "Basic " + crypto::base64_encode(oauth.client_id + ":" + oauth.client_secret));
  return request;
}

}  // namespace

tl::expected<std::string, bus::DeliveryFailure> OAuthTokens::token(
    const destinations::Connection& connection) {
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(connection.arn);
    if (it != cache_.end() && it->second.revision == connection.revision &&
        (!it->second.refresh_at || clock_.now() < *it->second.refresh_at)) {
      return it->second.token;
    }
  }
  auto fresh = request(connection);
  if (!fresh) return tl::unexpected(fresh.error());
  std::lock_guard lock(mutex_);
  cache_[connection.arn] = *fresh;
  return fresh->token;
}

void OAuthTokens::invalidate(const std::string& connection_arn) {
  std::lock_guard lock(mutex_);
  cache_.erase(connection_arn);
}

tl::expected<OAuthTokens::Cached, bus::DeliveryFailure> OAuthTokens::request(
    const destinations::Connection& connection) {
  if (!connection.spec.oauth) {
    return tl::unexpected(bus::DeliveryFailure{
        kTokenFailure, "connection " + connection.arn + " has no OAuth parameters", false});
  }
  const destinations::OAuthParameters& oauth = *connection.spec.oauth;
  const std::string where = "the authorization endpoint " + oauth.http_method + " " +
                            oauth.authorization_endpoint + " of connection " + connection.spec.name;
  auto result = net::perform(token_request(oauth, timeout_));
  if (!result) {
    return tl::unexpected(
        bus::DeliveryFailure{kTokenFailure, where + " failed: " + result.error().message, true});
  }
  const std::vector<std::string> secrets = connection_secrets(connection, std::nullopt);
  const int status = result->status;
  if (status < 200 || status > 299) {
    std::string message = where + " answered HTTP " + std::to_string(status);
    if (auto excerpt = body_excerpt(result->body, secrets); !excerpt.empty()) {
      message += ": " + excerpt;
    }
    // Busy or failing: try again later. Anything else refuses this client as configured.
    const bool retryable = status == 429 || (status >= 500 && status <= 599);
    if (!retryable) report(connection, false, message);
    return tl::unexpected(bus::DeliveryFailure{kTokenFailure, message, retryable});
  }
  const auto answer = nlohmann::json::parse(result->body, nullptr, false);
  auto token = answer.is_object() ? answer.find("access_token") : answer.end();
  if (!answer.is_object() || token == answer.end() || !token->is_string() ||
      token->get_ref<const std::string&>().empty()) {
    const std::string message = where + " answered without an access_token";
    report(connection, false, message);
    return tl::unexpected(bus::DeliveryFailure{kTokenFailure, message, false});
  }
  Cached cached{token->get<std::string>(), connection.revision, std::nullopt};
  if (auto seconds = expires_in(answer)) {
    // A minute early, or halfway for tokens that live less than two minutes.
    cached.refresh_at = clock_.now() + std::chrono::seconds(std::max(*seconds - 60, *seconds / 2));
  }
  report(connection, true, "");
  return cached;
}

void OAuthTokens::report(const destinations::Connection& connection, bool authorized,
                         const std::string& reason) {
  const std::string state = authorized ? destinations::kAuthorized : destinations::kDeauthorized;
  if (connection.state == state && connection.state_reason == reason) return;
  if (auto ok = destinations_.record_authorization(connection.arn, connection.revision, authorized,
                                                   reason);
      !ok) {
    spdlog::warn("api destinations: could not record the state of connection {}: {}",
                 connection.arn, ok.error().message);
  }
}

}  // namespace certflow::events::targets
