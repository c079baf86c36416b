// EventBridge connections and API destinations: what an HTTP endpoint is and how to authorize
// with it. A connection holds the authorization (BASIC, API_KEY or OAUTH_CLIENT_CREDENTIALS) and
// extra HTTP parameters; an API destination names an endpoint, a method, a connection and an
// invocation rate limit. The door of the destinations room; the API-destination target
// (events/targets) delivers through what resolve() returns.
//
// Kept in the store's bus_resources table (kinds "connection" and "api-destination") as this
// room's JSON. Secrets — the password, the API key value, the OAuth client secret and every
// parameter value marked IsValueSecret — are sealed together with crypto::seal under the
// connection's ARN and opened only by resolve(); nothing else returns or logs them.
//
// Connection states: BASIC and API_KEY connections are AUTHORIZED as soon as they are created or
// updated. An OAuth connection is AUTHORIZING until the target first obtains a token from its
// AuthorizationEndpoint (then AUTHORIZED, with LastAuthorizedTime), and DEAUTHORIZED, with the
// endpoint's answer as StateReason, when that endpoint refuses the client (a 4xx); changing its
// OAuth parameters makes it AUTHORIZING again.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "crypto/envelope.h"
#include "events/bus/bus.h"
#include "store/store.h"

namespace certflow::events::destinations {

inline constexpr const char* kBasic = "BASIC";
inline constexpr const char* kApiKey = "API_KEY";
inline constexpr const char* kOAuthClientCredentials = "OAUTH_CLIENT_CREDENTIALS";

inline constexpr const char* kAuthorized = "AUTHORIZED";
inline constexpr const char* kAuthorizing = "AUTHORIZING";
inline constexpr const char* kDeauthorized = "DEAUTHORIZED";

// EventBridge's quotas (Service Quotas defaults) and InvocationRateLimitPerSecond's default.
inline constexpr size_t kMaxConnections = 3000;
inline constexpr size_t kMaxApiDestinations = 3000;
inline constexpr int kDefaultInvocationRate = 300;
inline constexpr int kMaxInvocationRate = 300;

struct HttpParameter {
  std::string key;
  std::string value;  // "" in what describe/list return when is_value_secret
  bool is_value_secret = false;
};

// InvocationHttpParameters and OAuthHttpParameters.
struct HttpParameters {
  std::vector<HttpParameter> header;
  std::vector<HttpParameter> query_string;
  std::vector<HttpParameter> body;
  bool empty() const { return header.empty() && query_string.empty() && body.empty(); }
};

struct BasicAuthParameters {
  std::string username;
  std::string password;  // secret
};

struct ApiKeyAuthParameters {
  std::string name;   // the header that carries the key
  std::string value;  // secret
};

struct OAuthParameters {
  std::string client_id;
  std::string client_secret;  // secret
  std::string authorization_endpoint;
  std::string http_method;  // GET | POST | PUT
  HttpParameters http_parameters;
};

struct ConnectionSpec {
  std::string name;
  std::string description;
  std::string authorization_type;
  // Exactly the parameters of authorization_type are set.
  std::optional<BasicAuthParameters> basic;
  std::optional<ApiKeyAuthParameters> api_key;
  std::optional<OAuthParameters> oauth;
  HttpParameters invocation_http_parameters;
};

// UpdateConnection: each member given replaces the stored one, the others stay. A new
// authorization type needs its parameters in full; the old type's parameters go.
struct ConnectionUpdate {
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> authorization_type;
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::optional<std::string> api_key_name;
  std::optional<std::string> api_key_value;
  std::optional<std::string> client_id;
  std::optional<std::string> client_secret;
  std::optional<std::string> authorization_endpoint;
  std::optional<std::string> oauth_http_method;
  std::optional<HttpParameters> oauth_http_parameters;
  std::optional<HttpParameters> invocation_http_parameters;
};

struct Connection {
  ConnectionSpec spec;  // secrets "" unless it came from resolve()
  std::string arn;
  std::string secret_arn;  // names the sealed secrets; there is no Secrets Manager behind it
  std::string state;
  std::string state_reason;
  TimePoint created_at;
  TimePoint modified_at;
  std::optional<TimePoint> last_authorized_at;
  // Counts the connection's updates, so a token or a state report can tell which version of the
  // credentials it concerns (a simulated clock may not move between two updates).
  int64_t revision = 1;
};

struct ApiDestinationSpec {
  std::string name;
  std::string description;
  std::string connection_arn;
  std::string invocation_endpoint;
  std::string http_method;
  int invocation_rate_limit_per_second = kDefaultInvocationRate;
};

struct ApiDestinationUpdate {
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> connection_arn;
  std::optional<std::string> invocation_endpoint;
  std::optional<std::string> http_method;
  std::optional<int> invocation_rate_limit_per_second;
};

struct ApiDestination {
  ApiDestinationSpec spec;
  std::string arn;
  std::string state = "ACTIVE";
  TimePoint created_at;
  TimePoint modified_at;
};

// What the target needs for one invocation: the destination and its connection, secrets open.
struct Invocation {
  ApiDestination destination;
  Connection connection;
};

struct ListConnectionsRequest {
  std::string name_prefix;
  std::optional<std::string> state;
  std::optional<std::string> next_token;
  size_t limit = 100;
};

struct ListApiDestinationsRequest {
  std::string name_prefix;
  std::optional<std::string> connection_arn;
  std::optional<std::string> next_token;
  size_t limit = 100;
};

class Destinations {
 public:
  // `master` and `clock` must outlive this object.
  Destinations(store::Store& store, const crypto::MasterKey& master, const Clock& clock,
               bus::BusConfig config);

  Result<Connection> create_connection(const ConnectionSpec& spec);
  Result<Connection> describe_connection(const std::string& name);
  Result<bus::Page<Connection>> list_connections(const ListConnectionsRequest& request);
  Result<Connection> update_connection(const ConnectionUpdate& update);
  // Refused (kValidation) while an API destination uses the connection. Returns the connection
  // as it was, state DELETING.
  Result<Connection> delete_connection(const std::string& name);

  Result<ApiDestination> create_api_destination(const ApiDestinationSpec& spec);
  Result<ApiDestination> describe_api_destination(const std::string& name);
  Result<bus::Page<ApiDestination>> list_api_destinations(
      const ListApiDestinationsRequest& request);
  Result<ApiDestination> update_api_destination(const ApiDestinationUpdate& update);
  Status delete_api_destination(const std::string& name);

  // The API destination an ARN names (it must be this installation's and carry the current
  // UUID: a destination deleted and made again under the same name is another destination)
  // with its connection, secrets open. kResourceNotFound otherwise.
  Result<Invocation> resolve(const std::string& api_destination_arn);
  // The target's report on an OAuth connection's token request. Applied only if the connection
  // is still at `revision` (credentials that changed meanwhile are judged anew), and written only
  // when the state changes.
  Status record_authorization(const std::string& connection_arn, int64_t revision, bool authorized,
                              const std::string& reason);

  const bus::BusConfig& config() const { return config_; }

 private:
  Result<Connection> require_connection(const std::string& name, bool with_secrets);
  Result<ApiDestination> require_api_destination(const std::string& name);
  // Writes a connection whose secrets are in connection.spec (sealed on the way).
  Status store_connection(store::Transaction& txn, const Connection& connection);

  store::Store& store_;
  const crypto::MasterKey& master_;
  const Clock& clock_;
  bus::BusConfig config_;
};

}  // namespace certflow::events::destinations
