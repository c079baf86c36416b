// Connections: create, describe, list, update, delete, and the authorization state the
// API-destination target reports.
#include <spdlog/spdlog.h>

#include "core/ids.h"
#include "events/destinations/destinations.h"
#include "events/destinations/resource_records.h"
#include "events/destinations/rules.h"
#include "events/destinations/store_pages.h"

namespace certflow::events::destinations {
namespace {

// A new or re-credentialed connection: BASIC and API_KEY carry their credentials in every
// request and are authorized at once; OAuth waits for its first token.
void reset_authorization(Connection& connection, TimePoint now) {
  connection.state_reason.clear();
  if (connection.spec.authorization_type == kOAuthClientCredentials) {
    connection.state = kAuthorizing;
    connection.last_authorized_at.reset();
  } else {
    connection.state = kAuthorized;
    connection.last_authorized_at = now;
  }
}

Connection without_secrets(Connection connection) {
  ConnectionSpec& spec = connection.spec;
  if (spec.basic) spec.basic->password.clear();
  if (spec.api_key) spec.api_key->value.clear();
  auto blank = [](HttpParameters& parameters) {
    for (auto* list : {&parameters.header, &parameters.query_string, &parameters.body}) {
      for (auto& item : *list) {
        if (item.is_value_secret) item.value.clear();
      }
    }
  };
  blank(spec.invocation_http_parameters);
  if (spec.oauth) {
    spec.oauth->client_secret.clear();
    blank(spec.oauth->http_parameters);
  }
  return connection;
}

Error not_found(const std::string& name) {
  return Error{ErrorCode::kResourceNotFound, "Connection '" + name + "' does not exist."};
}

// Applies the members an UpdateConnection gives onto the stored spec; true when the
// authorization itself changed.
bool apply(const ConnectionUpdate& update, ConnectionSpec& spec) {
  if (update.description) spec.description = *update.description;
  bool changed = false;
  if (update.authorization_type && *update.authorization_type != spec.authorization_type) {
    spec.authorization_type = *update.authorization_type;
    spec.basic.reset();
    spec.api_key.reset();
    spec.oauth.reset();
    changed = true;
  }
  if (update.username || update.password) {
    if (!spec.basic) spec.basic.emplace();
    if (update.username) spec.basic->username = *update.username;
    if (update.password) spec.basic->password = *update.password;
    changed = true;
  }
  if (update.api_key_name || update.api_key_value) {
    if (!spec.api_key) spec.api_key.emplace();
    if (update.api_key_name) spec.api_key->name = *update.api_key_name;
    if (update.api_key_value) spec.api_key->value = *update.api_key_value;
    changed = true;
  }
  if (update.client_id || update.client_secret || update.authorization_endpoint ||
      update.oauth_http_method || update.oauth_http_parameters) {
    if (!spec.oauth) spec.oauth.emplace();
    OAuthParameters& oauth = *spec.oauth;
    if (update.client_id) oauth.client_id = *update.client_id;
    if (update.client_secret) oauth.client_secret = *update.client_secret;
    if (update.authorization_endpoint)
      oauth.authorization_endpoint = *update.authorization_endpoint;
    if (update.oauth_http_method) oauth.http_method = *update.oauth_http_method;
    if (update.oauth_http_parameters) oauth.http_parameters = *update.oauth_http_parameters;
    changed = true;
  }
  if (update.invocation_http_parameters) {
    spec.invocation_http_parameters = *update.invocation_http_parameters;
  }
  return changed;
}

}  // namespace

Destinations::Destinations(store::Store& store, const crypto::MasterKey& master, const Clock& clock,
                           bus::BusConfig config)
    : store_(store), master_(master), clock_(clock), config_(std::move(config)) {}

Status Destinations::store_connection(store::Transaction& txn, const Connection& connection) {
  auto row = encode_connection(connection, master_);
  if (!row) return tl::unexpected(row.error());
  return txn.put_resource(*row);
}

Result<Connection> Destinations::require_connection(const std::string& name, bool with_secrets) {
  auto row = store_.get_resource(kConnectionKind, name);
  if (!row) return tl::unexpected(row.error());
  if (!*row) return tl::unexpected(not_found(name));
  return decode_connection(**row, master_, with_secrets);
}

Result<Connection> Destinations::create_connection(const ConnectionSpec& spec) {
  if (auto ok = check_connection(spec); !ok) return tl::unexpected(ok.error());
  const TimePoint now = clock_.now();
  const std::string uuid = new_uuid();
  Connection connection;
  connection.spec = spec;
  connection.arn = connection_arn(config_, spec.name, uuid);
  connection.secret_arn = "arn:aws:secretsmanager:" + config_.region + ":" + config_.account_id +
                          ":secret:events!connection/" + spec.name + "/" + uuid;
  connection.created_at = now;
  connection.modified_at = now;
  reset_authorization(connection, now);

  // Holding the write transaction while counting: no other writer can add one meanwhile.
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto existing = (*txn)->get_resource(kConnectionKind, spec.name);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) {
    return fail(ErrorCode::kResourceAlreadyExists, "Connection " + spec.name + " already exists.");
  }
  auto count = count_resources(store_, kConnectionKind, kMaxConnections);
  if (!count) return tl::unexpected(count.error());
  if (*count >= kMaxConnections) {
    return fail(ErrorCode::kLimitExceeded,
                "The limit of " + std::to_string(kMaxConnections) +
                    " connections is reached; delete connections that are no longer used.");
  }
  if (auto ok = store_connection(**txn, connection); !ok) return tl::unexpected(ok.error());
  if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  spdlog::info("destinations: connection {} created ({})", connection.arn, spec.authorization_type);
  return without_secrets(std::move(connection));
}

