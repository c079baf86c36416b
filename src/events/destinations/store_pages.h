// Reading many connections or API destinations from the store: counts for the quotas, the API
// destinations that use a connection, and one page of a list. Private to the destinations room.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "events/destinations/destinations.h"
#include "events/destinations/rules.h"

namespace certflow::events::destinations {

// How many resources of the kind exist, counting no further than `up_to`.
Result<size_t> count_resources(store::Store& store, const std::string& kind, size_t up_to);
// The names of the API destinations whose ConnectionArn is `connection_arn`, in name order.
Result<std::vector<std::string>> api_destinations_using(store::Store& store,
                                                        const std::string& connection_arn);

// One page of the resources of `kind` whose names start with `prefix` (exactly: the store's
// prefix match ignores case), after the token's name. `convert` turns a row into an item, or
// nullopt to leave the row out (a filter); `key` gives an item's name.
template <typename T, typename Convert, typename Key>
Result<bus::Page<T>> list_page(store::Store& store, const std::string& kind,
                               const std::string& prefix,
                               const std::optional<std::string>& next_token, size_t limit,
                               Convert convert, Key key) {
  constexpr size_t kBatch = 200;
  std::optional<std::string> after;
  if (next_token) {
    auto parsed = parse_page_token(kind, *next_token);
    if (!parsed) return tl::unexpected(parsed.error());
    after = std::move(*parsed);
  }
  bus::Page<T> page;
  for (;;) {
    auto rows = store.list_resources(store::ResourceListRequest{kind, prefix, after, kBatch});
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& row : *rows) {
      if (row.name.rfind(prefix, 0) != 0) continue;
      Result<std::optional<T>> item = convert(row);
      if (!item) return tl::unexpected(item.error());
      if (!*item) continue;
      if (page.items.size() == limit) {
        page.next_token = page_token(kind, key(page.items.back()));
        return page;
      }
      page.items.push_back(std::move(**item));
    }
    if (rows->size() < kBatch) return page;
    after = rows->back().name;
  }
}

}  // namespace certflow::events::destinations
