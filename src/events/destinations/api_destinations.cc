// API destinations: create, describe, list, update, delete, and resolve() for the target.
#include <spdlog/spdlog.h>

#include "core/ids.h"
#include "events/destinations/destinations.h"
#include "events/destinations/resource_records.h"
#include "events/destinations/rules.h"
#include "events/destinations/store_pages.h"

namespace certflow::events::destinations {
namespace {

Error not_found(const std::string& name) {
  return Error{ErrorCode::kResourceNotFound, "API destination '" + name + "' does not exist."};
}

// The connection an ARN names, read in the caller's transaction; kResourceNotFound unless it
// exists with that very ARN.
Status require_connection_arn(store::Transaction& txn, const bus::BusConfig& config,
                              const std::string& arn) {
  auto name = name_in_arn(config, arn, "connection");
  if (name) {
    auto row = txn.get_resource(kConnectionKind, *name);
    if (!row) return tl::unexpected(row.error());
    if (*row && (*row)->arn == arn) return {};
  }
  return fail(ErrorCode::kResourceNotFound,
              "Connection " + arn + " does not exist (aws events list-connections shows them).");
}

}  // namespace

Result<ApiDestination> Destinations::require_api_destination(const std::string& name) {
  auto row = store_.get_resource(kApiDestinationKind, name);
  if (!row) return tl::unexpected(row.error());
  if (!*row) return tl::unexpected(not_found(name));
  return decode_api_destination(**row);
}

Result<ApiDestination> Destinations::create_api_destination(const ApiDestinationSpec& spec) {
  if (auto ok = check_api_destination(spec); !ok) return tl::unexpected(ok.error());
  const TimePoint now = clock_.now();
  ApiDestination destination;
  destination.spec = spec;
  destination.arn = api_destination_arn(config_, spec.name, new_uuid());
  destination.created_at = now;
  destination.modified_at = now;

  // The write transaction is held while the connection and the count are checked, so neither
  // can change before the commit.
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto existing = (*txn)->get_resource(kApiDestinationKind, spec.name);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) {
    return fail(ErrorCode::kResourceAlreadyExists,
                "API destination " + spec.name + " already exists.");
  }
  if (auto ok = require_connection_arn(**txn, config_, spec.connection_arn); !ok) {
    return tl::unexpected(ok.error());
  }
  auto count = count_resources(store_, kApiDestinationKind, kMaxApiDestinations);
  if (!count) return tl::unexpected(count.error());
  if (*count >= kMaxApiDestinations) {
    return fail(ErrorCode::kLimitExceeded,
                "The limit of " + std::to_string(kMaxApiDestinations) +
                    " API destinations is reached; delete API destinations that are no longer "
                    "used.");
  }
  if (auto ok = (*txn)->put_resource(encode_api_destination(destination)); !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  spdlog::info("destinations: API destination {} created ({} {})", destination.arn,
               spec.http_method, spec.invocation_endpoint);
  return destination;
}

Result<ApiDestination> Destinations::describe_api_destination(const std::string& name) {
  return require_api_destination(name);
}

Result<bus::Page<ApiDestination>> Destinations::list_api_destinations(
    const ListApiDestinationsRequest& request) {
  return list_page<ApiDestination>(
      store_, kApiDestinationKind, request.name_prefix, request.next_token, request.limit,
      [&](const store::ResourceRow& row) -> Result<std::optional<ApiDestination>> {
        auto destination = decode_api_destination(row);
        if (!destination) return tl::unexpected(destination.error());
        if (request.connection_arn && destination->spec.connection_arn != *request.connection_arn) {
          return std::nullopt;
        }
        return std::optional<ApiDestination>(std::move(*destination));
      },
      [](const ApiDestination& d) { return d.spec.name; });
}

Result<ApiDestination> Destinations::update_api_destination(const ApiDestinationUpdate& update) {
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto row = (*txn)->get_resource(kApiDestinationKind, update.name);
  if (!row) return tl::unexpected(row.error());
  if (!*row) return tl::unexpected(not_found(update.name));
  auto destination = decode_api_destination(**row);
  if (!destination) return tl::unexpected(destination.error());
  ApiDestinationSpec& spec = destination->spec;
  if (update.description) spec.description = *update.description;
  if (update.invocation_endpoint) spec.invocation_endpoint = *update.invocation_endpoint;
  if (update.http_method) spec.http_method = *update.http_method;
  if (update.invocation_rate_limit_per_second) {
    spec.invocation_rate_limit_per_second = *update.invocation_rate_limit_per_second;
  }
  if (update.connection_arn) {
    if (auto ok = require_connection_arn(**txn, config_, *update.connection_arn); !ok) {
      return tl::unexpected(ok.error());
    }
    spec.connection_arn = *update.connection_arn;
  }
  if (auto ok = check_api_destination(spec); !ok) return tl::unexpected(ok.error());
  destination->modified_at = clock_.now();
  if (auto ok = (*txn)->put_resource(encode_api_destination(*destination)); !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  spdlog::info("destinations: API destination {} updated", destination->arn);
  return destination;
}

Status Destinations::delete_api_destination(const std::string& name) {
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto deleted = (*txn)->delete_resource(kApiDestinationKind, name);
  if (!deleted) return tl::unexpected(deleted.error());
  if (!*deleted) return tl::unexpected(not_found(name));
  if (auto ok = (*txn)->commit(); !ok) return ok;
  spdlog::info("destinations: API destination {} deleted", name);
  return {};
}

Result<Invocation> Destinations::resolve(const std::string& api_destination_arn) {
  auto gone = [&api_destination_arn] {
    return fail(ErrorCode::kResourceNotFound,
                "API destination " + api_destination_arn +
                    " does not exist (aws events list-api-destinations shows them).");
  };
  auto name = name_in_arn(config_, api_destination_arn, "api-destination");
  if (!name) return gone();
  auto row = store_.get_resource(kApiDestinationKind, *name);
  if (!row) return tl::unexpected(row.error());
  if (!*row || (*row)->arn != api_destination_arn) return gone();
  auto destination = decode_api_destination(**row);
  if (!destination) return tl::unexpected(destination.error());

  const std::string& connection_arn = destination->spec.connection_arn;
  auto connection_name = name_in_arn(config_, connection_arn, "connection");
  auto connection_row = connection_name ? store_.get_resource(kConnectionKind, *connection_name)
                                        : Result<std::optional<store::ResourceRow>>(std::nullopt);
  if (!connection_row) return tl::unexpected(connection_row.error());
  if (!*connection_row || (*connection_row)->arn != connection_arn) {
    return fail(
        ErrorCode::kResourceNotFound,
        "The connection " + connection_arn + " of API destination " + *name + " does not exist.");
  }
  auto connection = decode_connection(**connection_row, master_, true);
  if (!connection) return tl::unexpected(connection.error());
  return Invocation{std::move(*destination), std::move(*connection)};
}

}  // namespace certflow::events::destinations
