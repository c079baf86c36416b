#include "api/pca/pca_members.h"

#include <algorithm>
#include <string_view>

namespace certflow::api::privateca {

using nlohmann::json;

namespace {

constexpr const char* kArnPattern =
    "arn:[\\w+=/,.@-]+:acm-pca:[\\w+=/,.@-]*:[0-9]*:[\\w+=,.@-]+(/[\\w+=,.@-]+)*";
constexpr const char* kTokenPattern = "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]*";
constexpr const char* kCountryPattern = "[A-Za-z]{2}";
constexpr const char* kPrintablePattern = "[a-zA-Z0-9'()+-.?:/= ]*";
constexpr const char* kCnamePattern = "[-a-zA-Z0-9;/?:@&=+$,%_.!~*()']*";
constexpr const char* kBucketPattern = "[-a-zA-Z0-9._/]+";
constexpr const char* kCrlPathPattern =
    "[-a-zA-Z0-9;?:@&=+$,%_.!~*()']+(/[-a-zA-Z0-9;?:@&=+$,%_.!~*()']+)*";
constexpr const char* kOidPattern = "([0-2])\\.([0-9]|([0-3][0-9]))((\\.([0-9]+)){0,126})";

bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool digit(char c) { return c >= '0' && c <= '9'; }
bool word(char c) { return alpha(c) || digit(c) || c == '_'; }  // Java's \w
bool one_of(char c, std::string_view set) { return set.find(c) != std::string_view::npos; }

template <typename Rule>
bool all_of(std::string_view text, Rule rule) {
  return std::all_of(text.begin(), text.end(), rule);
}

// Non-empty pieces between '/', each of `rule`'s characters.
template <typename Rule>
bool segments_ok(std::string_view text, Rule rule) {
  while (true) {
    const size_t slash = text.find('/');
    const std::string_view piece = text.substr(0, slash);
    if (piece.empty() || !all_of(piece, rule)) return false;
    if (slash == std::string_view::npos) return true;
    text.remove_prefix(slash + 1);
  }
}

bool country_ok(std::string_view text) { return text.size() == 2 && all_of(text, alpha); }
// [a-zA-Z0-9'()+-.?:/= ]: the "+-." is a range, so ',' belongs too.
bool printable_ok(std::string_view text) {
  return all_of(text, [](char c) { return alpha(c) || digit(c) || one_of(c, "'()+,-.?:/= "); });
}
bool cname_char(char c) { return alpha(c) || digit(c) || one_of(c, "-;/?:@&=+$,%_.!~*()'"); }
bool cname_ok(std::string_view text) { return all_of(text, cname_char); }
bool bucket_ok(std::string_view text) {
  return !text.empty() &&
         all_of(text, [](char c) { return alpha(c) || digit(c) || one_of(c, "-._/"); });
}
bool crl_path_ok(std::string_view text) {
  return segments_ok(text, [](char c) { return c != '/' && cname_char(c); });
}

// ([0-2])\.([0-9]|([0-3][0-9]))((\.([0-9]+)){0,126})
bool oid_ok(std::string_view text) {
  std::vector<std::string_view> arcs;
  while (true) {
    const size_t dot = text.find('.');
    arcs.push_back(text.substr(0, dot));
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
  }
  if (arcs.size() < 2 || arcs.size() > 128) return false;
  if (arcs[0].size() != 1 || arcs[0][0] < '0' || arcs[0][0] > '2') return false;
  const std::string_view second = arcs[1];
  if (second.empty() || second.size() > 2 || !all_of(second, digit)) return false;
  if (second.size() == 2 && second[0] > '3') return false;
  for (size_t i = 2; i < arcs.size(); ++i) {
    if (arcs[i].empty() || !all_of(arcs[i], digit)) return false;
  }
  return true;
}

// Tab, LF, CR and U+0020..U+00FF, the last as UTF-8 (U+0080..U+00FF are C2 xx and C3 xx).
bool token_ok(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0x80)) continue;
    if ((c == 0xC2 || c == 0xC3) && i + 1 < text.size() &&
        (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
      ++i;
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace

std::string pattern_rule(const char* pattern) {
  return std::string("Member must satisfy regular expression pattern: ") + pattern;
}

bool arn_pattern_ok(std::string_view value) {
  auto field = [&value]() -> std::optional<std::string_view> {
    const size_t colon = value.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::string_view out = value.substr(0, colon);
    value.remove_prefix(colon + 1);
    return out;
  };
  auto arn_char = [](char c) { return word(c) || one_of(c, "+=/,.@-"); };
  auto prefix = field();
  auto partition = field();
  auto service = field();
  auto region = field();
  auto account = field();
  if (!account || *prefix != "arn" || partition->empty() || !all_of(*partition, arn_char) ||
      *service != "acm-pca" || !all_of(*region, arn_char) || !all_of(*account, digit)) {
    return false;
  }
  return segments_ok(value, [](char c) { return word(c) || one_of(c, "+=,.@-"); });
}

std::optional<std::string> patterned(JsonInput& input, const char* member, const StringRule& rule,
                                     PatternCheck check, const char* pattern, bool required) {
  auto value = input.string(member, rule, required);
  if (!value) return std::nullopt;
  if (!check(*value)) {
    input.reject(member, *value, pattern_rule(pattern));
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> arn_member(JsonInput& input, const char* member, bool required) {
  return patterned(input, member, {5, 200, {}}, arn_pattern_ok, kArnPattern, required);
}

bool require_present(JsonInput& input, const json& raw, const char* member) {
  auto it = raw.find(member);
  if (it != raw.end() && !it->is_null()) return true;
  // An absent member: the string reader records exactly the model's "must not be null".
  (void)input.string(member, {}, /*required=*/true);
  return false;
}

std::optional<bool> required_boolean(JsonInput& input, const json& raw, const char* member) {
  if (!require_present(input, raw, member)) return std::nullopt;
  return input.boolean(member);
}

const json& raw_member(const json& raw, const char* member) { return raw.at(member); }

std::optional<std::string> idempotency_token(JsonInput& input) {
  return patterned(input, "IdempotencyToken", {1, 36, {}}, token_ok, kTokenPattern);
}

pki::DistinguishedName subject_member(JsonInput& input, bool& custom_attributes) {
  pki::DistinguishedName name;
  auto text = [&input](const char* member, size_t max) {
    return input.string(member, {0, max, {}}).value_or("");
  };
  name.country = patterned(input, "Country", {2, 2, {}}, country_ok, kCountryPattern).value_or("");
  name.organization = text("Organization", 64);
  name.organizational_unit = text("OrganizationalUnit", 64);
  name.distinguished_name_qualifier =
      patterned(input, "DistinguishedNameQualifier", {0, 64, {}}, printable_ok, kPrintablePattern)
          .value_or("");
  name.state = text("State", 128);
  name.common_name = text("CommonName", 64);
  name.serial_number =
      patterned(input, "SerialNumber", {0, 64, {}}, printable_ok, kPrintablePattern).value_or("");
  name.locality = text("Locality", 128);
  name.title = text("Title", 64);
  name.surname = text("Surname", 40);
  name.given_name = text("GivenName", 16);
  name.initials = text("Initials", 5);
  name.pseudonym = text("Pseudonym", 128);
  name.generation_qualifier = text("GenerationQualifier", 3);
  if (auto attributes = input.structure_list("CustomAttributes", 1, 30)) {
    custom_attributes = true;
    for (auto& attribute : *attributes) {
      patterned(attribute, "ObjectIdentifier", {0, 64, {}}, oid_ok, kOidPattern, true);
      attribute.string("Value", {1, 256, {}}, true);
    }
  }
  return name;
}

std::optional<certflow::pca::RevocationConfiguration> revocation_member(JsonInput& input,
                                                                        const json& raw,
                                                                        bool& omit_extension) {
  auto revocation = input.structure("RevocationConfiguration");
  if (!revocation) return std::nullopt;
  const json& revocation_raw = raw_member(raw, "RevocationConfiguration");
  certflow::pca::RevocationConfiguration out;
  if (auto crl = revocation->structure("CrlConfiguration")) {
    const json& crl_raw = raw_member(revocation_raw, "CrlConfiguration");
    certflow::pca::CrlConfiguration config;
    config.enabled = required_boolean(*crl, crl_raw, "Enabled").value_or(false);
    if (auto days = crl->integer("ExpirationInDays", 1, 5000)) {
      config.expiration_in_days = static_cast<int>(*days);
    }
    config.custom_cname =
        patterned(*crl, "CustomCname", {0, 253, {}}, cname_ok, kCnamePattern).value_or("");
    config.s3_bucket_name =
        patterned(*crl, "S3BucketName", {3, 255, {}}, bucket_ok, kBucketPattern).value_or("");
    config.s3_object_acl =
        crl->string("S3ObjectAcl", {0, SIZE_MAX, {"PUBLIC_READ", "BUCKET_OWNER_FULL_CONTROL"}})
            .value_or("");
    if (auto point = crl->structure("CrlDistributionPointExtensionConfiguration")) {
      const json& point_raw = raw_member(crl_raw, "CrlDistributionPointExtensionConfiguration");
      omit_extension = required_boolean(*point, point_raw, "OmitExtension").value_or(false);
    }
    config.crl_type =
        crl->string("CrlType", {0, SIZE_MAX, {"COMPLETE", "PARTITIONED"}}).value_or("");
    config.custom_path =
        patterned(*crl, "CustomPath", {0, 253, {}}, crl_path_ok, kCrlPathPattern).value_or("");
    out.crl = config;
  }
  if (auto ocsp = revocation->structure("OcspConfiguration")) {
    const json& ocsp_raw = raw_member(revocation_raw, "OcspConfiguration");
    out.ocsp_enabled = required_boolean(*ocsp, ocsp_raw, "Enabled");
    out.ocsp_custom_cname =
        patterned(*ocsp, "OcspCustomCname", {0, 253, {}}, cname_ok, kCnamePattern).value_or("");
  }
  return out;
}

std::vector<store::Tag> tags_member(JsonInput& input, bool required) {
  std::vector<store::Tag> tags;
  auto items = input.structure_list("Tags", 1, 50, required);
  if (!items) return tags;
  for (auto& item : *items) {
    auto key = item.string("Key", {1, 128, {}}, true);
    auto value = item.string("Value", {0, 256, {}});
    if (key) tags.push_back(store::Tag{*key, value});
  }
  return tags;
}

}  // namespace certflow::api::privateca
