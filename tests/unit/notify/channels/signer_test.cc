// SNS message signatures (sns-message-signing.md): the string to sign, the JSON envelope, the
// signing key kept sealed in the store, and signatures checked by OpenSSL and by the reference
// verifier.
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <nlohmann/json.hpp>

#include "crypto/hash.h"
#include "signer_fixture.h"

namespace certflow::notify::testing {
namespace {

using nlohmann::json;

const std::string kTopic = kTopicArn;
const std::string kNotificationTail =
    "Timestamp\n2026-11-27T10:15:30.123Z\nTopicArn\n" + kTopic + "\nType\nNotification\n";

TEST(StringToSign, NotificationWithSubjectIsTheReferenceLayout) {
  // The layout check of sns_verify.py's self-test, byte for byte.
  EXPECT_EQ(string_to_sign(sample_notification()),
            "Message\ncert 0f6c expires in 14 days\nMessageId\n"
            "0b9d9a7e-8c55-4e0f-9a41-6f0f2d1c3b7a\nSubject\nCertificate expiring\n"
            "Timestamp\n2026-11-27T10:15:30.123Z\nTopicArn\n"
            "arn:aws:sns:us-east-1:000000000000:cert-alerts\nType\nNotification\n");
}

TEST(StringToSign, NotificationWithoutSubjectLeavesTheKeyOut) {
  EXPECT_EQ(string_to_sign(sample_notification(std::nullopt)),
            "Message\ncert 0f6c expires in 14 days\nMessageId\n"
            "0b9d9a7e-8c55-4e0f-9a41-6f0f2d1c3b7a\n" +
                kNotificationTail);
  // An empty subject is still a subject.
  EXPECT_NE(string_to_sign(sample_notification("")).find("Subject\n\nTimestamp"),
            std::string::npos);
}

TEST(StringToSign, MultiLineMessagesKeepTheirNewlines) {
  EXPECT_EQ(
      string_to_sign(sample_notification(std::nullopt, "line one\nline two \u00e9")),
      "Message\nline one\nline two \u00e9\nMessageId\n0b9d9a7e-8c55-4e0f-9a41-6f0f2d1c3b7a\n" +
          kNotificationTail);
}

TEST(StringToSign, ConfirmationsSignSubscribeUrlAndToken) {
  for (MessageType type :
       {MessageType::kSubscriptionConfirmation, MessageType::kUnsubscribeConfirmation}) {
    const Notification n = sample_confirmation(type);
    EXPECT_EQ(string_to_sign(n),
              "Message\n" + n.message +
                  "\nMessageId\n0b9d9a7e-8c55-4e0f-9a41-6f0f2d1c3b7a\n"
                  "SubscribeURL\n" +
                  n.subscribe_url + "\nTimestamp\n2026-11-27T10:15:30.123Z\nToken\n" + n.token +
                  "\nTopicArn\n" + kTopic + "\nType\n" + message_type_name(type) + "\n");
  }
}

TEST(NotificationTimestamp, AlwaysHasThreeDigitsOfMilliseconds) {
  EXPECT_EQ(notification_timestamp(kPublished), "2026-11-27T10:15:30.123Z");
  EXPECT_EQ(notification_timestamp(from_epoch_millis(1'795'774'530'000)),
            "2026-11-27T10:15:30.000Z");
  EXPECT_EQ(notification_timestamp(from_epoch_millis(7)), "1970-01-01T00:00:00.007Z");
}

TEST_F(SignerTest, SignaturesVerifyWithOpenSslForBothVersions) {
  const std::string text = string_to_sign(sample_notification());
  const std::string v1 = must(signer().sign(text, 1));
  const std::string v2 = must(signer().sign(text, 2));
  EXPECT_TRUE(openssl_verifies(text, v1, signer().certificate_pem(), 1));
  EXPECT_TRUE(openssl_verifies(text, v2, signer().certificate_pem(), 2));
  // Each version is its own digest: a relabelled signature does not pass.
  EXPECT_FALSE(openssl_verifies(text, v1, signer().certificate_pem(), 2));
  EXPECT_FALSE(openssl_verifies(text, v2, signer().certificate_pem(), 1));
  // Tampering with the text, or dropping the final newline, breaks it.
  EXPECT_FALSE(openssl_verifies(text + "x", v1, signer().certificate_pem(), 1));
  EXPECT_FALSE(
      openssl_verifies(text.substr(0, text.size() - 1), v2, signer().certificate_pem(), 2));
  // A 2048-bit RSA signature is 256 bytes.
  EXPECT_EQ(crypto::base64_decode(v1)->size(), 256u);
}

TEST_F(SignerTest, UnknownSignatureVersionIsRefused) {
  auto signed_v3 = signer().sign("text", 3);
  ASSERT_FALSE(signed_v3);
  EXPECT_NE(signed_v3.error().message.find("SignatureVersion 3"), std::string::npos);
}

TEST_F(SignerTest, CertificatePathIsTheSha256OfTheCertificate) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(signer().certificate_pem().data(),
                      static_cast<int>(signer().certificate_pem().size())),
      &BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), &X509_free);
  ASSERT_TRUE(cert);
  unsigned char* der = nullptr;
  const int length = i2d_X509(cert.get(), &der);
  ASSERT_GT(length, 0);
  const std::string hash =
      crypto::sha256_hex(std::string(reinterpret_cast<char*>(der), static_cast<size_t>(length)));
  OPENSSL_free(der);
  EXPECT_EQ(signer().certificate_path(),
            "/SimpleNotificationService-" + hash.substr(0, 32) + ".pem");
  EXPECT_EQ(signer().signing_cert_url(), std::string(kPublicUrl) + signer().certificate_path());

  // What it is: self-signed RSA 2048 for sns.certflow.local, ten years from about now.
  char cn[64] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert.get()), NID_commonName, cn, sizeof(cn));
  EXPECT_STREQ(cn, "sns.certflow.local");
  EXPECT_EQ(X509_NAME_cmp(X509_get_subject_name(cert.get()), X509_get_issuer_name(cert.get())), 0);
  EXPECT_EQ(X509_verify(cert.get(), X509_get0_pubkey(cert.get())), 1);
  EXPECT_EQ(EVP_PKEY_get_bits(X509_get0_pubkey(cert.get())), 2048);
  EXPECT_EQ(EVP_PKEY_get_base_id(X509_get0_pubkey(cert.get())), EVP_PKEY_RSA);
  int days = 0;
  int seconds = 0;
  ASSERT_EQ(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert.get()),
                           X509_get0_notAfter(cert.get())),
            1);
  EXPECT_EQ(days, 3651);  // a day of slack before now, then ten years
  time_t published = static_cast<time_t>(to_epoch_millis(kPublished) / 1000);
  EXPECT_LT(X509_cmp_time(X509_get0_notBefore(cert.get()), &published), 0);
}

