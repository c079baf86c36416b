// MessageBody scope: the published message as a JSON object, with AWS's recorded deliveries
// (LocalStack's validated tests: on_message_body, dot_attribute, array_attributes,
// array_of_object_attributes, or_attribute, empty_array_payload) and the EventBridge → SNS case
// certflow cares about.
#include <string>

#include "filter_test_support.h"

namespace certflow::notify::filter::testing {
namespace {

constexpr const char* kAcmExpired = R"({
  "version": "0",
  "id": "9c95e8e4-96a4-ef3f-b739-b6aa5b193afb",
  "detail-type": "ACM Certificate Expired",
  "source": "aws.acm",
  "account": "123456789012",
  "time": "2019-12-22T18:43:48Z",
  "region": "us-east-1",
  "resources": ["arn:aws:acm:us-east-1:123456789012:certificate/61f50cd4-45b9-4259-b049-d0a53682fa4b"],
  "detail": {
    "CertificateType": "AMAZON_ISSUED",
    "CommonName": "example.com",
    "DomainValidationMethod": "DNS",
    "CertificateCreatedDate": "2018-12-22T18:43:48Z",
    "CertificateExpirationDate": "2019-12-22T18:43:48Z",
    "DaysToExpiry": 0,
    "InUse": true,
    "Exported": false
  }
})";

TEST(BodyMatching, AcmEventsAreSelectedByDetailType) {
  EXPECT_TRUE(body_passes(R"({"detail-type":["ACM Certificate Expired"]})", kAcmExpired));
  EXPECT_FALSE(
      body_passes(R"({"detail-type":["ACM Certificate Approaching Expiration"]})", kAcmExpired));
  EXPECT_TRUE(
      body_passes(R"({"source":["aws.acm"],"detail":{"DaysToExpiry":[{"numeric":["<=",0]}],)"
                  R"("CommonName":[{"suffix":".com"}]}})",
                  kAcmExpired));
  EXPECT_FALSE(body_passes(R"({"detail":{"InUse":[false]}})", kAcmExpired));
  // The same policy in attribute scope looks at attributes, which an EventBridge message lacks.
  auto attributes_policy =
      must_compile(R"({"detail-type":["ACM Certificate Expired"]})", Scope::kMessageAttributes);
  EXPECT_FALSE(attributes_policy.matches(kAcmExpired, {}));
}

constexpr const char* kNestedPolicy =
    R"({"object":{"key":[{"prefix":"auto-"},"hardcodedvalue"],"nested_key":[{"exists":false}]},)"
    R"("test":[{"exists":false}]})";

TEST(BodyMatching, NestedPoliciesFollowTheBody) {
  EXPECT_TRUE(body_passes(kNestedPolicy, R"({"object":{"key":"auto-test"}})"));
  EXPECT_TRUE(body_passes(kNestedPolicy, R"({"object":{"key":"hardcodedvalue"}})"));
  EXPECT_FALSE(body_passes(kNestedPolicy, R"({"object":{"key":"test-auto"}})"));
  EXPECT_FALSE(
      body_passes(kNestedPolicy, R"({"object":{"key":"auto-test"},"test":"just-exists"})"));
  EXPECT_FALSE(
      body_passes(kNestedPolicy, R"({"object":{"key":"auto-test","nested_key":"just-exists"}})"));
  EXPECT_FALSE(body_passes(kNestedPolicy, R"({"object":{"test":"auto-test"}})"));
  EXPECT_FALSE(body_passes(kNestedPolicy, R"({"test":"auto-test"})"));
}

TEST(BodyMatching, ABodyThatIsNotAJsonObjectNeverMatches) {
  const char* policy = R"({"test":[{"exists":false}]})";
  EXPECT_TRUE(body_passes(policy, "{}"));
  EXPECT_FALSE(body_passes(policy, "Regular string message"));
  EXPECT_FALSE(body_passes(policy, R"("Regular string message")"));
  EXPECT_FALSE(body_passes(policy, "[{}]"));
  EXPECT_FALSE(body_passes(policy, "42"));
  EXPECT_FALSE(body_passes(policy, R"({"test": )"));
  EXPECT_FALSE(body_passes(policy, ""));
}

