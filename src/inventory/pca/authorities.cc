// CreateCertificateAuthority, DescribeCertificateAuthority, ListCertificateAuthorities.
#include <cctype>
#include <chrono>

#include "core/ids.h"
#include "crypto/encoding.h"
#include "inventory/pca/ca_access.h"

namespace certflow::pca {

namespace {

constexpr auto kIdempotencyLifetime = std::chrono::minutes(5);
constexpr const char* kCreateScope = "acm-pca:CreateCertificateAuthority";
constexpr size_t kMaxTags = 50;
constexpr size_t kDefaultPageSize = 1000;
constexpr const char* kPagePrefix = "certflow-pca-ca-page:";

bool one_of(const std::string& value, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed) {
    if (value == a) return true;
  }
  return false;
}

// Private CA offers these, certflow's OpenSSL build signs with none of them.
bool known_but_unsupported(const std::string& algorithm) {
  return algorithm.rfind("ML_DSA_", 0) == 0 || algorithm == "SM2" || algorithm == "SM3WITHSM2";
}

Status check_algorithms(const CaConfiguration& configuration) {
  for (const std::string* algorithm :
       {&configuration.key_algorithm, &configuration.signing_algorithm}) {
    if (known_but_unsupported(*algorithm)) {
      return fail(ErrorCode::kInvalidArgs,
                  "The algorithm " + *algorithm +
                      " is not supported by certflow. Use one of the key algorithms RSA_2048, "
                      "RSA_3072, RSA_4096, EC_prime256v1, EC_secp384r1, EC_secp521r1 with a "
                      "SHA*WITHRSA or SHA*WITHECDSA signing algorithm.");
    }
  }
  if (auto ok = pki::check_key_algorithm(configuration.key_algorithm); !ok) return ok;
  return pki::check_signing_algorithm(configuration.signing_algorithm, configuration.key_algorithm);
}

Status check_subject(const pki::DistinguishedName& subject) {
  if (subject == pki::DistinguishedName{}) {
    return fail(ErrorCode::kInvalidArgs,
                "The CA's Subject must have at least one member, for example CommonName.");
  }
  if (!subject.country.empty()) {
    bool letters = subject.country.size() == 2;
    for (char c : subject.country) letters = letters && std::isalpha(static_cast<unsigned char>(c));
    if (!letters) {
      return fail(
          ErrorCode::kInvalidArgs,
          "Subject.Country must be a two-letter country code; got \"" + subject.country + "\".");
    }
  }
  return {};
}

Status check_tags(const std::vector<store::Tag>& tags) {
  if (tags.size() > kMaxTags) {
    return fail(ErrorCode::kTooManyTags, "A certificate authority can have at most 50 tags; " +
                                             std::to_string(tags.size()) + " were given.");
  }
  for (size_t i = 0; i < tags.size(); ++i) {
    if (auto ok = inventory::validate_tag(tags[i]); !ok) return ok;
    for (size_t j = 0; j < i; ++j) {
      if (tags[j].key == tags[i].key) {
        return fail(ErrorCode::kInvalidTag, "Tag key '" + tags[i].key + "' is given twice.");
      }
    }
  }
  return {};
}

Status validate_create(const CreateCaRequest& request) {
  if (!one_of(request.type, {"ROOT", "SUBORDINATE"})) {
    return fail(
        ErrorCode::kInvalidArgs,
        "CertificateAuthorityType must be ROOT or SUBORDINATE; got \"" + request.type + "\".");
  }
  if (auto ok = check_algorithms(request.configuration); !ok) return ok;
  if (auto ok = check_subject(request.configuration.subject); !ok) return ok;
  if (auto ok = validate_revocation(request.revocation); !ok) return ok;
  if (!one_of(request.key_storage_security_standard,
              {"FIPS_140_2_LEVEL_2_OR_HIGHER", "FIPS_140_2_LEVEL_3_OR_HIGHER",
               "CCPC_LEVEL_1_OR_HIGHER"})) {
    return fail(ErrorCode::kInvalidArgs,
                "KeyStorageSecurityStandard \"" + request.key_storage_security_standard +
                    "\" is not one of FIPS_140_2_LEVEL_2_OR_HIGHER, "
                    "FIPS_140_2_LEVEL_3_OR_HIGHER, CCPC_LEVEL_1_OR_HIGHER.");
  }
  if (!one_of(request.usage_mode, {"GENERAL_PURPOSE", "SHORT_LIVED_CERTIFICATE"})) {
    return fail(ErrorCode::kInvalidArgs,
                "UsageMode must be GENERAL_PURPOSE or "
                "SHORT_LIVED_CERTIFICATE; got \"" +
                    request.usage_mode + "\".");
  }
  return check_tags(request.tags);
}

// The ARN a token already created, if it is still remembered.
Result<std::optional<std::string>> remembered(store::Transaction& txn, const std::string& token,
                                              TimePoint now) {
  auto seen = txn.get_idempotency(kCreateScope, token, to_epoch_millis(now));
  if (!seen) return tl::unexpected(seen.error());
  if (!*seen) return std::optional<std::string>();
  return std::optional<std::string>((*seen)->response);
}

std::string page_token(const std::string& last_uuid) {
  return crypto::base64_encode(kPagePrefix + last_uuid);
}

Result<std::string> page_start(const std::string& token) {
  auto text = crypto::base64_decode(token);
  const std::string prefix = kPagePrefix;
  if (!text || text->rfind(prefix, 0) != 0 || text->size() == prefix.size()) {
    return fail(ErrorCode::kInvalidNextToken,
                "The NextToken is not valid. Pass the NextToken exactly as the previous response "
                "returned it.");
  }
  return text->substr(prefix.size());
}

}  // namespace

