// A small CA hierarchy built through pki/issuance.h itself, plus what the issuance tests need
// to hand its output to the openssl command line: a temporary directory and a command runner.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "crypto/secret.h"
#include "pki/issuance.h"
#include "pki/openssl_handles.h"

namespace certflow::pki::testing {

// A CA: its key and certificate as issuance.h passes them around.
struct TestCa {
  std::string key_algorithm;
  std::string signing_algorithm;
  Signer signer;
};

DistinguishedName name_with_cn(const std::string& common_name);

// The key's own CSR, as inspect_csr returns it. Fails the test (ADD_FAILURE) on error.
CsrInfo csr_for(const crypto::SecretBytes& key, const DistinguishedName& subject,
                const std::vector<std::string>& dns_names, const std::string& signing_algorithm);

// Root: valid test_now()-365d .. +3650d. Subordinate (path length 0 unless told): -30d .. +1825d.
TestCa make_root(const std::string& key_algorithm, const std::string& signing_algorithm,
                 const std::string& common_name = "Test Root CA");
TestCa make_subordinate(const TestCa& parent, const std::string& key_algorithm,
                        const std::string& signing_algorithm, int path_length = 0,
                        const std::string& common_name = "Test Subordinate CA");

// A request for an end-entity certificate valid -1d .. +365d, serial 0a1b2c.
SigningRequest leaf_request(const CsrInfo& csr, const std::string& signing_algorithm);

X509Ptr parse_certificate(const std::string& pem);

// The extension as OpenSSL decodes it (the caller frees it with the matching _free).
void* decoded_extension(X509& cert, int nid, int* critical);

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};
CommandResult run_command(const std::string& command);

// "-attime <epoch seconds>" for openssl verify, so the CLI checks the test's fixed time.
std::string attime_option();

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  // Writes `content` to <dir>/<name> and returns the path.
  std::string write(const std::string& name, std::string_view content) const;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace certflow::pki::testing
