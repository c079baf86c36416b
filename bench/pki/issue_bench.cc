// Certificates issued per second through pki/issuance.h (docs/PERFORMANCE.md, issue 7's
// "Measure"): EC P-256 end-entity certificates signed SHA256WITHECDSA by a P-256 CA, and
// RSA-2048 ones signed SHA256WITHRSA by an RSA-2048 CA.
//   Issue/...     key generation + CSR + inspect_csr + sign_certificate per certificate (what
//                 ACM's RequestCertificate for a private certificate costs)
//   SignOnly/...  sign_certificate alone, the CSR prepared once (IssueCertificate's cost)
// Both are single-threaded; issue_bench.py sets them against `openssl speed` on the same
// machine in the same run.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "pki/issuance.h"

namespace {

using namespace certflow::pki;  // NOLINT: a benchmark of this one header

const certflow::TimePoint kNow{std::chrono::milliseconds(1803859200000)};  // 2027-03-01

struct Algorithms {
  const char* key;
  const char* signing;
};
constexpr Algorithms kEc{"EC_prime256v1", "SHA256WITHECDSA"};
constexpr Algorithms kRsa{"RSA_2048", "SHA256WITHRSA"};

template <typename T>
T must(certflow::Result<T> result, const char* what) {
  if (!result) {
    std::fprintf(stderr, "%s: %s\n", what, result.error().message.c_str());
    std::abort();
  }
  return std::move(*result);
}

DistinguishedName named(const std::string& common_name) {
  DistinguishedName name;
  name.country = "US";
  name.organization = "Example Corp";
  name.common_name = common_name;
  return name;
}

CsrInfo csr(const certflow::crypto::SecretBytes& key, const std::string& common_name,
            const std::vector<std::string>& dns_names, const Algorithms& algorithms) {
  std::string pem = must(build_csr(key, named(common_name), dns_names, algorithms.signing), "csr");
  return must(inspect_csr(pem), "inspect_csr");
}

SigningRequest request_for(const CsrInfo& info, TemplateChoice choice, const char* signing,
                           int days) {
  SigningRequest request;
  request.csr_der = info.der;
  request.template_choice = choice;
  request.signing_algorithm = signing;
  request.serial_hex = random_serial_hex();
  request.not_before = kNow - std::chrono::days(1);
  request.not_after = kNow + std::chrono::days(days);
  request.crl_url = "http://crl.example.com/sub.crl";
  return request;
}

// Root -> subordinate (the issuer), both of the benchmark's key algorithm.
Signer make_issuer(const Algorithms& algorithms) {
  auto root_key = must(generate_private_key(algorithms.key), "root key");
  Signer root{"", root_key};
  root.certificate_pem =
      must(sign_certificate(request_for(csr(root_key, "Bench Root CA", {}, algorithms),
                                        {Template::kRootCa, 0}, algorithms.signing, 3650),
                            root),
           "root certificate");
  auto sub_key = must(generate_private_key(algorithms.key), "subordinate key");
  Signer sub{"", sub_key};
  sub.certificate_pem =
      must(sign_certificate(request_for(csr(sub_key, "Bench Subordinate CA", {}, algorithms),
                                        {Template::kSubordinateCa, 0}, algorithms.signing, 1825),
                            root),
           "subordinate certificate");
  return sub;
}

const Signer& issuer(const Algorithms& algorithms) {
  static const Signer ec = make_issuer(kEc);
  static const Signer rsa = make_issuer(kRsa);
  return std::string_view(algorithms.key) == kEc.key ? ec : rsa;
}

void report(benchmark::State& state) {
  state.counters["issued_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void issue(benchmark::State& state, const Algorithms& algorithms) {
  const Signer& signer = issuer(algorithms);
  for (auto _ : state) {
    auto key = must(generate_private_key(algorithms.key), "key");
    CsrInfo info = csr(key, "www.example.com", {"www.example.com"}, algorithms);
    std::string cert =
        must(sign_certificate(request_for(info, {Template::kEndEntity, 0}, algorithms.signing, 365),
                              signer),
             "certificate");
    benchmark::DoNotOptimize(cert);
  }
  report(state);
}

void sign_only(benchmark::State& state, const Algorithms& algorithms) {
  const Signer& signer = issuer(algorithms);
  auto key = must(generate_private_key(algorithms.key), "key");
  CsrInfo info = csr(key, "www.example.com", {"www.example.com"}, algorithms);
  SigningRequest request = request_for(info, {Template::kEndEntity, 0}, algorithms.signing, 365);
  for (auto _ : state) {
    request.serial_hex = random_serial_hex();
    std::string cert = must(sign_certificate(request, signer), "certificate");
    benchmark::DoNotOptimize(cert);
  }
  report(state);
}

}  // namespace

BENCHMARK_CAPTURE(issue, ec_p256, kEc)->Unit(benchmark::kMicrosecond)->UseRealTime()->MinTime(2);
BENCHMARK_CAPTURE(issue, rsa_2048, kRsa)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3);
BENCHMARK_CAPTURE(sign_only, ec_p256, kEc)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime()
    ->MinTime(2);
BENCHMARK_CAPTURE(sign_only, rsa_2048, kRsa)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime()
    ->MinTime(2);

BENCHMARK_MAIN();