TEST(BodyMatching, DottedPolicyKeysMatchNestedAndDottedBodyKeys) {
  const char* policy = R"({"object.nested":["string.value"]})";
  EXPECT_TRUE(body_passes(policy, R"({"object":{"nested":"string.value"}})"));
  EXPECT_TRUE(body_passes(policy, R"({"object.nested":"string.value"})"));
  EXPECT_FALSE(body_passes(policy, R"({"object":{"nested":"test-auto"}})"));
}

TEST(BodyMatching, DeeperDottedKeysMatchEverySplitOfThePath) {
  const char* policy = R"({"object.nested.test":["string.value"]})";
  EXPECT_TRUE(body_passes(policy, R"({"object":{"nested":{"test":"string.value"}}})"));
  EXPECT_TRUE(body_passes(policy, R"({"object.nested.test":"string.value"})"));
  EXPECT_TRUE(body_passes(policy, R"({"object.nested":{"test":"string.value"}})"));
  EXPECT_TRUE(body_passes(policy, R"({"object":{"nested.test":"string.value"}})"));
  EXPECT_FALSE(body_passes(policy, R"({"object":{"nested":{"test":"string.notvalue"}}})"));
}

TEST(BodyMatching, NestedPolicyKeysMatchDottedBodyKeys) {
  EXPECT_TRUE(body_passes(R"({"a":{"b":["v"]}})", R"({"a.b":"v"})"));
  EXPECT_TRUE(body_passes(R"({"a":{"b.c":["v"]}})", R"({"a.b":{"c":"v"}})"));
}

TEST(BodyMatching, BodyArraysMatchIfAnyElementDoes) {
  const char* queue1 = R"({"headers":{"route-to":["queue1"]}})";
  EXPECT_FALSE(body_passes(queue1, R"({"headers":{"route-to":["queue3"]}})"));
  EXPECT_TRUE(body_passes(queue1, R"({"headers":{"route-to":["queue1"]}})"));
  EXPECT_FALSE(body_passes(queue1, R"({"headers":{"route-to":["queue2"]}})"));
  EXPECT_TRUE(body_passes(queue1, R"({"headers":{"route-to":["queue1","queue2"]}})"));
  EXPECT_TRUE(body_passes(queue1, R"({"headers":{"route-to":"queue1"}})"));
}

TEST(BodyMatching, ArraysOfObjectsAndListsOfListsAreDescendedInto) {
  const char* policy = R"({"Records":{"s3":{"object":{"key":[{"prefix":"auto-"}]}},)"
                       R"("eventName":[{"prefix":"ObjectCreated:"}]}})";
  const char* created = R"({"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put",)"
                        R"("s3":{"bucket":{"name":"insurance-bucket-demo"},)"
                        R"("object":{"key":"auto-insurance-2314.xml","size":17}}}]})";
  const char* removed = R"({"Records":[{"eventName":"ObjectRemoved:Delete",)"
                        R"("s3":{"object":{"key":"auto-insurance-2314.xml","size":17}}}]})";
  const char* home = R"({"Records":[{"eventName":"ObjectCreated:Put",)"
                     R"("s3":{"object":{"key":"home-insurance-2314.xml","size":17}}}]})";
  const char* multiple = R"({"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put",)"
                         R"("s3":{"object":[[{"key":"auto-insurance-2314.xml","size":17}]]}},)"
                         R"({"eventSource":"aws:s3","eventName":"ObjectRemoved:Delete",)"
                         R"("s3":{"object":{"key":"home-insurance-2314.xml","size":17}}}]})";
  EXPECT_TRUE(body_passes(policy, created));
  EXPECT_FALSE(body_passes(policy, removed));
  EXPECT_FALSE(body_passes(policy, home));
  EXPECT_TRUE(body_passes(policy, multiple));
}

