// verify_request's checks, one behaviour per test, on requests signed by sign_request
// (itself pinned to the captured botocore signatures in sigv4_captures_test.cc).
#include <gtest/gtest.h>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "iam/sigv4.h"

namespace certflow::iam {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;
using std::chrono::minutes;

constexpr char kAccessKey[] = "AKIAIOSFODNN7EXAMPLE";
constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr char kBody[] = R"({"CertificateStatuses": ["ISSUED"]})";

class OneKey : public CredentialResolver {
 public:
  std::optional<crypto::SecretBytes> secret_for(const std::string& id) override {
    ++lookups;
    if (id != kAccessKey) return std::nullopt;
    return crypto::SecretBytes(kSecret);
  }
  int lookups = 0;
};

TimePoint at(const std::string& amz_date) {
  TimePoint t;
  EXPECT_TRUE(parse_amz_date(amz_date, t)) << amz_date;
  return t;
}

const TimePoint kSent = at("20261127T181516Z");

Headers json_headers() {
  return {{"Host", "127.0.0.1:18099"},
          {"X-Amz-Target", "CertificateManager.ListCertificates"},
          {"Content-Type", "application/x-amz-json-1.1"}};
}

// Signs `headers` + body as sent at kSent by kAccessKey.
Headers signed_headers(Headers headers, std::string_view body = kBody,
                       std::string access_key = kAccessKey) {
  sign_request("POST", "/", "", headers, body,
               {access_key, crypto::SecretBytes(kSecret), "us-east-1", "acm"}, kSent);
  return headers;
}

void erase_header(Headers& headers, std::string_view name) {
  std::erase_if(headers, [&](const auto& h) { return h.first == name; });
}

void set_header(Headers& headers, std::string_view name, std::string value) {
  for (auto& [k, v] : headers) {
    if (k == name) v = value;
  }
}

Result<VerifiedIdentity> verify(const Headers& headers, TimePoint now = kSent,
                                std::string_view body = kBody, VerifyOptions options = {}) {
  OneKey key;
  return verify_request({"POST", "/", "", headers, body}, key, now, options);
}

ErrorCode code_of(const Result<VerifiedIdentity>& r) {
  EXPECT_FALSE(r);
  return r ? ErrorCode::kInternal : r.error().code;
}

TEST(VerifyRequest, AcceptsARequestSignedWithTheKnownKey) {
  auto identity = verify(signed_headers(json_headers()));
  ASSERT_TRUE(identity) << identity.error().message;
  EXPECT_EQ(identity->access_key_id, kAccessKey);
  EXPECT_EQ(identity->region, "us-east-1");
  EXPECT_EQ(identity->service, "acm");
}

TEST(VerifyRequest, WithoutAuthorizationIsMissingAuthenticationToken) {
  Headers headers = signed_headers(json_headers());
  erase_header(headers, "Authorization");
  auto result = verify(headers);
  EXPECT_EQ(code_of(result), ErrorCode::kMissingAuthenticationToken);
  EXPECT_EQ(result.error().message, "Missing Authentication Token");
}

TEST(VerifyRequest, UnknownAccessKeyIsUnrecognizedClient) {
  auto result = verify(signed_headers(json_headers(), kBody, "AKIAUNKNOWN000000000"));
  EXPECT_EQ(code_of(result), ErrorCode::kUnrecognizedClient);
  EXPECT_EQ(result.error().message, "The security token included in the request is invalid.");
}

TEST(VerifyRequest, WrongSecretIsInvalidSignature) {
  Headers headers = json_headers();
  sign_request("POST", "/", "", headers, kBody,
               {kAccessKey, crypto::SecretBytes("not-the-secret"), "us-east-1", "acm"}, kSent);
  EXPECT_EQ(code_of(verify(headers)), ErrorCode::kInvalidSignature);
}

TEST(VerifyRequest, SixteenMinutesLateIsExpired) {
  auto result = verify(signed_headers(json_headers()), kSent + minutes(16));
  EXPECT_EQ(code_of(result), ErrorCode::kRequestExpired);
  EXPECT_EQ(result.error().message,
            "Signature expired: 20261127T181516Z is now earlier than 20261127T181616Z "
            "(20261127T183116Z - 15 min.)");
}

TEST(VerifyRequest, ExpiredMessageIsWordedAsAws) {
  auto result = verify(signed_headers(json_headers()), at("20261127T184516Z"));
  EXPECT_EQ(code_of(result), ErrorCode::kRequestExpired);
  EXPECT_EQ(result.error().message,
            "Signature expired: 20261127T181516Z is now earlier than 20261127T183016Z "
            "(20261127T184516Z - 15 min.)");
}

TEST(VerifyRequest, SixteenMinutesEarlyIsNotYetCurrent) {
  auto result = verify(signed_headers(json_headers()), kSent - minutes(16));
  EXPECT_EQ(code_of(result), ErrorCode::kRequestExpired);
  EXPECT_EQ(result.error().message,
            "Signature not yet current: 20261127T181516Z is still later than 20261127T181416Z "
            "(20261127T175916Z + 15 min.)");
}

TEST(VerifyRequest, FourteenOrFifteenMinutesEitherWayIsAccepted) {
  Headers headers = signed_headers(json_headers());
  for (int m : {-15, -14, 14, 15}) {
    auto result = verify(headers, kSent + minutes(m));
    EXPECT_TRUE(result) << m << ": " << result.error().message;
  }
}

TEST(VerifyRequest, MaxSkewIsConfigurable) {
  Headers headers = signed_headers(json_headers());
  EXPECT_EQ(code_of(verify(headers, kSent + minutes(6), kBody, {.max_skew = minutes(5)})),
            ErrorCode::kRequestExpired);
}

TEST(VerifyRequest, ExpiredRequestDoesNotReachTheCredentialStore) {
  OneKey key;
  Headers headers = signed_headers(json_headers());
  auto result = verify_request({"POST", "/", "", headers, kBody}, key, kSent + minutes(30));
  EXPECT_FALSE(result);
  EXPECT_EQ(key.lookups, 0);
}

TEST(VerifyRequest, LowercaseHostHeaderVerifies) {
  Headers headers = json_headers();
  headers[0].first = "host";  // as the Debian boto3 1.26 sends it
  headers = signed_headers(headers);
  EXPECT_TRUE(verify(headers));
  // Header names are case-insensitive on the receiving side too.
  for (auto& [k, v] : headers) {
    if (k == "host") k = "HOST";
  }
  EXPECT_TRUE(verify(headers));
}

TEST(VerifyRequest, RepeatedHeadersAreJoinedInOrder) {
  Headers headers = json_headers();
  headers.emplace_back("X-Custom", "first");
  headers.emplace_back("x-custom", "second");
  headers = signed_headers(headers);
  EXPECT_TRUE(verify(headers));

  Headers swapped = headers;
  set_header(swapped, "X-Custom", "second");
  set_header(swapped, "x-custom", "first");
  EXPECT_EQ(code_of(verify(swapped)), ErrorCode::kInvalidSignature);
}

TEST(VerifyRequest, ExtraWhitespaceInSignedValuesDoesNotMatter) {
  Headers headers = signed_headers(json_headers());
  set_header(headers, "Content-Type", "  application/x-amz-json-1.1 ");
  EXPECT_TRUE(verify(headers));
}

TEST(VerifyRequest, UnsignedHeadersMayChange) {
  Headers headers = json_headers();
  headers = signed_headers(headers);
  headers.emplace_back("User-Agent", "aws-cli/2.9.19");  // added after signing, as clients do
  EXPECT_TRUE(verify(headers));
}

TEST(VerifyRequest, MissingDateIsIncompleteSignature) {
  Headers headers = signed_headers(json_headers());
  erase_header(headers, "X-Amz-Date");
  auto result = verify(headers);
  EXPECT_EQ(code_of(result), ErrorCode::kIncompleteSignature);
  EXPECT_TRUE(result.error().message.starts_with(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."))
      << result.error().message;
}

TEST(VerifyRequest, MalformedDateIsIncompleteSignature) {
  Headers headers = signed_headers(json_headers());
  set_header(headers, "X-Amz-Date", "2026-11-27T18:15:16Z");
  auto result = verify(headers);
  EXPECT_EQ(code_of(result), ErrorCode::kIncompleteSignature);
  EXPECT_EQ(result.error().message,
            "Date must be in ISO-8601 'basic format'. Got '2026-11-27T18:15:16Z'. See "
            "http://en.wikipedia.org/wiki/ISO_8601");
}

TEST(VerifyRequest, DateHeaderIsUsedWhenXAmzDateIsAbsent) {
  // Built by hand: sign_request always writes X-Amz-Date.
  Headers headers{{"Host", "h"}, {"Date", "Fri, 27 Nov 2026 18:15:16 GMT"}};
  HttpRequestView request{"POST", "/", "", headers, kBody};
  std::string creq = canonical_request(request, {"date", "host"}, crypto::sha256_hex(kBody));
  std::string sts = "AWS4-HMAC-SHA256\n20261127T181516Z\n20261127/us-east-1/acm/aws4_request\n" +
                    crypto::sha256_hex(creq);
  std::string signature = crypto::hex_encode(
      crypto::hmac_sha256(derive_signing_key(kSecret, "20261127", "us-east-1", "acm"), sts));
  headers.emplace_back("Authorization",
                       std::string("AWS4-HMAC-SHA256 Credential=") + kAccessKey +
                           "/20261127/us-east-1/acm/aws4_request, SignedHeaders=date;host, "
                           "Signature=" +
                           signature);
  auto result = verify(headers);
  EXPECT_TRUE(result) << result.error().message;
  EXPECT_EQ(code_of(verify(headers, kSent + minutes(16))), ErrorCode::kRequestExpired);
  set_header(headers, "Date", "Fri, 27 Nov 2026 18:15:17 GMT");
  EXPECT_EQ(code_of(verify(headers)), ErrorCode::kInvalidSignature);
  set_header(headers, "Date", "Fri, 27 Foo 2026 18:15:17 GMT");
  EXPECT_EQ(code_of(verify(headers)), ErrorCode::kIncompleteSignature);
}

TEST(VerifyRequest, HostMustBeSigned) {
  Headers headers = json_headers();
  erase_header(headers, "Host");
  headers = signed_headers(headers);
  headers.emplace_back("Host", "127.0.0.1:18099");
  auto result = verify(headers);
  EXPECT_EQ(code_of(result), ErrorCode::kIncompleteSignature);
  EXPECT_EQ(result.error().message, "'Host' must be a 'SignedHeader' in the AWS Authorization.");
}

TEST(VerifyRequest, SignedHeaderAbsentFromRequestIsIncompleteSignature) {
  Headers headers = signed_headers(json_headers());
  erase_header(headers, "X-Amz-Target");
  auto result = verify(headers);
  EXPECT_EQ(code_of(result), ErrorCode::kIncompleteSignature);
  EXPECT_NE(result.error().message.find("'x-amz-target'"), std::string::npos);
}

TEST(VerifyRequest, MalformedAuthorizationIsIncompleteSignature) {
  Headers headers = signed_headers(json_headers());
  set_header(headers, "Authorization",
             "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261127/us-east-1/acm/"
             "aws4_request, SignedHeaders=host;x-amz-date");
  EXPECT_EQ(code_of(verify(headers)), ErrorCode::kIncompleteSignature);
}

TEST(VerifyRequest, ScopeDateOtherThanRequestDateIsInvalidSignature) {
  // Just after midnight the client's scope still says yesterday: AWS answers
  // SignatureDoesNotMatch with this message.
  Headers headers = json_headers();
  sign_request("POST", "/", "", headers, kBody,
               {kAccessKey, crypto::SecretBytes(kSecret), "us-east-1", "acm"},
               at("20261126T235959Z"));
  set_header(headers, "X-Amz-Date", "20261127T000001Z");
  auto result = verify(headers, at("20261127T000001Z"));
  EXPECT_EQ(code_of(result), ErrorCode::kInvalidSignature);
  EXPECT_EQ(result.error().message,
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
            "HTTP: '20261126' != '20261127', from '20261127T000001Z'.");
}

TEST(VerifyRequest, StatedPayloadHashMustMatchTheBody) {
  Headers headers = json_headers();
  headers.emplace_back("X-Amz-Content-Sha256", crypto::sha256_hex(kBody));
  headers = signed_headers(headers);
  EXPECT_TRUE(verify(headers));
  // A swapped body under the same signed hash must not pass.
  auto result = verify(headers, kSent, R"({"CertificateStatuses": ["EXPIRED"]})");
  EXPECT_EQ(code_of(result), ErrorCode::kInvalidSignature);
}

TEST(VerifyRequest, UnsignedPayloadIsAcceptedUnlessDisabled) {
  Headers headers = json_headers();
  headers.emplace_back("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD");
  headers = signed_headers(headers);
  EXPECT_TRUE(verify(headers, kSent, "any body"));
  EXPECT_EQ(code_of(verify(headers, kSent, "any body", {.allow_unsigned_payload = false})),
            ErrorCode::kInvalidSignature);
}

TEST(VerifyRequest, SignedSecurityTokenIsPartOfTheSignature) {
  Headers headers = json_headers();
  headers.emplace_back("X-Amz-Security-Token", "FQoGZXIvYXdzEXAMPLETOKEN");
  headers = signed_headers(headers);
  EXPECT_TRUE(verify(headers));
  set_header(headers, "X-Amz-Security-Token", "other");
  EXPECT_EQ(code_of(verify(headers)), ErrorCode::kInvalidSignature);
}

TEST(VerifyRequest, PathAndQueryAreSigned) {
  Headers headers{{"Host", "h"}};
  SigningInput input{kAccessKey, crypto::SecretBytes(kSecret), "us-east-1", "acm"};
  sign_request("GET", "/a%20b/c", "x=1&y=2", headers, "", input, kSent);
  OneKey key;
  EXPECT_TRUE(verify_request({"GET", "/a%20b/c", "y=2&x=1", headers, ""}, key, kSent));
  EXPECT_FALSE(verify_request({"GET", "/a%20b/d", "x=1&y=2", headers, ""}, key, kSent));
  EXPECT_FALSE(verify_request({"GET", "/a%20b/c", "x=1&y=3", headers, ""}, key, kSent));
  EXPECT_FALSE(verify_request({"POST", "/a%20b/c", "x=1&y=2", headers, ""}, key, kSent));
}

}  // namespace
}  // namespace certflow::iam