CertificateAuthorities::CertificateAuthorities(store::Store& store,
                                               const crypto::MasterKey& master_key,
                                               const Clock& clock, Config config)
    : store_(store), master_key_(master_key), clock_(clock), config_(std::move(config)) {}

Result<std::string> CertificateAuthorities::create(const CreateCaRequest& request) {
  if (auto ok = validate_create(request); !ok) return tl::unexpected(ok.error());
  if (request.idempotency_token) {
    // A cheap look first, so a retry does not pay for a key it would throw away.
    auto txn = store_.begin();
    if (!txn) return tl::unexpected(txn.error());
    auto arn = remembered(**txn, *request.idempotency_token, clock_.now());
    if (!arn) return tl::unexpected(arn.error());
    if (*arn) return **arn;
  }

  // Key generation (RSA_4096 takes a while) happens outside the write transaction.
  const CaConfiguration& configuration = request.configuration;
  auto key = pki::generate_private_key(configuration.key_algorithm);
  if (!key) return tl::unexpected(key.error());
  auto csr = pki::build_csr(*key, configuration.subject, {}, configuration.signing_algorithm);
  if (!csr) return tl::unexpected(csr.error());

  CaRecord ca;
  ca.uuid = new_uuid();
  ca.arn = ca_arn(config_, ca.uuid);
  auto sealed = seal_ca_key(master_key_, ca.arn, *key);
  if (!sealed) return tl::unexpected(sealed.error());
  ca.sealed_key = std::move(*sealed);
  ca.csr_pem = std::move(*csr);
  ca.type = request.type;
  ca.status = "PENDING_CERTIFICATE";
  ca.configuration = configuration;
  ca.revocation = request.revocation;
  ca.key_storage_security_standard = request.key_storage_security_standard;
  ca.usage_mode = request.usage_mode;

  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  const TimePoint now = clock_.now();
  if (request.idempotency_token) {
    // Another request with the token may have committed while the key was generated.
    auto arn = remembered(**txn, *request.idempotency_token, now);
    if (!arn) return tl::unexpected(arn.error());
    if (*arn) return **arn;
    store::IdempotencyRecord record{kCreateScope, *request.idempotency_token, "", ca.arn,
                                    to_epoch_millis(now + kIdempotencyLifetime)};
    if (auto ok = (*txn)->put_idempotency(record); !ok) return tl::unexpected(ok.error());
  }
  ca.created_at_ms = ca.last_state_change_ms = to_epoch_millis(now);
  if (auto ok = save_ca(**txn, ca, now); !ok) return tl::unexpected(ok.error());
  if (!request.tags.empty()) {
    if (auto ok = (*txn)->put_resource_tags(ca.arn, request.tags); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  if (auto ok = (*txn)->commit(); !ok) return tl::unexpected(ok.error());
  return ca.arn;
}

Result<CertificateAuthority> CertificateAuthorities::describe(const std::string& ca_arn) {
  const TimePoint now = clock_.now();
  auto ca = load_ca(store_, config_, ca_arn, now);
  if (!ca) return tl::unexpected(ca.error());
  return to_view(*ca, config_, now);
}

Result<Page<CertificateAuthority>> CertificateAuthorities::list(
    size_t max_results, const std::optional<std::string>& next_token) {
  constexpr size_t kBatch = 200;
  const size_t limit = max_results == 0 ? kDefaultPageSize : max_results;
  std::optional<std::string> after;
  if (next_token) {
    auto start = page_start(*next_token);
    if (!start) return tl::unexpected(start.error());
    after = std::move(*start);
  }
  const TimePoint now = clock_.now();
  Page<CertificateAuthority> page;
  std::string last_uuid;
  for (;;) {
    auto rows = store_.list_resources(store::ResourceListRequest{kCaKind, "", after, kBatch});
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& row : *rows) {
      auto ca = ca_from_row(row);
      if (!ca) return tl::unexpected(ca.error());
      if (permanently_deleted(*ca, now)) continue;
      if (page.items.size() == limit) {
        page.next_token = page_token(last_uuid);
        return page;
      }
      page.items.push_back(to_view(*ca, config_, now));
      last_uuid = ca->uuid;
    }
    if (rows->size() < kBatch) return page;
    after = rows->back().name;
  }
}

}  // namespace certflow::pca
