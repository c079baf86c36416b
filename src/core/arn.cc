#include "core/arn.h"

#include <cctype>
#include <vector>

namespace certflow {

namespace {

// [\w+=/,.@-] with or without '/'.
bool is_arn_char(char c, bool allow_slash) {
  unsigned char u = static_cast<unsigned char>(c);
  if (std::isalnum(u) || c == '_' || c == '+' || c == '=' || c == ',' || c == '.' || c == '@' ||
      c == '-') {
    return true;
  }
  return allow_slash && c == '/';
}

bool all_of(const std::string& s, bool allow_slash) {
  for (char c : s) {
    if (!is_arn_char(c, allow_slash)) return false;
  }
  return true;
}

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

Error invalid(const std::string& text, const std::string& why) {
  return Error{ErrorCode::kInvalidArn, "The ARN \"" + text + "\" is not valid: " + why};
}

}  // namespace

std::string Arn::str() const {
  return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
}

Result<Arn> parse_arn(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    size_t colon = text.find(':', start);
    if (colon == std::string::npos) {
      return tl::unexpected(
          invalid(text, "expected arn:partition:service:region:account:resource"));
    }
    parts.push_back(text.substr(start, colon - start));
    start = colon + 1;
  }
  parts.push_back(text.substr(start));
  if (parts[0] != "arn") return tl::unexpected(invalid(text, "it must start with \"arn:\""));
  if (parts[1].empty() || parts[2].empty() || parts[5].empty()) {
    return tl::unexpected(invalid(text, "partition, service and resource must not be empty"));
  }
  return Arn{parts[1], parts[2], parts[3], parts[4], parts[5]};
}

Result<Arn> parse_acm_certificate_arn(const std::string& text) {
  if (text.size() < 20 || text.size() > 2048) {
    return tl::unexpected(invalid(text, "its length must be between 20 and 2048 characters"));
  }
  auto arn = parse_arn(text);
  if (!arn) return arn;
  if (!all_of(arn->partition, true) || !all_of(arn->region, true)) {
    return tl::unexpected(invalid(text, "the partition or region holds characters not allowed"));
  }
  if (arn->service != "acm") {
    return tl::unexpected(invalid(text, "the service must be \"acm\""));
  }
  if (!all_digits(arn->account)) {
    return tl::unexpected(invalid(text, "the account id must be digits"));
  }
  // [\w+=,.@-]+(/[\w+=,.@-]+)*
  const std::string& r = arn->resource;
  if (r.front() == '/' || r.back() == '/' || r.find("//") != std::string::npos ||
      !all_of(r, true)) {
    return tl::unexpected(invalid(text, "the resource part is malformed"));
  }
  return arn;
}

std::string acm_certificate_arn(const std::string& region, const std::string& account,
                                const std::string& id) {
  return "arn:aws:acm:" + region + ":" + account + ":certificate/" + id;
}

}  // namespace certflow