Result<Connection> Destinations::describe_connection(const std::string& name) {
  return require_connection(name, false);
}

Result<bus::Page<Connection>> Destinations::list_connections(
    const ListConnectionsRequest& request) {
  return list_page<Connection>(
      store_, kConnectionKind, request.name_prefix, request.next_token, request.limit,
      [&](const store::ResourceRow& row) -> Result<std::optional<Connection>> {
        auto connection = decode_connection(row, master_, false);
        if (!connection) return tl::unexpected(connection.error());
        if (request.state && connection->state != *request.state) return std::nullopt;
        return std::optional<Connection>(std::move(*connection));
      },
      [](const Connection& c) { return c.spec.name; });
}

Result<Connection> Destinations::update_connection(const ConnectionUpdate& update) {
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto row = (*txn)->get_resource(kConnectionKind, update.name);
  if (!row) return tl::unexpected(row.error());
  if (!*row) return tl::unexpected(not_found(update.name));
  auto connection = decode_connection(**row, master_, true);
  if (!connection) return tl::unexpected(connection.error());
  const bool reauthorize = apply(update, connection->spec);
  if (auto ok = check_connection(connection->spec); !ok) return tl::unexpected(ok.error());
  const TimePoint now = clock_.now();
  connection->modified_at = now;
  connection->revision += 1;
  if (reauthorize) reset_authorization(*connection, now);
  if (auto ok = store_connection(**txn, *connection); !ok) return tl::unexpected(ok.error());
  if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  spdlog::info("destinations: connection {} updated", connection->arn);
  return without_secrets(std::move(*connection));
}

Result<Connection> Destinations::delete_connection(const std::string& name) {
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto row = (*txn)->get_resource(kConnectionKind, name);
  if (!row) return tl::unexpected(row.error());
  if (!*row) return tl::unexpected(not_found(name));
  auto users = api_destinations_using(store_, (*row)->arn);
  if (!users) return tl::unexpected(users.error());
  if (!users->empty()) {
    std::string names;
    for (const auto& user : *users) names += (names.empty() ? "" : ", ") + user;
    return fail(ErrorCode::kValidation, "Connection " + name + " is used by API destination(s) " +
                                            names +
                                            "; delete them or point them at another connection "
                                            "first.");
  }
  auto connection = decode_connection(**row, master_, false);
  if (!connection) return tl::unexpected(connection.error());
  if (auto ok = (*txn)->delete_resource(kConnectionKind, name); !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  spdlog::info("destinations: connection {} deleted", connection->arn);
  connection->state = "DELETING";
  return connection;
}

Status Destinations::record_authorization(const std::string& connection_arn, int64_t revision,
                                          bool authorized, const std::string& reason) {
  auto name = name_in_arn(config_, connection_arn, "connection");
  if (!name) return fail(ErrorCode::kResourceNotFound, "No connection " + connection_arn + ".");
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto row = (*txn)->get_resource(kConnectionKind, *name);
  if (!row) return tl::unexpected(row.error());
  if (!*row || (*row)->arn != connection_arn) return {};  // deleted meanwhile
  auto connection = decode_connection(**row, master_, true);
  if (!connection) return tl::unexpected(connection.error());
  // Updated meanwhile: this report is about credentials that are gone.
  if (connection->revision != revision) return {};
  const std::string state = authorized ? kAuthorized : kDeauthorized;
  const std::string why = authorized ? "" : reason.substr(0, 512);
  if (connection->state == state && connection->state_reason == why) return {};
  connection->state = state;
  connection->state_reason = why;
  if (authorized) connection->last_authorized_at = clock_.now();
  if (auto ok = store_connection(**txn, *connection); !ok) return ok;
  if (auto ok = (*txn)->commit(); !ok) return ok;
  spdlog::info("destinations: connection {} is {}{}{}", connection_arn, state,
               why.empty() ? "" : ": ", why);
  return {};
}

}  // namespace certflow::events::destinations
