// Certificate serial numbers as hex text.
#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <stdexcept>

#include "pki/issuance.h"

namespace certflow::pki {

namespace {

constexpr char kHex[] = "0123456789abcdef";

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

}  // namespace

std::string random_serial_hex() {
  std::array<unsigned char, 16> bytes{};
  // A clear high bit keeps the serial positive without a sign byte; a non-zero first byte
  // keeps it exactly 16 bytes (32 hex characters) long. Redrawing keeps the rest uniform.
  do {
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
      throw std::runtime_error("RAND_bytes failed");
    }
    bytes[0] &= 0x7f;
  } while (bytes[0] == 0);
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0x0f];
  }
  return out;
}

std::optional<std::string> normalize_serial_hex(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::string digits;
  if (text.find(':') != std::string_view::npos) {
    // "4c:1f:0a": each group one byte, written with one or two digits.
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find(':', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view group = text.substr(start, end - start);
      if (group.empty() || group.size() > 2) return std::nullopt;
      if (group.size() == 1) digits += '0';
      digits += group;
      start = end + 1;
    }
  } else {
    if (text.size() % 2 == 1) digits += '0';
    digits += text;
  }
  for (char& c : digits) {
    if (!is_hex(c)) return std::nullopt;
    c = lower(c);
  }
  size_t zeros = 0;
  while (zeros + 2 < digits.size() && digits[zeros] == '0' && digits[zeros + 1] == '0') zeros += 2;
  return digits.substr(zeros);
}

}  // namespace certflow::pki
