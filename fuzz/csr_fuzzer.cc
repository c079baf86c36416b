// Feeds arbitrary bytes to inspect_csr, as IssueCertificate's Csr parameter arrives. What it
// accepts must survive its own round trip (its DER inspects to the same result) and must sign:
// a checked CSR may still be refused (kInvalidArgs), but never fail inside OpenSSL (kInternal).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pki/issuance.h"

namespace {

using certflow::pki::Signer;
using certflow::pki::SigningRequest;
using certflow::pki::Template;

const certflow::TimePoint kNow{std::chrono::milliseconds(1803859200000)};  // 2027-03-01

Signer make_root() {
  auto key = certflow::pki::generate_private_key("EC_prime256v1");
  if (!key) std::abort();
  certflow::pki::DistinguishedName name;
  name.common_name = "Fuzz Root CA";
  auto csr = certflow::pki::build_csr(*key, name, {}, "SHA256WITHECDSA");
  if (!csr) std::abort();
  auto info = certflow::pki::inspect_csr(*csr);
  if (!info) std::abort();
  SigningRequest request;
  request.csr_der = info->der;
  request.template_choice = {Template::kRootCa, 0};
  request.signing_algorithm = "SHA256WITHECDSA";
  request.serial_hex = "01";
  request.not_before = kNow - std::chrono::days(1);
  request.not_after = kNow + std::chrono::days(3650);
  Signer root{"", *key};
  auto cert = certflow::pki::sign_certificate(request, root);
  if (!cert) std::abort();
  root.certificate_pem = *cert;
  return root;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Signer root = make_root();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto info = certflow::pki::inspect_csr(input);
  if (!info) {
    if (info.error().code != certflow::ErrorCode::kMalformedCsr) std::abort();
    return 0;
  }
  auto again = certflow::pki::inspect_csr(info->der);
  if (!again || again->der != info->der || again->subject != info->subject ||
      again->key_algorithm != info->key_algorithm || again->dns_names != info->dns_names) {
    std::abort();
  }
  SigningRequest request;
  request.csr_der = info->der;
  request.template_choice = {Template::kEndEntity, 0};
  request.signing_algorithm = "SHA256WITHECDSA";
  request.serial_hex = "0a1b2c";
  request.not_before = kNow;
  request.not_after = kNow + std::chrono::days(30);
  auto cert = certflow::pki::sign_certificate(request, root);
  if (!cert && cert.error().code == certflow::ErrorCode::kInternal) std::abort();
  return 0;
}
