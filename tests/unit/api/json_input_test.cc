#include "api/json_input.h"

#include <gtest/gtest.h>

namespace certflow::api {
namespace {

using nlohmann::json;

TEST(JsonInput, MissingRequiredMemberNamesItInLowerCamelCase) {
  json body = json::object();
  JsonInput input(body);
  input.string("CertificateArn", {}, true);
  auto result = input.result();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kValidation);
  EXPECT_EQ(result.error().message,
            "1 validation error detected: Value null at 'certificateArn' failed to satisfy "
            "constraint: Member must not be null");
}

TEST(JsonInput, WrongTypeIsASerializationError) {
  json body = {{"MaxItems", "ten"}};
  JsonInput input(body);
  input.integer("MaxItems", 1, 1000);
  EXPECT_EQ(input.result().error().code, ErrorCode::kSerialization);
}

TEST(JsonInput, CollectsSeveralValidationErrors) {
  json body = {{"MaxItems", 0}, {"SortOrder", "SIDEWAYS"}};
  JsonInput input(body);
  input.integer("MaxItems", 1, 1000);
  input.string("SortOrder", {0, SIZE_MAX, {"ASCENDING", "DESCENDING"}});
  auto result = input.result();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message.rfind("2 validation errors detected: ", 0), 0u);
  EXPECT_NE(result.error().message.find("'maxItems'"), std::string::npos);
  EXPECT_NE(result.error().message.find("[ASCENDING, DESCENDING]"), std::string::npos);
}

TEST(JsonInput, BlobsAreBase64AndNeverEchoed) {
  json body = {{"PrivateKey", "c2VjcmV0LWtleQ=="}};
  JsonInput input(body);
  auto bytes = input.blob("PrivateKey", 1, 5, true);
  auto result = input.result();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message.find("secret"), std::string::npos);
  EXPECT_NE(result.error().message.find("less than or equal to 5"), std::string::npos);

  json bad = {{"PrivateKey", "not base64!"}};
  JsonInput bad_input(bad);
  bad_input.blob("PrivateKey", 1, 5120, true);
  EXPECT_EQ(bad_input.result().error().code, ErrorCode::kSerialization);
}

TEST(JsonInput, NestedStructuresReportTheirPath) {
  json body = {{"ExpiryEvents", {{"DaysBeforeExpiry", 0}}}};
  JsonInput input(body);
  auto expiry = input.structure("ExpiryEvents");
  ASSERT_TRUE(expiry);
  expiry->integer("DaysBeforeExpiry", 1, std::nullopt);
  auto result = input.result();
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("'expiryEvents.daysBeforeExpiry'"), std::string::npos);
}

}  // namespace
}  // namespace certflow::api
