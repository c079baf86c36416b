// Canonicalization shared by verify and sign. Follows the AWS doc "Create a canonical request"
// and, where the doc leaves room, what botocore does, since that is what real clients sign.
#include <algorithm>
#include <utility>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "iam/sigv4.h"
#include "iam/sigv4_internal.h"

namespace certflow::iam {
namespace internal {
namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Query components arrive form-encoded; a malformed escape is kept literally (it will be
// re-encoded as %25..), matching Python's unquote_plus, which the reference verifier uses.
std::string form_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
               hex_digit(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// RFC 3986 §5.2.4 plus the AWS rule that empty segments ("//") are dropped.
std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> kept;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
    } else if (!segment.empty() && segment != ".") {
      kept.push_back(segment);
    }
    start = end + 1;
  }
  std::string out = path.front() == '/' ? "/" : "";
  for (size_t i = 0; i < kept.size(); ++i) {
    if (i > 0) out.push_back('/');
    out.append(kept[i]);
  }
  if (path.back() == '/' && !kept.empty()) out.push_back('/');
  return out.empty() ? "/" : out;
}

}  // namespace

std::string uri_encode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || (keep_slash && c == '/')) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

std::string canonical_uri(std::string_view wire_path) {
  if (wire_path.empty()) return "/";
  return uri_encode(remove_dot_segments(wire_path), /*keep_slash=*/true);
}

std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string_view name = pair.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
      pairs.emplace_back(uri_encode(form_decode(name), false),
                         uri_encode(form_decode(value), false));
    }
    start = end + 1;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out.push_back('&');
    out.append(name).append("=").append(value);
  }
  return out;
}

std::string canonical_header_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool pending_space = false;
  for (char c : value) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

std::optional<std::string> header_value(const HttpRequestView& request, std::string_view name) {
  std::optional<std::string> joined;
  for (const auto& [header, value] : request.headers) {
    if (!equals_ignore_case(header, name)) continue;
    if (joined) {
      joined->push_back(',');
    } else {
      joined.emplace();
    }
    joined->append(canonical_header_value(value));
  }
  return joined;
}

std::string credential_scope(std::string_view date, std::string_view region,
                             std::string_view service) {
  std::string scope;
  scope.append(date).append("/").append(region).append("/").append(service).append("/");
  scope.append(kTerminator);
  return scope;
}

std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                           std::string_view canonical_request) {
  std::string sts(kAlgorithm);
  sts.append("\n").append(amz_date).append("\n").append(scope).append("\n");
  sts.append(crypto::sha256_hex(canonical_request));
  return sts;
}

std::string signature_hex(std::string_view secret, std::string_view date, std::string_view region,
                          std::string_view service, std::string_view string_to_sign) {
  crypto::SecretBytes key(derive_signing_key(secret, date, region, service));
  return crypto::hex_encode(crypto::hmac_sha256(key.view(), string_to_sign));
}

}  // namespace internal

std::string canonical_request(const HttpRequestView& request,
                              const std::vector<std::string>& signed_headers,
                              std::string_view payload_hash_hex) {
  std::string out(request.method);
  out.append("\n").append(internal::canonical_uri(request.path));
  out.append("\n").append(internal::canonical_query(request.query)).append("\n");
  std::string names;
  for (const auto& name : signed_headers) {
    out.append(name).append(":");
    out.append(internal::header_value(request, name).value_or("")).append("\n");
    if (!names.empty()) names.push_back(';');
    names.append(name);
  }
  out.append("\n").append(names).append("\n").append(payload_hash_hex);
  return out;
}

std::string derive_signing_key(std::string_view secret, std::string_view date,
                               std::string_view region, std::string_view service) {
  // Intermediate keys are as sensitive as the secret itself, so they live in SecretBytes.
  crypto::SecretBytes key(std::string("AWS4").append(secret));
  for (std::string_view part : {date, region, service, internal::kTerminator}) {
    key = crypto::SecretBytes(crypto::hmac_sha256(key.view(), part));
  }
  return std::string(key.view());
}

}  // namespace certflow::iam
