// TagCertificateAuthority, UntagCertificateAuthority, ListTags: resource tags by CA ARN.
#include <algorithm>

#include "inventory/pca/ca_access.h"

namespace certflow::pca {

namespace {

constexpr size_t kMaxTags = 50;

Status check_tags(const std::vector<store::Tag>& tags) {
  if (tags.empty()) return fail(ErrorCode::kInvalidTag, "At least one tag must be given.");
  for (const auto& tag : tags) {
    if (auto ok = inventory::validate_tag(tag); !ok) return ok;
  }
  return {};
}

}  // namespace

Status CertificateAuthorities::tag(const std::string& ca_arn, const std::vector<store::Tag>& tags) {
  if (auto ok = check_tags(tags); !ok) return ok;
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto ca = load_live_ca(**txn, config_, ca_arn, clock_.now(), "it cannot be tagged");
  if (!ca) return tl::unexpected(ca.error());
  auto current = (*txn)->get_resource_tags(ca->arn);
  if (!current) return tl::unexpected(current.error());
  for (const auto& tag : tags) {
    auto it = std::find_if(current->begin(), current->end(),
                           [&](const store::Tag& t) { return t.key == tag.key; });
    if (it != current->end()) {
      it->value = tag.value;
    } else {
      current->push_back(tag);
    }
  }
  if (current->size() > kMaxTags) {
    return fail(ErrorCode::kTooManyTags,
                "A certificate authority can have at most 50 tags; adding these would make " +
                    std::to_string(current->size()) + ".");
  }
  if (auto ok = (*txn)->put_resource_tags(ca->arn, *current); !ok) return ok;
  return (*txn)->commit();
}

Status CertificateAuthorities::untag(const std::string& ca_arn,
                                     const std::vector<store::Tag>& tags) {
  if (auto ok = check_tags(tags); !ok) return ok;
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto ca = load_live_ca(**txn, config_, ca_arn, clock_.now(), "its tags cannot be changed");
  if (!ca) return tl::unexpected(ca.error());
  auto current = (*txn)->get_resource_tags(ca->arn);
  if (!current) return tl::unexpected(current.error());
  // A tag given without a value removes the key whatever its value; with a value, only a tag
  // whose value matches.
  auto removed = [&](const store::Tag& existing) {
    return std::any_of(tags.begin(), tags.end(), [&](const store::Tag& tag) {
      return tag.key == existing.key && (!tag.value || tag.value == existing.value);
    });
  };
  current->erase(std::remove_if(current->begin(), current->end(), removed), current->end());
  if (auto ok = (*txn)->put_resource_tags(ca->arn, *current); !ok) return ok;
  return (*txn)->commit();
}

Result<std::vector<store::Tag>> CertificateAuthorities::list_tags(const std::string& ca_arn) {
  auto ca = load_ca(store_, config_, ca_arn, clock_.now());
  if (!ca) return tl::unexpected(ca.error());
  return store_.get_resource_tags(ca->arn);
}

}  // namespace certflow::pca