TEST_F(SignerTest, TheSameKeyAndCertificateAfterARestart) {
  const std::string text = string_to_sign(sample_notification());
  const std::string before = must(signer().sign(text, 2));
  const std::string pem = signer().certificate_pem();
  const std::string path = signer().certificate_path();

  reopen();
  clock_.advance(std::chrono::hours(24 * 30));
  auto again = must(MessageSigner::load_or_create(store(), master_, clock_, "https://other:9"));
  EXPECT_EQ(again.certificate_pem(), pem);
  EXPECT_EQ(again.certificate_path(), path);
  EXPECT_EQ(again.signing_cert_url(), "https://other:9" + path);
  // RSA PKCS#1 v1.5 is deterministic: the same key gives the same signature.
  EXPECT_EQ(must(again.sign(text, 2)), before);
}

TEST_F(SignerTest, TheKeyIsStoredSealedNotInTheClear) {
  auto row = must(store().get_resource("sns-signing-key", "default"));
  ASSERT_TRUE(row);
  auto details = json::parse(row->details_json);
  EXPECT_EQ(details["certificate_pem"], signer().certificate_pem());
  EXPECT_EQ(row->details_json.find("PRIVATE KEY"), std::string::npos);
  EXPECT_TRUE(crypto::base64_decode(details["sealed_private_key"].get<std::string>()));
  EXPECT_TRUE(crypto::base64_decode(details["wrapped_data_key"].get<std::string>()));

  // Another master key cannot open it, and says so instead of making a new key.
  auto other = MessageSigner::load_or_create(store(), master_key('x'), clock_, kPublicUrl);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kInternal);
  EXPECT_NE(other.error().message.find("master key"), std::string::npos) << other.error().message;
}

TEST_F(SignerTest, EnvelopeOfANotificationHasSnsKeysOnly) {
  Notification n = sample_notification();
  n.signature_version = 2;
  n.attributes["severity"] = {"String", "high"};
  n.attributes["days"] = {"Number", "14"};
  const json doc = json::parse(must(json_envelope(n, signer())));
  EXPECT_EQ(doc["Type"], "Notification");
  EXPECT_EQ(doc["MessageId"], n.message_id);
  EXPECT_EQ(doc["TopicArn"], kTopic);
  EXPECT_EQ(doc["Subject"], "Certificate expiring");
  EXPECT_EQ(doc["Message"], n.message);
  EXPECT_EQ(doc["Timestamp"], "2026-11-27T10:15:30.123Z");
  EXPECT_EQ(doc["SignatureVersion"], "2");  // a string, as SNS sends it
  EXPECT_EQ(doc["SigningCertURL"], signer().signing_cert_url());
  EXPECT_EQ(doc["UnsubscribeURL"], n.unsubscribe_url);
  EXPECT_EQ(doc["MessageAttributes"], json::parse(R"({"days":{"Type":"Number","Value":"14"},
                            "severity":{"Type":"String","Value":"high"}})"));
  EXPECT_FALSE(doc.contains("Token"));
  EXPECT_FALSE(doc.contains("SubscribeURL"));
  EXPECT_TRUE(openssl_verifies(string_to_sign(n), doc["Signature"], signer().certificate_pem(), 2));

  const json bare = json::parse(must(json_envelope(sample_notification(std::nullopt), signer())));
  EXPECT_FALSE(bare.contains("Subject"));
  EXPECT_FALSE(bare.contains("MessageAttributes"));
  EXPECT_EQ(bare["SignatureVersion"], "1");
}

