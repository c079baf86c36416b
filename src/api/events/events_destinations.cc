// Answers and operations of connections and API destinations: the model's member names,
// timestamps as epoch seconds, no secret in any answer.
#include "api/events/events_destinations.h"

#include "api/operation_results.h"

namespace certflow::api::events {
namespace {

namespace dest = certflow::events::destinations;
using nlohmann::json;

void put_if(json& out, const char* member, const std::string& value) {
  if (!value.empty()) out[member] = value;
}

// Values marked IsValueSecret are left out, as AWS leaves them out.
json parameters_output(const dest::HttpParameters& parameters) {
  auto list = [](const std::vector<dest::HttpParameter>& items) {
    json out = json::array();
    for (const auto& item : items) {
      json entry = {{"Key", item.key}, {"IsValueSecret", item.is_value_secret}};
      if (!item.is_value_secret) entry["Value"] = item.value;
      out.push_back(std::move(entry));
    }
    return out;
  };
  json out = json::object();
  if (!parameters.header.empty()) out["HeaderParameters"] = list(parameters.header);
  if (!parameters.query_string.empty()) {
    out["QueryStringParameters"] = list(parameters.query_string);
  }
  if (!parameters.body.empty()) out["BodyParameters"] = list(parameters.body);
  return out;
}

void times(json& out, const dest::Connection& connection, bool last_authorized) {
  out["CreationTime"] = to_epoch_seconds(connection.created_at);
  out["LastModifiedTime"] = to_epoch_seconds(connection.modified_at);
  if (last_authorized && connection.last_authorized_at) {
    out["LastAuthorizedTime"] = to_epoch_seconds(*connection.last_authorized_at);
  }
}

// CreateConnection (without LastAuthorizedTime), UpdateConnection and DeleteConnection.
json connection_state_output(const dest::Connection& connection, bool last_authorized) {
  json out = {{"ConnectionArn", connection.arn}, {"ConnectionState", connection.state}};
  times(out, connection, last_authorized);
  return out;
}

// Each of ListConnections' Connections.
json connection_summary(const dest::Connection& connection) {
  json out = {{"ConnectionArn", connection.arn},
              {"Name", connection.spec.name},
              {"ConnectionState", connection.state},
              {"AuthorizationType", connection.spec.authorization_type}};
  put_if(out, "StateReason", connection.state_reason);
  times(out, connection, true);
  return out;
}

json api_destination_state_output(const dest::ApiDestination& destination) {
  return {{"ApiDestinationArn", destination.arn},
          {"ApiDestinationState", destination.state},
          {"CreationTime", to_epoch_seconds(destination.created_at)},
          {"LastModifiedTime", to_epoch_seconds(destination.modified_at)}};
}

template <typename T, typename Encode>
json page_output(const certflow::events::bus::Page<T>& page, const char* member, Encode encode) {
  json items = json::array();
  for (const auto& item : page.items) items.push_back(encode(item));
  json out = {{member, std::move(items)}};
  if (page.next_token) out["NextToken"] = *page.next_token;
  return out;
}

}  // namespace

json connection_output(const dest::Connection& connection) {
  const dest::ConnectionSpec& spec = connection.spec;
  json out = {{"ConnectionArn", connection.arn}, {"Name", spec.name}};
  put_if(out, "Description", spec.description);
  out["ConnectionState"] = connection.state;
  put_if(out, "StateReason", connection.state_reason);
  out["AuthorizationType"] = spec.authorization_type;
  put_if(out, "SecretArn", connection.secret_arn);
  json auth = json::object();
  if (spec.basic) auth["BasicAuthParameters"] = {{"Username", spec.basic->username}};
  if (spec.api_key) auth["ApiKeyAuthParameters"] = {{"ApiKeyName", spec.api_key->name}};
  if (spec.oauth) {
    json oauth = {{"ClientParameters", {{"ClientID", spec.oauth->client_id}}},
                  {"AuthorizationEndpoint", spec.oauth->authorization_endpoint},
                  {"HttpMethod", spec.oauth->http_method}};
    if (!spec.oauth->http_parameters.empty()) {
      oauth["OAuthHttpParameters"] = parameters_output(spec.oauth->http_parameters);
    }
    auth["OAuthParameters"] = std::move(oauth);
  }
  if (!spec.invocation_http_parameters.empty()) {
    auth["InvocationHttpParameters"] = parameters_output(spec.invocation_http_parameters);
  }
  out["AuthParameters"] = std::move(auth);
  times(out, connection, true);
  return out;
}

json api_destination_output(const dest::ApiDestination& destination) {
  const dest::ApiDestinationSpec& spec = destination.spec;
  json out = {{"ApiDestinationArn", destination.arn}, {"Name", spec.name}};
  put_if(out, "Description", spec.description);
  out["ApiDestinationState"] = destination.state;
  out["ConnectionArn"] = spec.connection_arn;
  out["InvocationEndpoint"] = spec.invocation_endpoint;
  out["HttpMethod"] = spec.http_method;
  out["InvocationRateLimitPerSecond"] = spec.invocation_rate_limit_per_second;
  out["CreationTime"] = to_epoch_seconds(destination.created_at);
  out["LastModifiedTime"] = to_epoch_seconds(destination.modified_at);
  return out;
}

Result<json> create_connection(EventsBackend& backend, const json& in) {
  return with(decode_create_connection(in), [&](const dest::ConnectionSpec& spec) -> Result<json> {
    auto connection = backend.destinations.create_connection(spec);
    if (!connection) return tl::unexpected(connection.error());
    return connection_state_output(*connection, false);
  });
}

Result<json> describe_connection(EventsBackend& backend, const json& in) {
  return with(decode_resource_name(in), [&](const std::string& name) -> Result<json> {
    auto connection = backend.destinations.describe_connection(name);
    if (!connection) return tl::unexpected(connection.error());
    return connection_output(*connection);
  });
}

Result<json> list_connections(EventsBackend& backend, const json& in) {
  return with(decode_list_connections(in),
              [&](const dest::ListConnectionsRequest& request) -> Result<json> {
                auto page = backend.destinations.list_connections(request);
                if (!page) return tl::unexpected(page.error());
                return page_output(*page, "Connections", connection_summary);
              });
}

Result<json> update_connection(EventsBackend& backend, const json& in) {
  return with(decode_update_connection(in),
              [&](const dest::ConnectionUpdate& update) -> Result<json> {
                auto connection = backend.destinations.update_connection(update);
                if (!connection) return tl::unexpected(connection.error());
                return connection_state_output(*connection, true);
              });
}

Result<json> delete_connection(EventsBackend& backend, const json& in) {
  return with(decode_resource_name(in), [&](const std::string& name) -> Result<json> {
    auto connection = backend.destinations.delete_connection(name);
    if (!connection) return tl::unexpected(connection.error());
    return connection_state_output(*connection, true);
  });
}

Result<json> create_api_destination(EventsBackend& backend, const json& in) {
  return with(decode_create_api_destination(in),
              [&](const dest::ApiDestinationSpec& spec) -> Result<json> {
                auto destination = backend.destinations.create_api_destination(spec);
                if (!destination) return tl::unexpected(destination.error());
                return api_destination_state_output(*destination);
              });
}

Result<json> describe_api_destination(EventsBackend& backend, const json& in) {
  return with(decode_resource_name(in), [&](const std::string& name) -> Result<json> {
    auto destination = backend.destinations.describe_api_destination(name);
    if (!destination) return tl::unexpected(destination.error());
    return api_destination_output(*destination);
  });
}

Result<json> list_api_destinations(EventsBackend& backend, const json& in) {
  return with(decode_list_api_destinations(in),
              [&](const dest::ListApiDestinationsRequest& request) -> Result<json> {
                auto page = backend.destinations.list_api_destinations(request);
                if (!page) return tl::unexpected(page.error());
                return page_output(*page, "ApiDestinations", [](const dest::ApiDestination& d) {
                  json out = api_destination_output(d);
                  out.erase("Description");  // not a member of the list's ApiDestination
                  return out;
                });
              });
}

Result<json> update_api_destination(EventsBackend& backend, const json& in) {
  return with(decode_update_api_destination(in),
              [&](const dest::ApiDestinationUpdate& update) -> Result<json> {
                auto destination = backend.destinations.update_api_destination(update);
                if (!destination) return tl::unexpected(destination.error());
                return api_destination_state_output(*destination);
              });
}

Result<json> delete_api_destination(EventsBackend& backend, const json& in) {
  return with(decode_resource_name(in), [&](const std::string& name) -> Result<json> {
    if (auto ok = backend.destinations.delete_api_destination(name); !ok) {
      return tl::unexpected(ok.error());
    }
    return json::object();
  });
}

}  // namespace certflow::api::events
