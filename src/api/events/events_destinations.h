// EventBridge connections and API destinations over the JSON 1.1 protocol: the request decoders
// (checked against the API model as AWS checks them; values of the model's sensitive members are
// never echoed in messages, they show as '***'), the answer encoders (DescribeConnection returns
// no secret: the SecretArn and the non-secret parameters only), and the operations the
// EventBridge adapter's table serves.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "api/events/events_service.h"
#include "core/error.h"
#include "events/destinations/destinations.h"

namespace certflow::api::events {

// CreateConnection. InvocationConnectivityParameters, KmsKeyIdentifier and
// AuthParameters.ConnectivityParameters (private endpoints, customer keys) are refused.
Result<certflow::events::destinations::ConnectionSpec> decode_create_connection(
    const nlohmann::json& body);
Result<certflow::events::destinations::ConnectionUpdate> decode_update_connection(
    const nlohmann::json& body);
// DescribeConnection, DeleteConnection, DescribeApiDestination, DeleteApiDestination: {Name}.
Result<std::string> decode_resource_name(const nlohmann::json& body);
Result<certflow::events::destinations::ListConnectionsRequest> decode_list_connections(
    const nlohmann::json& body);

Result<certflow::events::destinations::ApiDestinationSpec> decode_create_api_destination(
    const nlohmann::json& body);
Result<certflow::events::destinations::ApiDestinationUpdate> decode_update_api_destination(
    const nlohmann::json& body);
Result<certflow::events::destinations::ListApiDestinationsRequest> decode_list_api_destinations(
    const nlohmann::json& body);

// DescribeConnection's answer.
nlohmann::json connection_output(const certflow::events::destinations::Connection& connection);
// DescribeApiDestination's answer (and, without Description, each of ListApiDestinations').
nlohmann::json api_destination_output(
    const certflow::events::destinations::ApiDestination& destination);

Result<nlohmann::json> create_connection(EventsBackend& backend, const nlohmann::json& in);
Result<nlohmann::json> describe_connection(EventsBackend& backend, const nlohmann::json& in);
Result<nlohmann::json> list_connections(EventsBackend& backend, const nlohmann::json& in);
Result<nlohmann::json> update_connection(EventsBackend& backend, const nlohmann::json& in);
Result<nlohmann::json> delete_connection(EventsBackend& backend, const nlohmann::json& in);
Result<nlohmann::json> create_api_destination(EventsBackend& backend, const nlohmann::json& in);
Result<nlohmann::json> describe_api_destination(EventsBackend& backend, const nlohmann::json& in);
Result<nlohmann::json> list_api_destinations(EventsBackend& backend, const nlohmann::json& in);
Result<nlohmann::json> update_api_destination(EventsBackend& backend, const nlohmann::json& in);
Result<nlohmann::json> delete_api_destination(EventsBackend& backend, const nlohmann::json& in);

}  // namespace certflow::api::events
