// How connections and API destinations are kept in the store's bus_resources rows: ARNs, and the
// details_json of each kind. A connection's secrets travel sealed (crypto::seal, associated data
// the connection ARN) inside its details. Private to the destinations room.
#pragma once

#include <optional>
#include <string>

#include "events/destinations/destinations.h"

namespace certflow::events::destinations {

inline constexpr const char* kConnectionKind = "connection";
inline constexpr const char* kApiDestinationKind = "api-destination";

// arn:aws:events:REGION:ACCOUNT:connection/NAME/UUID
std::string connection_arn(const bus::BusConfig& config, const std::string& name,
                           const std::string& uuid);
// arn:aws:events:REGION:ACCOUNT:api-destination/NAME/UUID
std::string api_destination_arn(const bus::BusConfig& config, const std::string& name,
                                const std::string& uuid);

// The NAME of "arn:aws:events:REGION:ACCOUNT:<type>/NAME/UUID" when the ARN is this
// installation's (region and account) and of that type; nullopt otherwise.
std::optional<std::string> name_in_arn(const bus::BusConfig& config, const std::string& arn,
                                       const std::string& type);

// Seals the secrets in connection.spec; the row's timestamps are the connection's.
Result<store::ResourceRow> encode_connection(const Connection& connection,
                                             const crypto::MasterKey& master);
// with_secrets: open the sealed secrets into the spec; otherwise they stay "".
Result<Connection> decode_connection(const store::ResourceRow& row, const crypto::MasterKey& master,
                                     bool with_secrets);

store::ResourceRow encode_api_destination(const ApiDestination& destination);
Result<ApiDestination> decode_api_destination(const store::ResourceRow& row);

}  // namespace certflow::events::destinations
