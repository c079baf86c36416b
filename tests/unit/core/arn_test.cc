#include "core/arn.h"

#include <gtest/gtest.h>

namespace certflow {
namespace {

TEST(Arn, ParsesAcmCertificateArn) {
  auto arn = parse_acm_certificate_arn(
      "arn:aws:acm:us-east-1:123456789012:certificate/61f50cd4-45b9-4259-b049-d0a53682fa4b");
  ASSERT_TRUE(arn) << arn.error().message;
  EXPECT_EQ(arn->region, "us-east-1");
  EXPECT_EQ(arn->account, "123456789012");
  EXPECT_EQ(arn->resource, "certificate/61f50cd4-45b9-4259-b049-d0a53682fa4b");
}

TEST(Arn, RejectsMalformedArnsWithInvalidArn) {
  for (const char* bad : {"not-an-arn-at-all-xxxxxxxx", "arn:aws:sns:us-east-1:123456789012:topic",
                          "arn:aws:acm:us-east-1:12345x:certificate/abc",
                          "arn:aws:acm:us-east-1:123456789012:certificate//x", "arn:aws:acm"}) {
    auto arn = parse_acm_certificate_arn(bad);
    ASSERT_FALSE(arn) << bad;
    EXPECT_EQ(arn.error().code, ErrorCode::kInvalidArn) << bad;
  }
}

TEST(Arn, BuildsCertificateArn) {
  EXPECT_EQ(acm_certificate_arn("eu-west-1", "000000000000", "abc"),
            "arn:aws:acm:eu-west-1:000000000000:certificate/abc");
}

}  // namespace
}  // namespace certflow
