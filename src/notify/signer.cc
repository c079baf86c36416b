#include "notify/signer.h"

#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "pki/openssl_handles.h"
#include "pki/pem_io.h"

namespace certflow::notify {
namespace {

using BignumPtr = std::unique_ptr<BIGNUM, pki::OpenSslFree<&BN_free>>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, pki::OpenSslFree<&EVP_MD_CTX_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, pki::OpenSslFree<&X509_EXTENSION_free>>;

constexpr char kResourceKind[] = "sns-signing-key";
constexpr char kResourceName[] = "default";
// Binds the sealed key to its purpose: a sealed value copied from another record fails to open.
constexpr char kAssociatedData[] = "sns-signing-key";
constexpr char kCommonName[] = "sns.certflow.local";
constexpr int kValidityDays = 3650;

Error openssl_failure(const std::string& what) {
  return Error{ErrorCode::kInternal, "SNS signing key: " + what + " failed (OpenSSL)"};
}

// The key and its certificate as they live in memory and in the store.
struct KeyMaterial {
  std::string certificate_pem;
  crypto::SecretBytes private_key_der;
};

Result<crypto::SecretBytes> pkcs8_der(EVP_PKEY& key) {
  // A secure-memory BIO is wiped when freed: the key never lingers in ordinary heap.
  pki::BioPtr bio(BIO_new(BIO_s_secmem()));
  if (!bio ||
      i2d_PKCS8PrivateKey_bio(bio.get(), &key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return tl::unexpected(openssl_failure("encoding the key"));
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  if (length <= 0) return tl::unexpected(openssl_failure("encoding the key"));
  return crypto::SecretBytes(std::string(data, static_cast<size_t>(length)));
}

Status add_extension(X509& cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, &cert, &cert, nullptr, nullptr, 0);
  ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  if (!extension || X509_add_ext(&cert, extension.get(), -1) != 1) {
    return tl::unexpected(openssl_failure("adding a certificate extension"));
  }
  return {};
}

// A fresh RSA 2048 key and a self-signed certificate for it, valid from a day before `now`
// (receivers' clocks drift) for ten years.
Result<KeyMaterial> create_key_material(TimePoint now) {
  pki::EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}));
  pki::X509Ptr cert(X509_new());
  if (!key || !cert) return tl::unexpected(openssl_failure("generating the RSA key"));

  BignumPtr serial(BN_new());
  if (!serial || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()))) {
    return tl::unexpected(openssl_failure("choosing a serial number"));
  }
  const auto epoch_seconds = [](TimePoint t) {
    return static_cast<time_t>(to_epoch_millis(t) / 1000);
  };
  const time_t start = epoch_seconds(now - std::chrono::hours(24));
  const time_t end = epoch_seconds(now + std::chrono::days(kValidityDays));
  X509_NAME* name = X509_get_subject_name(cert.get());
  const auto* cn = reinterpret_cast<const unsigned char*>(kCommonName);
  if (X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
      !ASN1_TIME_set(X509_getm_notBefore(cert.get()), start) ||
      !ASN1_TIME_set(X509_getm_notAfter(cert.get()), end) ||
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, cn, -1, -1, 0) != 1 ||
      X509_set_issuer_name(cert.get(), name) != 1 || X509_set_pubkey(cert.get(), key.get()) != 1) {
    return tl::unexpected(openssl_failure("filling in the certificate"));
  }
  for (auto [nid, value] : {std::pair{NID_basic_constraints, "critical,CA:FALSE"},
                            std::pair{NID_key_usage, "critical,digitalSignature"},
                            std::pair{NID_subject_key_identifier, "hash"}}) {
    if (auto added = add_extension(*cert, nid, value); !added) return tl::unexpected(added.error());
  }
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) {
    return tl::unexpected(openssl_failure("signing the certificate"));
  }
  auto pem = pki::certificate_pem(*cert);
  if (!pem) return tl::unexpected(pem.error());
  auto der = pkcs8_der(*key);
  if (!der) return tl::unexpected(der.error());
  return KeyMaterial{std::move(*pem), std::move(*der)};
}

Result<store::ResourceRow> to_row(const crypto::MasterKey& master, const KeyMaterial& material,
                                  TimePoint now) {
  auto sealed = crypto::seal(master, material.private_key_der.view(), kAssociatedData);
  if (!sealed) return tl::unexpected(sealed.error());
  nlohmann::json details = {
      {"certificate_pem", material.certificate_pem},
      {"wrapped_data_key", crypto::base64_encode(sealed->wrapped_data_key)},
      {"sealed_private_key", crypto::base64_encode(sealed->ciphertext)},
  };
  const int64_t now_ms = to_epoch_millis(now);
  return store::ResourceRow{kResourceKind, kResourceName, "", details.dump(), now_ms, now_ms};
}

