// Fuzzes the SigV4 parsers with outside input. Input layout (lines split on '\n'):
//   line 1: "METHOD path?query"; following lines: "Name: value" headers; an empty line; body.
// Besides looking for crashes, it checks one property: a request signed by sign_request
// verifies, whatever its (well-formed) headers, path, query and body.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "iam/sigv4.h"

namespace {

using certflow::TimePoint;
using namespace certflow::iam;

constexpr char kAccessKey[] = "AKIDEXAMPLE";
constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

class OneKey : public CredentialResolver {
 public:
  std::optional<certflow::crypto::SecretBytes> secret_for(const std::string& id) override {
    if (id != kAccessKey) return std::nullopt;
    return certflow::crypto::SecretBytes(kSecret);
  }
};

struct Parsed {
  std::string method, path, query, body;
  std::vector<std::pair<std::string, std::string>> headers;
};

Parsed parse_input(std::string_view in) {
  Parsed p;
  size_t eol = in.find('\n');
  std::string_view first = in.substr(0, eol);
  size_t space = first.find(' ');
  p.method = first.substr(0, space);
  std::string_view target = space == std::string_view::npos ? "" : first.substr(space + 1);
  size_t q = target.find('?');
  p.path = target.substr(0, q);
  if (q != std::string_view::npos) p.query = target.substr(q + 1);
  in = eol == std::string_view::npos ? "" : in.substr(eol + 1);
  while (!in.empty()) {
    eol = in.find('\n');
    std::string_view line = in.substr(0, eol);
    in = eol == std::string_view::npos ? "" : in.substr(eol + 1);
    if (line.empty()) break;
    size_t colon = line.find(':');
    p.headers.emplace_back(line.substr(0, colon),
                           colon == std::string_view::npos ? "" : line.substr(colon + 1));
  }
  p.body = in;
  return p;
}

// Header names the Authorization syntax can carry: tokens without ';', ',', '=' or spaces.
bool signable(const Parsed& p) {
  bool has_host = false;
  for (const auto& [name, value] : p.headers) {
    if (name.empty()) return false;
    for (char c : name) {
      bool token =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      if (!token) return false;
    }
    std::string lower;
    for (char c : name) lower.push_back(static_cast<char>(c | 0x20));
    // A stated payload hash is checked against the body; random values rightly fail.
    if (lower == "x-amz-content-sha256") return false;
    has_host = has_host || lower == "host";
  }
  return has_host;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  TimePoint now;
  certflow::parse_amz_date("20261127T181516Z", now);

  (void)parse_authorization(in);

  Parsed p = parse_input(in);
  OneKey key;
  HttpRequestView view{p.method, p.path, p.query, p.headers, p.body};
  (void)verify_request(view, key, now);

  if (signable(p)) {
    auto headers = p.headers;
    sign_request(p.method, p.path, p.query, headers, p.body,
                 {kAccessKey, certflow::crypto::SecretBytes(kSecret), "us-east-1", "acm"}, now);
    HttpRequestView signed_view{p.method, p.path, p.query, headers, p.body};
    auto verified = verify_request(signed_view, key, now);
    if (!verified) __builtin_trap();
  }
  return 0;
}