TEST_F(SignerTest, EnvelopeOfAConfirmationCarriesTokenAndSubscribeUrl) {
  for (MessageType type :
       {MessageType::kSubscriptionConfirmation, MessageType::kUnsubscribeConfirmation}) {
    const Notification n = sample_confirmation(type);
    const json doc = json::parse(must(json_envelope(n, signer())));
    EXPECT_EQ(doc["Type"], message_type_name(type));
    EXPECT_EQ(doc["Token"], n.token);
    EXPECT_EQ(doc["SubscribeURL"], n.subscribe_url);
    EXPECT_EQ(doc["Message"], n.message);
    EXPECT_FALSE(doc.contains("UnsubscribeURL"));
    EXPECT_FALSE(doc.contains("Subject"));
    EXPECT_FALSE(doc.contains("MessageAttributes"));
  }
}

// The reference verifier (Python's cryptography, sns_verify.py) accepts what certflow signs.
TEST_F(SignerTest, ReferenceVerifierAcceptsEveryKindOfMessage) {
  std::vector<std::pair<std::string, Notification>> cases;
  for (int version : {1, 2}) {
    const std::string v = " v" + std::to_string(version);
    Notification with_subject = sample_notification();
    Notification without_subject = sample_notification(std::nullopt);
    Notification multi_line = sample_notification(
        std::nullopt, "{\"detail\":{\"DaysToExpiry\":14}}\nline two \u00e9\u2713");
    multi_line.attributes["severity"] = {"String", "high"};
    Notification non_ascii = sample_notification("Zertifikat l\u00e4uft ab \u2013 \U0001F512",
                                                 "\u8a3c\u660e\u66f8\tends\r\nsoon \"quoted\" \\");
    Notification subscribe = sample_confirmation(MessageType::kSubscriptionConfirmation);
    Notification unsubscribe = sample_confirmation(MessageType::kUnsubscribeConfirmation);
    for (auto [label, n] : {std::pair{"notification with subject", with_subject},
                            std::pair{"notification without subject", without_subject},
                            std::pair{"multi-line message with attributes", multi_line},
                            std::pair{"non-ASCII subject and message", non_ascii},
                            std::pair{"subscription confirmation", subscribe},
                            std::pair{"unsubscribe confirmation", unsubscribe}}) {
      n.signature_version = version;
      cases.emplace_back(label + v, n);
    }
  }
  for (const auto& [label, n] : cases) {
    const std::string envelope = must(json_envelope(n, signer()));
    EXPECT_EQ(reference_verify(envelope, signer().certificate_pem()), "verified: True") << label;
  }
}

TEST_F(SignerTest, ReferenceVerifierRejectsTamperedMessages) {
  Notification n = sample_notification();
  const json doc = json::parse(must(json_envelope(n, signer())));
  const std::string pem = signer().certificate_pem();

  json changed_message = doc;
  changed_message["Message"] = n.message + "!";
  EXPECT_EQ(reference_verify(changed_message.dump(), pem), "verified: False");
  json no_subject = doc;
  no_subject.erase("Subject");
  EXPECT_EQ(reference_verify(no_subject.dump(), pem), "verified: False");
  json relabelled = doc;
  relabelled["SignatureVersion"] = "2";
  EXPECT_EQ(reference_verify(relabelled.dump(), pem), "verified: False");
  // Unsigned fields may change (SNS signs only the listed keys).
  json other_link = doc;
  other_link["UnsubscribeURL"] = "https://x.invalid/";
  EXPECT_EQ(reference_verify(other_link.dump(), pem), "verified: True");

  // A certificate of another certflow (another store) does not verify this one's messages.
  store::testing::SqliteEngine other_engine;
  auto other_store = must(other_engine.open());
  auto other = must(MessageSigner::load_or_create(*other_store, master_, clock_, kPublicUrl));
  EXPECT_NE(other.certificate_pem(), pem);
  EXPECT_EQ(reference_verify(doc.dump(), other.certificate_pem()), "verified: False");

  Notification confirmation = sample_confirmation(MessageType::kSubscriptionConfirmation);
  json token = json::parse(must(json_envelope(confirmation, signer())));
  token["Token"] = "0" + confirmation.token.substr(1);
  EXPECT_EQ(reference_verify(token.dump(), pem), "verified: False");
}

}  // namespace
}  // namespace certflow::notify::testing
