#include "issuance_fixture.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>

#include "test_pki.h"

namespace certflow::pki::testing {

DistinguishedName name_with_cn(const std::string& common_name) {
  DistinguishedName name;
  name.country = "US";
  name.organization = "Example Corp";
  name.common_name = common_name;
  return name;
}

CsrInfo csr_for(const crypto::SecretBytes& key, const DistinguishedName& subject,
                const std::vector<std::string>& dns_names, const std::string& signing_algorithm) {
  auto pem = build_csr(key, subject, dns_names, signing_algorithm);
  if (!pem) {
    ADD_FAILURE() << "build_csr: " << pem.error().message;
    return {};
  }
  auto info = inspect_csr(*pem);
  if (!info) {
    ADD_FAILURE() << "inspect_csr: " << info.error().message;
    return {};
  }
  return *info;
}

namespace {

crypto::SecretBytes new_key(const std::string& key_algorithm) {
  auto key = generate_private_key(key_algorithm);
  if (!key) ADD_FAILURE() << "generate_private_key: " << key.error().message;
  return key ? *key : crypto::SecretBytes();
}

}  // namespace

TestCa make_root(const std::string& key_algorithm, const std::string& signing_algorithm,
                 const std::string& common_name) {
  TestCa ca{key_algorithm, signing_algorithm, {}};
  ca.signer.private_key_pem = new_key(key_algorithm);
  CsrInfo csr =
      csr_for(ca.signer.private_key_pem, name_with_cn(common_name), {}, signing_algorithm);
  SigningRequest request;
  request.csr_der = csr.der;
  request.template_choice = {Template::kRootCa, 0};
  request.signing_algorithm = signing_algorithm;
  request.serial_hex = "01";
  request.not_before = days_from_now(-365);
  request.not_after = days_from_now(3650);
  auto cert = sign_certificate(request, ca.signer);
  if (!cert) ADD_FAILURE() << "root: " << cert.error().message;
  ca.signer.certificate_pem = cert.value_or("");
  return ca;
}

TestCa make_subordinate(const TestCa& parent, const std::string& key_algorithm,
                        const std::string& signing_algorithm, int path_length,
                        const std::string& common_name) {
  TestCa ca{key_algorithm, signing_algorithm, {}};
  ca.signer.private_key_pem = new_key(key_algorithm);
  CsrInfo csr =
      csr_for(ca.signer.private_key_pem, name_with_cn(common_name), {}, signing_algorithm);
  SigningRequest request;
  request.csr_der = csr.der;
  request.template_choice = {Template::kSubordinateCa, path_length};
  request.signing_algorithm = parent.signing_algorithm;
  request.serial_hex = "1001";
  request.not_before = days_from_now(-30);
  request.not_after = days_from_now(1825);
  request.crl_url = "http://crl.example.com/root.crl";
  auto cert = sign_certificate(request, parent.signer);
  if (!cert) ADD_FAILURE() << "subordinate: " << cert.error().message;
  ca.signer.certificate_pem = cert.value_or("");
  return ca;
}

SigningRequest leaf_request(const CsrInfo& csr, const std::string& signing_algorithm) {
  SigningRequest request;
  request.csr_der = csr.der;
  request.template_choice = {Template::kEndEntity, 0};
  request.signing_algorithm = signing_algorithm;
  request.serial_hex = "0a1b2c";
  request.not_before = days_from_now(-1);
  request.not_after = days_from_now(365);
  return request;
}

X509Ptr parse_certificate(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return X509Ptr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

void* decoded_extension(X509& cert, int nid, int* critical) {
  return X509_get_ext_d2i(&cert, nid, critical, nullptr);
}

CommandResult run_command(const std::string& command) {
  CommandResult result;
  std::string full = command + " 2>&1";
  FILE* pipe = popen(full.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.output.append(buffer.data(), n);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string attime_option() {
  auto seconds = std::chrono::floor<std::chrono::seconds>(test_now()).time_since_epoch().count();
  return "-attime " + std::to_string(seconds);
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "certflow-pki-XXXXXX").string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = buffer.data();
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(const std::string& name, std::string_view content) const {
  std::filesystem::path file = path_ / name;
  std::ofstream out(file, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  return file.string();
}

}  // namespace certflow::pki::testing
