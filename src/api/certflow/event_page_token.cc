#include "api/certflow/event_page_token.h"

#include <charconv>
#include <string_view>

#include "crypto/encoding.h"

namespace certflow::api::native {
namespace {
// A prefix so that a token of another API (ListCertificates') is refused, not misread.
constexpr std::string_view kPrefix = "certflow-events-after:";
}  // namespace

std::string event_page_token(int64_t last_sequence) {
  return crypto::base64_encode(std::string(kPrefix) + std::to_string(last_sequence));
}

std::optional<int64_t> parse_event_page_token(const std::string& token) {
  auto text = crypto::base64_decode(token);
  if (!text || text->rfind(kPrefix, 0) != 0) return std::nullopt;
  const std::string_view digits = std::string_view(*text).substr(kPrefix.size());
  int64_t sequence = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), sequence);
  if (error != std::errc() || end != digits.data() + digits.size() || sequence < 0) {
    return std::nullopt;
  }
  return sequence;
}

}  // namespace certflow::api::native
