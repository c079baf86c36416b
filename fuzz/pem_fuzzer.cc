// Feeds arbitrary bytes to the certificate parser and to ImportCertificate's validation.
// The input is split into certificate, private key and chain at the first two occurrences of
// a separator line, so a corpus of real PEM files mutates into realistic requests.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pki/certificate.h"

namespace {

constexpr std::string_view kSeparator = "\n==certflow==\n";

std::string_view next_part(std::string_view& rest) {
  size_t at = rest.find(kSeparator);
  std::string_view part = rest.substr(0, at);
  rest = at == std::string_view::npos ? std::string_view() : rest.substr(at + kSeparator.size());
  return part;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)certflow::pki::inspect_certificate(input);

  std::string_view rest = input;
  std::string_view certificate = next_part(rest);
  std::string_view private_key = next_part(rest);
  std::string_view chain = rest;
  certflow::TimePoint now{std::chrono::milliseconds(1803859200000)};  // 2027-03-01
  auto result = certflow::pki::validate_import(certificate, private_key, chain, now);
  if (result) {
    // What validation returns must itself be valid input.
    (void)certflow::pki::inspect_certificate(result->certificate_pem);
  }
  return 0;
}
