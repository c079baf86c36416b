#include "store_test_support.h"

#include <stdlib.h>

#include <filesystem>

namespace certflow::store::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/certflow-store-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string certificate_arn(const std::string& suffix) {
  return "arn:aws:acm:us-east-1:000000000000:certificate/" + suffix;
}

CertificateRow make_certificate(int i) {
  CertificateRow row;
  row.arn = certificate_arn("cert-" + std::to_string(i));
  row.type = "IMPORTED";
  row.status = "ISSUED";
  row.domain_name = "host" + std::to_string(i) + ".example.com";
  row.key_algorithm = "RSA_2048";
  row.key_usages = {"DIGITAL_SIGNATURE", "KEY_ENCIPHERMENT"};
  row.extended_key_usages = {"TLS_WEB_SERVER_AUTHENTICATION"};
  row.export_option = "";
  row.created_at_ms = 1'000'000 + i;
  row.not_before_ms = row.created_at_ms;
  row.not_after_ms = row.created_at_ms + 365LL * 24 * 3600 * 1000;
  row.imported_at_ms = row.created_at_ms;
  row.details_json = R"({"serial":")" + std::to_string(i) + R"("})";
  row.certificate_pem = "-----BEGIN CERTIFICATE-----\nMII" + std::to_string(i) + "\n";
  return row;
}

}  // namespace certflow::store::testing
