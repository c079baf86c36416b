// Canonicalization details the captures do not exercise (they all POST to "/" without a
// query). Expected values follow the AWS doc and what botocore computes for the same input.
#include <gtest/gtest.h>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "iam/sigv4.h"

namespace certflow::iam {
namespace {

constexpr char kEmptyHash[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// The canonical request's second and third lines: URI and query.
std::pair<std::string, std::string> uri_and_query(std::string_view path, std::string_view query) {
  HttpRequestView request{"GET", path, query, {{"Host", "h"}}, ""};
  std::string creq = canonical_request(request, {"host"}, kEmptyHash);
  size_t a = creq.find('\n');
  size_t b = creq.find('\n', a + 1);
  size_t c = creq.find('\n', b + 1);
  return {creq.substr(a + 1, b - a - 1), creq.substr(b + 1, c - b - 1)};
}

TEST(CanonicalRequest, EmptyPathIsSlash) { EXPECT_EQ(uri_and_query("", "").first, "/"); }

TEST(CanonicalRequest, PathIsEncodedOnceMoreThanOnTheWire) {
  // The wire path is already encoded once; non-S3 services encode it a second time.
  EXPECT_EQ(uri_and_query("/a%20b/c~d", "").first, "/a%2520b/c~d");
  EXPECT_EQ(uri_and_query("/caf%C3%A9/x:y", "").first, "/caf%25C3%25A9/x%3Ay");
}

TEST(CanonicalRequest, DotSegmentsAndEmptySegmentsAreRemoved) {
  EXPECT_EQ(uri_and_query("/a/./b/../c//d/", "").first, "/a/c/d/");
  EXPECT_EQ(uri_and_query("/..", "").first, "/");
  EXPECT_EQ(uri_and_query("//", "").first, "/");
}

TEST(CanonicalRequest, QueryIsSortedByNameThenValue) {
  EXPECT_EQ(uri_and_query("/", "b=2&a=1&a=0&c").second, "a=0&a=1&b=2&c=");
}

TEST(CanonicalRequest, QueryIsDecodedAndEncodedAgain) {
  EXPECT_EQ(uri_and_query("/", "k=a+b%2fc&x=-_.~&y=%7e&z=%zz").second,
            "k=a%20b%2Fc&x=-_.~&y=~&z=%25zz");
  EXPECT_EQ(uri_and_query("/", "&&a=1&").second, "a=1");
}

TEST(CanonicalRequest, HeaderValuesAreTrimmedCollapsedAndJoined) {
  HttpRequestView request{
      "POST", "/", "", {{"Host", "h"}, {"X-Multi", "  a   b\t c "}, {"x-multi", "d"}}, ""};
  EXPECT_EQ(canonical_request(request, {"host", "x-multi"}, kEmptyHash),
            std::string("POST\n/\n\nhost:h\nx-multi:a b c,d\n\nhost;x-multi\n") + kEmptyHash);
}

TEST(DeriveSigningKey, MatchesTheAwsDocumentationExample) {
  // AWS IAM User Guide, "Derive a signing key for SigV4".
  EXPECT_EQ(crypto::hex_encode(derive_signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                                  "20120215", "us-east-1", "iam")),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(SignRequest, MatchesTheAwsTestSuiteGetVanilla) {
  std::vector<std::pair<std::string, std::string>> headers{{"Host", "example.amazonaws.com"}};
  TimePoint now;
  ASSERT_TRUE(parse_amz_date("20150830T123600Z", now));
  sign_request("GET", "/", "", headers, "",
               {"AKIDEXAMPLE", crypto::SecretBytes("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                "us-east-1", "service"},
               now);
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(headers[1], (std::pair<std::string, std::string>{"X-Amz-Date", "20150830T123600Z"}));
  EXPECT_EQ(headers[2].second,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SignRequest, ReplacesAnEarlierDateAndSignature) {
  std::vector<std::pair<std::string, std::string>> headers{{"Host", "h"}};
  SigningInput input{"AKID", crypto::SecretBytes("s"), "us-east-1", "acm"};
  TimePoint first, second;
  ASSERT_TRUE(parse_amz_date("20261127T181516Z", first));
  ASSERT_TRUE(parse_amz_date("20261127T181616Z", second));
  sign_request("POST", "/", "", headers, "{}", input, first);
  sign_request("POST", "/", "", headers, "{}", input, second);
  ASSERT_EQ(headers.size(), 3u);
  EXPECT_EQ(headers[1].second, "20261127T181616Z");
}

}  // namespace
}  // namespace certflow::iam
