#include <gtest/gtest.h>

#include "iam/sigv4.h"

namespace certflow::iam {
namespace {

constexpr char kSig[] = "96ba8052e17ea4034da3d246cb060a40efb8a4b2ed2c176e90eed30525bf1ddc";

std::string header(const std::string& credential, const std::string& signed_headers,
                   const std::string& separator = ", ") {
  return "AWS4-HMAC-SHA256 Credential=" + credential + separator +
         "SignedHeaders=" + signed_headers + separator + "Signature=" + kSig;
}

Error error_of(std::string_view value) {
  auto result = parse_authorization(value);
  EXPECT_FALSE(result) << value;
  return result ? Error{ErrorCode::kInternal, "parsed"} : result.error();
}

TEST(ParseAuthorization, ReadsTheBotocoreForm) {
  auto auth = parse_authorization(header("AKIDEXAMPLE/20261127/us-east-1/acm/aws4_request",
                                         "content-type;host;x-amz-date;x-amz-target"));
  ASSERT_TRUE(auth) << auth.error().message;
  EXPECT_EQ(auth->access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(auth->date, "20261127");
  EXPECT_EQ(auth->region, "us-east-1");
  EXPECT_EQ(auth->service, "acm");
  EXPECT_EQ(auth->signed_headers,
            (std::vector<std::string>{"content-type", "host", "x-amz-date", "x-amz-target"}));
  EXPECT_EQ(auth->signature, kSig);
}

TEST(ParseAuthorization, AcceptsABareCommaAndExtraSpaces) {
  auto bare = parse_authorization(header("AKID/20261127/us-east-1/sns/aws4_request", "host", ","));
  ASSERT_TRUE(bare) << bare.error().message;
  EXPECT_EQ(bare->service, "sns");
  auto spaced = parse_authorization(
      "  AWS4-HMAC-SHA256   Credential=AKID/20261127/us-east-1/sns/aws4_request ,  "
      "SignedHeaders=host , Signature=" +
      std::string(kSig) + "  ");
  ASSERT_TRUE(spaced) << spaced.error().message;
  EXPECT_EQ(spaced->signature, kSig);
}

TEST(ParseAuthorization, ListsSignedHeadersLowercaseInTheirOrder) {
  auto auth =
      parse_authorization(header("AKID/20261127/us-east-1/acm/aws4_request", "Host;X-Amz-Date"));
  ASSERT_TRUE(auth);
  EXPECT_EQ(auth->signed_headers, (std::vector<std::string>{"host", "x-amz-date"}));
}

TEST(ParseAuthorization, OtherSchemesAreMissingAuthenticationToken) {
  for (const char* value : {"", "   ", "Bearer abc", "AWS AKID:sig", "aws4-hmac-sha256 x=y"}) {
    Error e = error_of(value);
    EXPECT_EQ(e.code, ErrorCode::kMissingAuthenticationToken) << value;
    EXPECT_EQ(e.message, "Missing Authentication Token");
  }
}

TEST(ParseAuthorization, AnotherAlgorithmNameIsIncomplete) {
  Error e = error_of("AWS4-HMAC-SHA256X Credential=a");
  EXPECT_EQ(e.code, ErrorCode::kIncompleteSignature);
  EXPECT_EQ(e.message, "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA256X'");
}

TEST(ParseAuthorization, NamesTheMissingCredential) {
  std::string value = "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=" + std::string(kSig);
  Error e = error_of(value);
  EXPECT_EQ(e.code, ErrorCode::kIncompleteSignature);
  EXPECT_EQ(e.message,
            "Authorization header requires 'Credential' parameter. Authorization=" + value);
}

TEST(ParseAuthorization, NamesEveryMissingPartInOrder) {
  Error e = error_of("AWS4-HMAC-SHA256 Credential=AKID/20261127/us-east-1/acm/aws4_request");
  EXPECT_EQ(e.code, ErrorCode::kIncompleteSignature);
  EXPECT_EQ(e.message,
            "Authorization header requires 'SignedHeaders' parameter. Authorization header "
            "requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 "
            "Credential=AKID/20261127/us-east-1/acm/aws4_request");
  EXPECT_EQ(error_of("AWS4-HMAC-SHA256").code, ErrorCode::kIncompleteSignature);
  EXPECT_EQ(error_of("AWS4-HMAC-SHA256 Credential=, SignedHeaders=host, Signature=ab").code,
            ErrorCode::kIncompleteSignature);
}

TEST(ParseAuthorization, CredentialNeedsFiveSlashDelimitedElements) {
  for (const char* credential :
       {"AKID/20261127/us-east-1/aws4_request", "AKID/20261127/us-east-1/acm/aws4_request/x",
        "/20261127/us-east-1/acm/aws4_request", "AKID//us-east-1/acm/aws4_request"}) {
    Error e = error_of(header(credential, "host"));
    EXPECT_EQ(e.code, ErrorCode::kIncompleteSignature) << credential;
    EXPECT_EQ(e.message,
              "Credential must have exactly 5 slash-delimited elements, e.g. "
              "keyid/date/region/service/term, got '" +
                  std::string(credential) + "'");
  }
}

TEST(ParseAuthorization, CredentialNeedsTheAws4RequestTerminator) {
  Error e = error_of(header("AKID/20261127/us-east-1/acm/aws5_request", "host"));
  EXPECT_EQ(e.code, ErrorCode::kIncompleteSignature);
  EXPECT_EQ(e.message,
            "Credential should be scoped with a valid terminator: 'aws4_request', not "
            "'aws5_request'.");
}

TEST(ParseAuthorization, CredentialDateMustBeEightDigits) {
  for (const char* date : {"2026-11-27", "2026112", "2026112x"}) {
    Error e = error_of(header("AKID/" + std::string(date) + "/us-east-1/acm/aws4_request", "host"));
    EXPECT_EQ(e.code, ErrorCode::kIncompleteSignature) << date;
  }
}

TEST(ParseAuthorization, EmptySignedHeaderNameIsIncomplete) {
  for (const char* list : {"host;", ";host", "host;;x-amz-date"}) {
    EXPECT_EQ(error_of(header("AKID/20261127/us-east-1/acm/aws4_request", list)).code,
              ErrorCode::kIncompleteSignature)
        << list;
  }
}

TEST(ParseAuthorization, PartWithoutEqualSignIsIncomplete) {
  std::string value =
      "AWS4-HMAC-SHA256 Credential=AKID/20261127/us-east-1/acm/aws4_request, "
      "SignedHeaders, Signature=ab";
  Error e = error_of(value);
  EXPECT_EQ(e.code, ErrorCode::kIncompleteSignature);
  EXPECT_EQ(e.message,
            "'SignedHeaders' not a valid key=value pair (missing equal-sign) in "
            "Authorization header: '" +
                value + "'.");
}

}  // namespace
}  // namespace certflow::iam