Result<KeyMaterial> from_row(const crypto::MasterKey& master, const store::ResourceRow& row) {
  const Error damaged{ErrorCode::kInternal,
                      "The stored SNS signing key (resource sns-signing-key/default) is damaged; "
                      "delete it to have certflow make a new one (receivers must then fetch the "
                      "new certificate)."};
  auto details = nlohmann::json::parse(row.details_json, nullptr, false);
  if (!details.is_object() || !details.contains("certificate_pem") ||
      !details.contains("wrapped_data_key") || !details.contains("sealed_private_key")) {
    return tl::unexpected(damaged);
  }
  const auto text = [&details](const char* key) { return details[key].get<std::string>(); };
  auto wrapped = crypto::base64_decode(text("wrapped_data_key"));
  auto ciphertext = crypto::base64_decode(text("sealed_private_key"));
  if (!wrapped || !ciphertext) return tl::unexpected(damaged);
  auto der = crypto::open(master, crypto::SealedSecret{*wrapped, *ciphertext}, kAssociatedData);
  if (!der) {
    return fail(
        ErrorCode::kInternal,
        "The stored SNS signing key cannot be opened with this master key: " + der.error().message);
  }
  auto cert = pki::read_one_certificate(text("certificate_pem"));
  auto key = pki::read_private_key(der->view());
  if (!cert || !key || X509_check_private_key(cert->get(), key->get()) != 1) {
    return tl::unexpected(damaged);
  }
  return KeyMaterial{text("certificate_pem"), std::move(*der)};
}

Result<std::string> certificate_der(const std::string& pem) {
  auto cert = pki::read_one_certificate(pem);
  if (!cert) return tl::unexpected(cert.error());
  unsigned char* out = nullptr;
  const int length = i2d_X509(cert->get(), &out);
  if (length <= 0) return tl::unexpected(openssl_failure("encoding the certificate"));
  pki::OpenSslBuffer<unsigned char> owned(out);
  return std::string(reinterpret_cast<const char*>(owned.get()), static_cast<size_t>(length));
}

Result<KeyMaterial> load_or_create_material(store::Store& store, const crypto::MasterKey& master,
                                            const Clock& clock) {
  auto existing = store.get_resource(kResourceKind, kResourceName);
  if (!existing) return tl::unexpected(existing.error());
  if (*existing) return from_row(master, **existing);

  // Generated outside the transaction (it takes a while); a concurrent first start that stored
  // its key meanwhile wins, and this one is dropped.
  auto created = create_key_material(clock.now());
  if (!created) return tl::unexpected(created.error());
  auto txn = store.begin();
  if (!txn) return tl::unexpected(txn.error());
  auto raced = (*txn)->get_resource(kResourceKind, kResourceName);
  if (!raced) return tl::unexpected(raced.error());
  if (*raced) return from_row(master, **raced);
  auto row = to_row(master, *created, clock.now());
  if (!row) return tl::unexpected(row.error());
  if (auto put = (*txn)->put_resource(*row); !put) return tl::unexpected(put.error());
  if (auto committed = (*txn)->commit(); !committed) return tl::unexpected(committed.error());
  return created;
}

void add_field(std::string& out, const char* key, const std::string& value) {
  out.append(key).push_back('\n');
  out.append(value).push_back('\n');
}

}  // namespace

struct MessageSigner::SigningState {
  // Enough for every message of a few delivery batches in flight at once.
  static constexpr size_t kRememberedSignatures = 1024;

  pki::EvpPkeyPtr key;  // signing with one EVP_PKEY from several threads is safe (OpenSSL 3)
  std::mutex mutex;
  std::unordered_map<std::string, std::string> signatures;  // "<version>|<sha256 of text>"
  std::deque<std::string> order;                            // oldest first, for eviction

  std::optional<std::string> remembered(const std::string& key_text) {
    std::lock_guard lock(mutex);
    auto it = signatures.find(key_text);
    if (it == signatures.end()) return std::nullopt;
    return it->second;
  }
  void remember(const std::string& key_text, const std::string& signature) {
    std::lock_guard lock(mutex);
    if (!signatures.emplace(key_text, signature).second) return;
    order.push_back(key_text);
    if (order.size() > kRememberedSignatures) {
      signatures.erase(order.front());
      order.pop_front();
    }
  }
};

