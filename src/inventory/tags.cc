// Tags on certificates: AddTagsToCertificate, RemoveTagsFromCertificate, ListTagsForCertificate.
#include <algorithm>
#include <cctype>

#include "inventory/inventory.h"

namespace certflow::inventory {

namespace {

// ACM's tag pattern [\p{L}\p{Z}\p{N}_.:\/=+\-@]*: ASCII letters, digits, space and _.:/=+-@;
// every non-ASCII code point is accepted as a letter (certflow does not carry Unicode tables).
bool valid_tag_text(const std::string& text) {
  for (unsigned char c : text) {
    if (c >= 0x80) continue;
    if (std::isalnum(c) || c == ' ' || c == '_' || c == '.' || c == ':' || c == '/' || c == '=' ||
        c == '+' || c == '-' || c == '@') {
      continue;
    }
    return false;
  }
  return true;
}

size_t utf8_length(const std::string& text) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

}  // namespace

Status validate_tag(const Tag& tag) {
  size_t key_length = utf8_length(tag.key);
  if (key_length < 1 || key_length > 128) {
    return fail(ErrorCode::kInvalidTag,
                "Tag key '" + tag.key + "' must be between 1 and 128 characters long.");
  }
  if (!valid_tag_text(tag.key)) {
    return fail(ErrorCode::kInvalidTag,
                "Tag key '" + tag.key +
                    "' contains characters that are not allowed; use letters, digits, spaces "
                    "and _ . : / = + - @.");
  }
  if (tag.key.rfind("aws:", 0) == 0) {
    return fail(ErrorCode::kInvalidTag,
                "Tag key '" + tag.key + "' uses the reserved prefix 'aws:'.");
  }
  if (tag.value) {
    if (utf8_length(*tag.value) > 256) {
      return fail(ErrorCode::kInvalidTag,
                  "The value of tag '" + tag.key + "' must be at most 256 characters long.");
    }
    if (!valid_tag_text(*tag.value)) {
      return fail(ErrorCode::kInvalidTag,
                  "The value of tag '" + tag.key +
                      "' contains characters that are not allowed; use letters, digits, spaces "
                      "and _ . : / = + - @.");
    }
  }
  return {};
}

Status Inventory::update_tags(const std::string& arn, const std::vector<Tag>& tags,
                              const std::function<Status(std::vector<Tag>&)>& change) {
  if (auto ok = check_arn(arn); !ok) return tl::unexpected(ok.error());
  for (const auto& tag : tags) {
    if (auto ok = validate_tag(tag); !ok) return ok;
  }
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  if (auto row = require_certificate(**txn, arn); !row) return tl::unexpected(row.error());
  auto current = (*txn)->get_tags(arn);
  if (!current) return tl::unexpected(current.error());
  if (auto ok = change(*current); !ok) return ok;
  if (auto ok = (*txn)->put_tags(arn, *current); !ok) return ok;
  return (*txn)->commit();
}

Status Inventory::add_tags(const std::string& arn, const std::vector<Tag>& tags) {
  return update_tags(arn, tags, [&](std::vector<Tag>& current) -> Status {
    for (const auto& tag : tags) {
      auto same_key = [&](const Tag& t) { return t.key == tag.key; };
      auto it = std::find_if(current.begin(), current.end(), same_key);
      if (it != current.end()) {
        it->value = tag.value;
      } else {
        current.push_back(tag);
      }
    }
    if (current.size() > kMaxTagsPerCertificate) {
      return fail(ErrorCode::kTooManyTags,
                  "A certificate can have at most 50 tags; adding these would make " +
                      std::to_string(current.size()) + ".");
    }
    return {};
  });
}

Status Inventory::remove_tags(const std::string& arn, const std::vector<Tag>& tags) {
  return update_tags(arn, tags, [&](std::vector<Tag>& current) -> Status {
    // A tag given without a value removes the key whatever its value; with a value, only a
    // tag whose value matches.
    auto removed = [&](const Tag& existing) {
      return std::any_of(tags.begin(), tags.end(), [&](const Tag& tag) {
        return tag.key == existing.key && (!tag.value || tag.value == existing.value);
      });
    };
    current.erase(std::remove_if(current.begin(), current.end(), removed), current.end());
    return {};
  });
}

Result<std::vector<Tag>> Inventory::list_tags(const std::string& arn) {
  if (auto row = read_certificate(arn); !row) return tl::unexpected(row.error());
  return store_.get_tags(arn);
}

}  // namespace certflow::inventory
