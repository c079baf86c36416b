#include "events/destinations/store_pages.h"

#include "events/destinations/resource_records.h"

namespace certflow::events::destinations {

Result<size_t> count_resources(store::Store& store, const std::string& kind, size_t up_to) {
  auto rows = store.list_resources(store::ResourceListRequest{kind, "", std::nullopt, up_to});
  if (!rows) return tl::unexpected(rows.error());
  return rows->size();
}

Result<std::vector<std::string>> api_destinations_using(store::Store& store,
                                                        const std::string& connection_arn) {
  auto page = list_page<ApiDestination>(
      store, kApiDestinationKind, "", std::nullopt, kMaxApiDestinations,
      [&](const store::ResourceRow& row) -> Result<std::optional<ApiDestination>> {
        auto destination = decode_api_destination(row);
        if (!destination) return tl::unexpected(destination.error());
        if (destination->spec.connection_arn != connection_arn) return std::nullopt;
        return std::optional<ApiDestination>(std::move(*destination));
      },
      [](const ApiDestination& d) { return d.spec.name; });
  if (!page) return tl::unexpected(page.error());
  std::vector<std::string> names;
  for (const auto& destination : page->items) names.push_back(destination.spec.name);
  return names;
}

}  // namespace certflow::events::destinations
