// Every request the real aws CLI (v1, v2) and boto3 (1.26, 1.43) sent to the capture server
// must verify, must stop verifying when any signed part changes, and must be reproduced
// byte for byte by sign_request.
#include <gtest/gtest.h>

#include <cctype>
#include <map>

#include "crypto/hash.h"
#include "iam/captures.h"
#include "iam/sigv4.h"

namespace certflow::iam {
namespace {

using testing::Capture;

constexpr char kAccessKey[] = "AKIDEXAMPLE";
constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

class FixedCredentials : public CredentialResolver {
 public:
  std::optional<crypto::SecretBytes> secret_for(const std::string& id) override {
    if (id != kAccessKey) return std::nullopt;
    return crypto::SecretBytes(kSecret);
  }
};

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

HttpRequestView view_of(const Capture& c) {
  return HttpRequestView{c.method, c.path, c.query, c.headers, c.body};
}

TimePoint sent_at(const Capture& c) {
  TimePoint t;
  EXPECT_TRUE(parse_amz_date(c.header("X-Amz-Date"), t));
  return t;
}

Result<VerifiedIdentity> verify(const HttpRequestView& request, TimePoint now) {
  FixedCredentials credentials;
  return verify_request(request, credentials, now);
}

const std::vector<Capture>& captures() {
  static const std::vector<Capture> all = testing::load_captures();
  return all;
}

TEST(CaptureFile, HoldsAllThirtyThreeRequests) { EXPECT_EQ(captures().size(), 33u); }

class CapturedRequest : public ::testing::TestWithParam<Capture> {};

TEST_P(CapturedRequest, CanonicalRequestMatchesTheCaptureServers) {
  const Capture& c = GetParam();
  auto auth = parse_authorization(c.header("Authorization"));
  ASSERT_TRUE(auth) << auth.error().message;
  EXPECT_EQ(canonical_request(view_of(c), auth->signed_headers, crypto::sha256_hex(c.body)),
            c.canonical_request);
}

TEST_P(CapturedRequest, VerifiesAsSent) {
  const Capture& c = GetParam();
  auto identity = verify(view_of(c), sent_at(c));
  ASSERT_TRUE(identity) << identity.error().message;
  EXPECT_EQ(identity->access_key_id, kAccessKey);
  EXPECT_EQ(identity->region, "us-east-1");
  auto auth = parse_authorization(c.header("Authorization"));
  ASSERT_TRUE(auth);
  EXPECT_EQ(identity->service, auth->service);
}

TEST_P(CapturedRequest, FailsWhenOneBodyByteChanges) {
  Capture c = GetParam();
  ASSERT_FALSE(c.body.empty());
  c.body[c.body.size() / 2] ^= 0x01;
  auto result = verify(view_of(c), sent_at(c));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidSignature);
}

TEST_P(CapturedRequest, FailsWhenASignedHeaderValueChanges) {
  Capture c = GetParam();
  for (const char* name : {"host", "content-type"}) {
    Capture tampered = c;
    for (auto& [k, v] : tampered.headers) {
      if (lower(k) == name) v += "x";
    }
    auto result = verify(view_of(tampered), sent_at(tampered));
    ASSERT_FALSE(result) << name;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidSignature) << name;
  }
}

TEST_P(CapturedRequest, FailsWhenTheSignatureChanges) {
  Capture c = GetParam();
  for (auto& [k, v] : c.headers) {
    if (k == "Authorization") v.back() = v.back() == '0' ? '1' : '0';
  }
  auto result = verify(view_of(c), sent_at(c));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidSignature);
  EXPECT_EQ(result.error().message,
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.");
}

TEST_P(CapturedRequest, SignRequestReproducesTheClientsAuthorization) {
  const Capture& c = GetParam();
  auto auth = parse_authorization(c.header("Authorization"));
  ASSERT_TRUE(auth);
  // The headers botocore signed, in the order it sent them, minus the date sign_request adds.
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& [k, v] : c.headers) {
    std::string name = lower(k);
    if (name == "x-amz-date") continue;
    for (const auto& s : auth->signed_headers) {
      if (s == name) headers.emplace_back(k, v);
    }
  }
  SigningInput input{kAccessKey, crypto::SecretBytes(kSecret), auth->region, auth->service};
  sign_request(c.method, c.path, c.query, headers, c.body, input, sent_at(c));

  std::map<std::string, std::string> added(headers.end() - 2, headers.end());
  EXPECT_EQ(added["X-Amz-Date"], c.header("X-Amz-Date"));
  EXPECT_EQ(added["Authorization"], c.header("Authorization"));
}

INSTANTIATE_TEST_SUITE_P(CliCaptures, CapturedRequest, ::testing::ValuesIn(captures()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace certflow::iam
