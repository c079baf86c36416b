// For the signer and the http, sqs and lambda channel tests: a MessageSigner over a real SQLite
// store in a temporary directory, sample notifications of the three types, and two independent
// checks of a signature — OpenSSL directly, and the reference verifier sns_verify.py (Python's
// cryptography package), which knows nothing of certflow's code.
#pragma once

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "crypto/encoding.h"
#include "notify/signer.h"
#include "store/store_test_support.h"  // tests/unit/store

namespace certflow::notify::testing {

using store::testing::must;

inline constexpr char kTopicArn[] = "arn:aws:sns:us-east-1:000000000000:cert-alerts";
inline constexpr char kSubscriptionArn[] =
    "arn:aws:sns:us-east-1:000000000000:cert-alerts:5b0e3c9a-1f2d-4e6a-9b7c-8d1e2f3a4b5c";
inline constexpr char kPublicUrl[] = "http://127.0.0.1:8443";
// 2026-11-27T10:15:30.123Z
inline const TimePoint kPublished = from_epoch_millis(1'795'774'530'123);

inline crypto::MasterKey master_key(char fill = 'k') {
  return *crypto::MasterKey::from_bytes(crypto::SecretBytes(std::string(32, fill)));
}

// A notification as the topics engine hands it to a channel.
inline Notification sample_notification(std::optional<std::string> subject = "Certificate expiring",
                                        std::string message = "cert 0f6c expires in 14 days") {
  Notification n;
  n.type = MessageType::kNotification;
  n.message_id = "0b9d9a7e-8c55-4e0f-9a41-6f0f2d1c3b7a";
  n.topic_arn = kTopicArn;
  n.subscription_arn = kSubscriptionArn;
  n.protocol = "https";
  n.endpoint = "https://receiver.example.com/sns";
  n.message = std::move(message);
  n.subject = std::move(subject);
  n.timestamp = kPublished;
  n.unsubscribe_url =
      std::string(kPublicUrl) + "/?Action=Unsubscribe&SubscriptionArn=" + kSubscriptionArn;
  return n;
}

inline Notification sample_confirmation(MessageType type) {
  Notification n = sample_notification(std::nullopt);
  n.type = type;
  n.subject.reset();
  n.token = std::string(64, 'a') + "2336f00dcafe";
  n.message = type == MessageType::kSubscriptionConfirmation
                  ? std::string("You have chosen to subscribe to the topic ") + kTopicArn +
                        ".\nTo confirm the subscription, visit the SubscribeURL included in this "
                        "message."
                  : std::string("You have chosen to deactivate subscription ") + kSubscriptionArn +
                        ".\nTo cancel this operation and restore the subscription, visit the "
                        "SubscribeURL included in this message.";
  n.subscribe_url = std::string(kPublicUrl) + "/?Action=ConfirmSubscription&TopicArn=" + kTopicArn +
                    "&Token=" + n.token;
  return n;
}

class SignerTest : public ::testing::Test {
 protected:
  SignerTest() : clock_(kPublished), master_(master_key()) {}

  void SetUp() override {
    store_ = must(engine_.open());
    signer_.emplace(must(MessageSigner::load_or_create(*store_, master_, clock_, kPublicUrl)));
  }

  // Closes the store and opens it again, as a restart does.
  void reopen() {
    store_.reset();
    store_ = must(engine_.open());
  }

  const MessageSigner& signer() const { return *signer_; }
  store::Store& store() { return *store_; }

  store::testing::SqliteEngine engine_;
  SimulatedClock clock_;
  crypto::MasterKey master_;
  std::unique_ptr<store::Store> store_;
  std::optional<MessageSigner> signer_;
};

// Checks `signature_b64` over `text` with the certificate's public key, SHA-1 (version 1) or
// SHA-256 (version 2), straight through OpenSSL.
inline bool openssl_verifies(const std::string& text, const std::string& signature_b64,
                             const std::string& certificate_pem, int version) {
  auto signature = crypto::base64_decode(signature_b64);
  if (!signature) return false;
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(certificate_pem.data(), static_cast<int>(certificate_pem.size())), &BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), &X509_free);
  if (!cert) return false;
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(X509_get_pubkey(cert.get()),
                                                          &EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!key || !ctx ||
      EVP_DigestVerifyInit(ctx.get(), nullptr, version == 1 ? EVP_sha1() : EVP_sha256(), nullptr,
                           key.get()) != 1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature->data()),
                          signature->size(), reinterpret_cast<const unsigned char*>(text.data()),
                          text.size()) == 1;
}

// What /usr/bin/python3 sns_verify.py MESSAGE.json CERT.pem prints ("verified: True" or
// "verified: False"), trimmed.
inline std::string reference_verify(const std::string& message_json,
                                    const std::string& certificate_pem) {
  store::testing::TempDir dir;
  const std::string message_path = dir.path() + "/message.json";
  const std::string cert_path = dir.path() + "/cert.pem";
  std::ofstream(message_path, std::ios::binary) << message_json;
  std::ofstream(cert_path, std::ios::binary) << certificate_pem;
  const std::string command = std::string("/usr/bin/python3 ") + CERTFLOW_REFERENCE_DIR +
                              "/sns_verify.py " + message_path + " " + cert_path + " 2>&1";
  std::unique_ptr<FILE, decltype(&pclose)> pipe(popen(command.c_str(), "r"), &pclose);
  if (!pipe) return "popen failed";
  std::string output;
  std::array<char, 512> buffer{};
  while (size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) {
    output.append(buffer.data(), n);
  }
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  return output;
}

}  // namespace certflow::notify::testing
