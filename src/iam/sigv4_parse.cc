// Parsing the Authorization header. Messages follow AWS's IncompleteSignature wording where
// it is known, and always end with the header as received, as AWS does, so a client author
// can see what the server saw.
#include <string>
#include <vector>

#include "iam/sigv4.h"
#include "iam/sigv4_internal.h"

namespace certflow::iam {
namespace {

constexpr std::string_view kWhitespace = " \t";

std::string_view trim(std::string_view text) {
  size_t first = text.find_first_not_of(kWhitespace);
  if (first == std::string_view::npos) return {};
  size_t last = text.find_last_not_of(kWhitespace);
  return text.substr(first, last - first + 1);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

bool is_date8(std::string_view text) {
  if (text.size() != 8) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

tl::unexpected<Error> incomplete(std::string message) {
  return fail(ErrorCode::kIncompleteSignature, std::move(message));
}

// "AKID/yyyymmdd/region/service/aws4_request" into `out`.
Status parse_credential(std::string_view credential, AuthorizationHeader& out) {
  std::vector<std::string_view> parts = split(credential, '/');
  bool any_empty = false;
  for (auto part : parts) any_empty = any_empty || part.empty();
  if (parts.size() != 5 || any_empty) {
    return incomplete(
        "Credential must have exactly 5 slash-delimited elements, e.g. "
        "keyid/date/region/service/term, got '" +
        std::string(credential) + "'");
  }
  if (parts[4] != internal::kTerminator) {
    return incomplete("Credential should be scoped with a valid terminator: 'aws4_request', not '" +
                      std::string(parts[4]) + "'.");
  }
  if (!is_date8(parts[1])) {
    return incomplete("Credential date must be in yyyyMMdd form, got '" + std::string(parts[1]) +
                      "'.");
  }
  out.access_key_id = parts[0];
  out.date = parts[1];
  out.region = parts[2];
  out.service = parts[3];
  return {};
}

Status parse_signed_headers(std::string_view list, AuthorizationHeader& out) {
  for (auto name : split(list, ';')) {
    if (name.empty()) {
      return incomplete("SignedHeaders must be a ';'-separated list of header names, got '" +
                        std::string(list) + "'.");
    }
    out.signed_headers.push_back(internal::lowercase(name));
  }
  return {};
}

}  // namespace

Result<AuthorizationHeader> parse_authorization(std::string_view value) {
  std::string_view text = trim(value);
  if (!text.starts_with(internal::kAlgorithm)) {
    return fail(ErrorCode::kMissingAuthenticationToken, "Missing Authentication Token");
  }
  std::string_view rest = text.substr(internal::kAlgorithm.size());
  if (!rest.empty() && kWhitespace.find(rest.front()) == std::string_view::npos) {
    size_t end = text.find_first_of(kWhitespace);
    return incomplete("Unsupported AWS 'algorithm': '" + std::string(text.substr(0, end)) + "'");
  }

  std::optional<std::string_view> credential, signed_headers, signature;
  for (auto raw : split(trim(rest), ',')) {
    std::string_view part = trim(raw);
    if (part.empty()) continue;
    size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      return incomplete("'" + std::string(part) +
                        "' not a valid key=value pair (missing equal-sign) in Authorization "
                        "header: '" +
                        std::string(text) + "'.");
    }
    std::string_view key = part.substr(0, eq);
    std::string_view val = part.substr(eq + 1);
    if (val.empty()) continue;  // an empty value counts as missing
    if (key == "Credential") credential = val;
    if (key == "SignedHeaders") signed_headers = val;
    if (key == "Signature") signature = val;
    // Other keys are ignored, as AWS does.
  }

  std::string missing;
  if (!credential) missing += "Authorization header requires 'Credential' parameter. ";
  if (!signed_headers) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (!signature) missing += "Authorization header requires 'Signature' parameter. ";
  if (!missing.empty()) return incomplete(missing + "Authorization=" + std::string(text));

  AuthorizationHeader out;
  if (auto status = parse_credential(*credential, out); !status) {
    return tl::unexpected(status.error());
  }
  if (auto status = parse_signed_headers(*signed_headers, out); !status) {
    return tl::unexpected(status.error());
  }
  out.signature = *signature;
  return out;
}

}  // namespace certflow::iam