Result<MessageSigner> MessageSigner::load_or_create(store::Store& store,
                                                    const crypto::MasterKey& master,
                                                    const Clock& clock, std::string public_url) {
  pki::ErrorQueueGuard errors;
  auto material = load_or_create_material(store, master, clock);
  if (!material) return tl::unexpected(material.error());
  auto der = certificate_der(material->certificate_pem);
  if (!der) return tl::unexpected(der.error());

  MessageSigner signer;
  signer.public_url_ = std::move(public_url);
  while (!signer.public_url_.empty() && signer.public_url_.back() == '/') {
    signer.public_url_.pop_back();
  }
  signer.certificate_pem_ = std::move(material->certificate_pem);
  signer.certificate_path_ =
      "/SimpleNotificationService-" + crypto::sha256_hex(*der).substr(0, 32) + ".pem";
  auto key = pki::read_private_key(material->private_key_der.view());
  if (!key) return tl::unexpected(openssl_failure("reading the key"));
  signer.state_ = std::make_shared<SigningState>();
  signer.state_->key = std::move(*key);
  return signer;
}

Result<std::string> MessageSigner::sign(std::string_view text, int signature_version) const {
  if (signature_version != 1 && signature_version != 2) {
    return fail(ErrorCode::kInternal,
                "SignatureVersion " + std::to_string(signature_version) + " is not 1 or 2");
  }
  const std::string remembered_as =
      std::to_string(signature_version) + "|" + crypto::sha256_hex(text);
  if (auto signature = state_->remembered(remembered_as)) return *signature;
  pki::ErrorQueueGuard errors;
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  const EVP_MD* digest = signature_version == 1 ? EVP_sha1() : EVP_sha256();
  size_t length = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, digest, nullptr, state_->key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, data, text.size()) != 1) {
    return tl::unexpected(openssl_failure("signing"));
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, data,
                     text.size()) != 1) {
    return tl::unexpected(openssl_failure("signing"));
  }
  signature.resize(length);
  std::string encoded = crypto::base64_encode(signature);
  state_->remember(remembered_as, encoded);
  return encoded;
}

std::string notification_timestamp(TimePoint time) {
  const auto day = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss clock_time{time - day};
  char text[32];
  std::snprintf(text, sizeof(text), "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int{date.year()},
                unsigned{date.month()}, unsigned{date.day()},
                static_cast<int>(clock_time.hours().count()),
                static_cast<int>(clock_time.minutes().count()),
                static_cast<int>(clock_time.seconds().count()),
                static_cast<int>(clock_time.subseconds().count()));
  return text;
}

std::string string_to_sign(const Notification& n) {
  std::string out;
  add_field(out, "Message", n.message);
  add_field(out, "MessageId", n.message_id);
  if (n.type == MessageType::kNotification) {
    if (n.subject) add_field(out, "Subject", *n.subject);
  } else {
    add_field(out, "SubscribeURL", n.subscribe_url);
  }
  add_field(out, "Timestamp", notification_timestamp(n.timestamp));
  if (n.type != MessageType::kNotification) add_field(out, "Token", n.token);
  add_field(out, "TopicArn", n.topic_arn);
  add_field(out, "Type", message_type_name(n.type));
  return out;
}

Result<std::string> json_envelope(const Notification& n, const MessageSigner& signer) {
  auto signature = signer.sign(string_to_sign(n), n.signature_version);
  if (!signature) return tl::unexpected(signature.error());
  const bool notification = n.type == MessageType::kNotification;
  // In the order SNS writes the keys (receivers must not care, but people read these).
  nlohmann::ordered_json doc;
  doc["Type"] = message_type_name(n.type);
  doc["MessageId"] = n.message_id;
  if (!notification) doc["Token"] = n.token;
  doc["TopicArn"] = n.topic_arn;
  if (notification && n.subject) doc["Subject"] = *n.subject;
  doc["Message"] = n.message;
  if (!notification) doc["SubscribeURL"] = n.subscribe_url;
  doc["Timestamp"] = notification_timestamp(n.timestamp);
  doc["SignatureVersion"] = std::to_string(n.signature_version);
  doc["Signature"] = *signature;
  doc["SigningCertURL"] = signer.signing_cert_url();
  if (notification) {
    doc["UnsubscribeURL"] = n.unsubscribe_url;
    if (!n.attributes.empty()) {
      nlohmann::ordered_json attributes = nlohmann::ordered_json::object();
      for (const auto& [name, attribute] : n.attributes) {
        attributes[name] = {{"Type", attribute.data_type}, {"Value", attribute.value}};
      }
      doc["MessageAttributes"] = std::move(attributes);
    }
  }
  // Invalid UTF-8 cannot reach here (Publish refuses it); replacing keeps dump() from throwing.
  return doc.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace certflow::notify