TEST(BodyMatching, OrWorksAtAnyLevel) {
  const char* policy =
      R"({"$or":[{"metricName":["CPUUtilization","ReadLatency"]},{"namespace":["AWS/EC2","AWS/ES"]}],)"
      R"("detail":{"scope":["Service"],"$or":[{"source":["aws.cloudwatch"]},)"
      R"({"type":["CloudWatch Alarm State Change"]}]}})";
  // Recorded: these five are not delivered...
  EXPECT_FALSE(
      body_passes(policy, R"({"metricName":"CPUUtilization","detail":)"
                          R"({"scope":"aws.cloudwatch","type":"CloudWatch Alarm State Change"}})"));
  EXPECT_FALSE(body_passes(
      policy,
      R"({"metricName":"CPUUtilization","detail":{"scope":"Service","type":"CPUUtilization"}})"));
  EXPECT_FALSE(body_passes(
      policy,
      R"({"metricName":"CPUUtilization","detail":{"type":"CloudWatch Alarm State Change"}})"));
  EXPECT_FALSE(
      body_passes(policy, R"({"metricName":"CPUUtilization","detail":{"scope":"Service"}})"));
  EXPECT_FALSE(body_passes(policy, R"({"metricName":"CPUUtilization","scope":"Service"})"));
  // ...and these are.
  EXPECT_TRUE(body_passes(policy, R"({"metricName":"CPUUtilization",)"
                                  R"("detail":{"scope":"Service","source":"aws.cloudwatch"}})"));
  EXPECT_TRUE(body_passes(policy, R"({"namespace":"AWS/ES",)"
                                  R"("detail":{"scope":"Service","source":"aws.cloudwatch"}})"));
  EXPECT_TRUE(body_passes(policy,
                          R"({"metricName":"CPUUtilization","detail":)"
                          R"({"scope":"Service","type":"CloudWatch Alarm State Change"}})"));
  EXPECT_FALSE(body_passes(policy,
                           R"({"metricName":"AWS/EC2","detail":)"
                           R"({"scope":"Service","type":"CloudWatch Alarm State Change"}})"));
}

TEST(BodyMatching, EmptyStringsMatchAndEmptyArraysDoNotBreakMatching) {
  const char* body = R"({"id":"1f9cfd7b","source":"","resources":[],"detail":{"name":""}})";
  EXPECT_TRUE(body_passes(R"({"source":[""]})", body));
  EXPECT_TRUE(body_passes(R"({"source":[""],"detail":{"name":[""]}})", body));
  EXPECT_FALSE(body_passes(R"({"id":[""]})", body));
  EXPECT_FALSE(body_passes(R"({"resources":[{"exists":true}]})", body));
}

TEST(BodyMatching, JsonStringsAreNotNumbers) {
  const char* policy = R"({"n":[{"numeric":[">",2]}]})";
  EXPECT_FALSE(body_passes(policy, R"({"n":"3"})"));
  EXPECT_TRUE(body_passes(policy, R"({"n":3})"));
  EXPECT_TRUE(body_passes(policy, R"({"n":[1,3.5e0]})"));
  EXPECT_FALSE(body_passes(R"({"n":[{"prefix":"3"}]})", R"({"n":3})"));
  EXPECT_TRUE(body_passes(R"({"n":["3"]})", R"({"n":"3"})"));
  EXPECT_FALSE(body_passes(R"({"n":[3]})", R"({"n":"3"})"));
}

TEST(BodyMatching, NullIsAValueNotAbsence) {
  EXPECT_TRUE(body_passes(R"({"k":[null]})", R"({"k":null})"));
  EXPECT_FALSE(body_passes(R"({"k":[null]})", R"({})"));
  EXPECT_FALSE(body_passes(R"({"k":[{"exists":false}]})", R"({"k":null})"));
  EXPECT_FALSE(body_passes(R"({"k":[{"anything-but":"x"}]})", R"({})"));
  EXPECT_TRUE(body_passes(R"({"k":[{"anything-but":"x"}]})", R"({"k":"y"})"));
}

TEST(BodyMatching, AttributesAreNotConsultedInBodyScope) {
  auto policy = must_compile(R"({"kind":["expiry"]})", Scope::kMessageBody);
  EXPECT_FALSE(policy.matches("{}", {{"kind", str("expiry")}}));
  EXPECT_TRUE(policy.matches(R"({"kind":"expiry"})", {}));
}

TEST(BodyMatching, CopiesShareTheCompiledPolicy) {
  auto policy = must_compile(R"({"a":{"b":[{"cidr":"192.168.0.0/16"}]}})", Scope::kMessageBody);
  const FilterPolicy copy = policy;
  EXPECT_TRUE(copy.matches(R"({"a":{"b":"192.168.10.1"}})", {}));
  EXPECT_FALSE(copy.matches(R"({"a":{"b":"192.169.0.1"}})", {}));
}

}  // namespace
}  // namespace certflow::notify::filter::testing
