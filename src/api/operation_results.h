// The small steps every operation table repeats: run an operation on a decoded input or pass the
// decoding error on, answer a bare success as {}, and write tags as AWS's [{Key, Value}] list.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "core/error.h"
#include "store/store.h"

namespace certflow::api {

template <typename T, typename F>
Result<nlohmann::json> with(Result<T> decoded, F&& body) {
  if (!decoded) return tl::unexpected(decoded.error());
  return body(*decoded);
}

inline Result<nlohmann::json> empty_or(Status status) {
  if (!status) return tl::unexpected(status.error());
  return nlohmann::json::object();
}

// Tags whose value is absent are written without a Value member, as ACM and Private CA do.
inline nlohmann::json tag_list(const std::vector<store::Tag>& tags) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& tag : tags) {
    nlohmann::json item = {{"Key", tag.key}};
    if (tag.value) item["Value"] = *tag.value;
    out.push_back(item);
  }
  return out;
}

}  // namespace certflow::api
