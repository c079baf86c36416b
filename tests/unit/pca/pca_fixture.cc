#include "pca_fixture.h"

#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <random>

#include "pki/openssl_handles.h"
#include "pki/test_pki.h"

namespace certflow::pca::testing {

namespace {

using pki::BioPtr;
using pki::X509Ptr;

struct CrlFree {
  void operator()(X509_CRL* crl) const { X509_CRL_free(crl); }
};
using CrlPtr = std::unique_ptr<X509_CRL, CrlFree>;
struct BnFree {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct DistPointsFree {
  void operator()(CRL_DIST_POINTS* points) const { CRL_DIST_POINTS_free(points); }
};
struct AsnIntFree {
  void operator()(ASN1_INTEGER* value) const { ASN1_INTEGER_free(value); }
};
struct EnumFree {
  void operator()(ASN1_ENUMERATED* value) const { ASN1_ENUMERATED_free(value); }
};

X509Ptr read_pem(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return X509Ptr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

std::string hex_of(const ASN1_INTEGER* value) {
  std::unique_ptr<BIGNUM, BnFree> bn(ASN1_INTEGER_to_BN(value, nullptr));
  pki::OpenSslBuffer<char> hex(BN_bn2hex(bn.get()));
  std::string text(hex.get());
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t first = text.find_first_not_of('0');
  return first == std::string::npos ? "0" : text.substr(first);
}

TimePoint time_of(const ASN1_TIME* time) {
  std::tm tm{};
  ASN1_TIME_to_tm(time, &tm);
  return TimePoint(std::chrono::seconds(timegm(&tm)));
}

std::string name_of(X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

}  // namespace

void PcaTest::SetUp() {
  std::random_device random;
  dir_ = std::filesystem::temp_directory_path() /
         ("certflow-pca-" + std::to_string(random()) + std::to_string(random()));
  std::filesystem::create_directories(dir_);
  auto store = store::open_sqlite_store({(dir_ / "certflow.db").string()});
  ASSERT_TRUE(store) << store.error().message;
  store_ = std::move(*store);
  auto master = crypto::MasterKey::from_bytes(crypto::SecretBytes(std::string(32, 'm')));
  ASSERT_TRUE(master);
  master_ = std::make_unique<crypto::MasterKey>(std::move(*master));
  clock_ = std::make_unique<SimulatedClock>(pki::testing::test_now());
  Config config;
  config.region = "eu-west-1";
  config.account_id = "123456789012";
  config.crl_base_url = "http://127.0.0.1:4566/";
  cas_ = std::make_unique<CertificateAuthorities>(*store_, *master_, *clock_, config);
}

void PcaTest::TearDown() {
  cas_.reset();
  store_.reset();
  std::filesystem::remove_all(dir_);
}

CreateCaRequest PcaTest::root_request(const std::string& common_name) {
  CreateCaRequest request;
  request.type = "ROOT";
  request.configuration.key_algorithm = "EC_prime256v1";
  request.configuration.signing_algorithm = "SHA256WITHECDSA";
  request.configuration.subject.common_name = common_name;
  request.configuration.subject.organization = "certflow";
  request.configuration.subject.country = "DE";
  return request;
}

CreateCaRequest PcaTest::subordinate_request(const std::string& common_name) {
  CreateCaRequest request = root_request(common_name);
  request.type = "SUBORDINATE";
  return request;
}

CrlConfiguration PcaTest::crl_enabled(int days) {
  CrlConfiguration crl;
  crl.enabled = true;
  crl.expiration_in_days = days;
  crl.s3_bucket_name = "kept-not-used";
  return crl;
}

std::string PcaTest::create_ok(const CreateCaRequest& request) {
  auto arn = cas_->create(request);
  EXPECT_TRUE(arn) << arn.error().message;
  return arn ? *arn : std::string();
}

void PcaTest::activate_root(const std::string& arn, Validity validity) {
  auto csr = cas_->get_csr(arn);
  ASSERT_TRUE(csr) << csr.error().message;
  IssueRequest request;
  request.ca_arn = arn;
  request.csr = *csr;
  request.signing_algorithm = "SHA256WITHECDSA";
  request.template_arn = "arn:aws:acm-pca:::template/RootCACertificate/V1";
  request.validity = validity;
  auto cert_arn = cas_->issue(request);
  ASSERT_TRUE(cert_arn) << cert_arn.error().message;
  auto cert = cas_->get_certificate(arn, *cert_arn);
  ASSERT_TRUE(cert) << cert.error().message;
  auto imported = cas_->import_ca_certificate(arn, cert->certificate_pem, "");
  ASSERT_TRUE(imported) << imported.error().message;
}

std::string PcaTest::active_root(const CreateCaRequest& request) {
  std::string arn = create_ok(request);
  activate_root(arn);
  return arn;
}

std::string PcaTest::active_subordinate(const std::string& parent, const CreateCaRequest& request,
                                        Validity validity) {
  std::string arn = create_ok(request);
  auto csr = cas_->get_csr(arn);
  EXPECT_TRUE(csr) << csr.error().message;
  if (!csr) return arn;
  IssueRequest issue;
  issue.ca_arn = parent;
  issue.csr = *csr;
  issue.signing_algorithm = "SHA256WITHECDSA";
  issue.template_arn = "arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1";
  issue.validity = validity;
  std::string cert_arn = issue_ok(issue);
  CertificateWithChain cert = certificate_of(parent, cert_arn);
  auto imported = cas_->import_ca_certificate(arn, cert.certificate_pem, cert.chain_pem);
  EXPECT_TRUE(imported) << imported.error().message;
  return arn;
}

IssueRequest PcaTest::end_entity(const std::string& ca_arn, const std::string& domain,
                                 Validity validity) {
  IssueRequest request;
  request.ca_arn = ca_arn;
  request.csr = csr_for(domain);
  request.signing_algorithm = "SHA256WITHECDSA";
  request.validity = validity;
  return request;
}

std::string PcaTest::issue_ok(const IssueRequest& request) {
  auto arn = cas_->issue(request);
  EXPECT_TRUE(arn) << arn.error().message;
  return arn ? *arn : std::string();
}

CertificateWithChain PcaTest::certificate_of(const std::string& ca_arn,
                                             const std::string& cert_arn) {
  auto cert = cas_->get_certificate(ca_arn, cert_arn);
  EXPECT_TRUE(cert) << cert.error().message;
  return cert ? *cert : CertificateWithChain{};
}

std::string PcaTest::snapshot() {
  std::string out;
  for (const char* kind : {kCaKind, kCertificateKind}) {
    auto rows = store_->list_resources({kind, "", std::nullopt, 10000});
    EXPECT_TRUE(rows);
    if (!rows) continue;
    for (const auto& row : *rows) {
      out += row.kind + "|" + row.name + "|" + row.arn + "|" + std::to_string(row.modified_at_ms) +
             "|" + row.details_json + "\n";
      auto tags = store_->get_resource_tags(row.arn);
      EXPECT_TRUE(tags);
      for (const auto& tag : tags ? *tags : std::vector<store::Tag>{}) {
        out += "  tag " + tag.key + "=" + tag.value.value_or("<none>") + "\n";
      }
    }
  }
  return out;
}

std::string csr_for(const std::string& domain, const std::string& key_algorithm) {
  auto key = pki::generate_private_key(key_algorithm);
  EXPECT_TRUE(key) << key.error().message;
  if (!key) return "";
  pki::DistinguishedName subject;
  subject.common_name = domain;
  const std::string signing =
      key_algorithm.rfind("RSA", 0) == 0 ? "SHA256WITHRSA" : "SHA256WITHECDSA";
  auto csr = pki::build_csr(*key, subject, {domain}, signing);
  EXPECT_TRUE(csr) << csr.error().message;
  return csr ? *csr : std::string();
}

std::vector<std::string> pem_blocks(const std::string& pem) {
  static const std::string kEnd = "-----END CERTIFICATE-----";
  std::vector<std::string> blocks;
  size_t at = pem.find("-----BEGIN CERTIFICATE-----");
  while (at != std::string::npos) {
    size_t end = pem.find(kEnd, at);
    if (end == std::string::npos) break;
    blocks.push_back(pem.substr(at, end + kEnd.size() - at) + "\n");
    at = pem.find("-----BEGIN CERTIFICATE-----", end);
  }
  return blocks;
}

std::string verify(const std::string& leaf_pem, const std::string& chain_pem, TimePoint at,
                   const std::string& crl_der) {
  X509Ptr leaf = read_pem(leaf_pem);
  if (!leaf) return "leaf does not parse";
  std::vector<std::string> blocks = pem_blocks(chain_pem);
  if (blocks.empty()) return "empty chain";
  pki::X509StorePtr store(X509_STORE_new());
  pki::X509StackPtr untrusted(sk_X509_new_null());
  X509Ptr anchor = read_pem(blocks.back());
  if (!anchor) return "anchor does not parse";
  X509_STORE_add_cert(store.get(), anchor.get());
  for (size_t i = 0; i + 1 < blocks.size(); ++i) {
    X509Ptr cert = read_pem(blocks[i]);
    if (!cert) return "chain certificate does not parse";
    sk_X509_push(untrusted.get(), cert.release());
  }
  unsigned long flags = X509_V_FLAG_X509_STRICT;
  if (!crl_der.empty()) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(crl_der.data());
    CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(crl_der.size())));
    if (!crl) return "CRL does not parse";
    X509_STORE_add_crl(store.get(), crl.get());
    flags |= X509_V_FLAG_CRL_CHECK;
  }
  pki::X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), untrusted.get());
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_flags(param, flags);
  X509_VERIFY_PARAM_set_time(
      param,
      static_cast<time_t>(std::chrono::floor<std::chrono::seconds>(at).time_since_epoch().count()));
  if (X509_verify_cert(ctx.get()) == 1) return "";
  return X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
}

CertFacts facts(const std::string& pem) {
  CertFacts out;
  X509Ptr cert = read_pem(pem);
  if (!cert) {
    ADD_FAILURE() << "certificate does not parse";
    return out;
  }
  out.serial_hex = hex_of(X509_get0_serialNumber(cert.get()));
  out.subject = name_of(X509_get_subject_name(cert.get()));
  out.issuer = name_of(X509_get_issuer_name(cert.get()));
  out.not_before = time_of(X509_get0_notBefore(cert.get()));
  out.not_after = time_of(X509_get0_notAfter(cert.get()));
  out.is_ca = X509_check_ca(cert.get()) == 1;
  out.path_length = X509_get_pathlen(cert.get());
  std::unique_ptr<CRL_DIST_POINTS, DistPointsFree> points(static_cast<CRL_DIST_POINTS*>(
      X509_get_ext_d2i(cert.get(), NID_crl_distribution_points, nullptr, nullptr)));
  if (points && sk_DIST_POINT_num(points.get()) > 0) {
    DIST_POINT* point = sk_DIST_POINT_value(points.get(), 0);
    if (point->distpoint && point->distpoint->type == 0) {
      GENERAL_NAMES* names = point->distpoint->name.fullname;
      for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
        GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
        if (name->type == GEN_URI) {
          const ASN1_IA5STRING* uri = name->d.uniformResourceIdentifier;
          out.crl_url.assign(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
                             static_cast<size_t>(ASN1_STRING_length(uri)));
          break;
        }
      }
    }
  }
  pki::GeneralNamesPtr sans(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr)));
  for (int i = 0; sans && i < sk_GENERAL_NAME_num(sans.get()); ++i) {
    GENERAL_NAME* name = sk_GENERAL_NAME_value(sans.get(), i);
    if (name->type == GEN_DNS) {
      const ASN1_IA5STRING* dns = name->d.dNSName;
      out.dns_names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
                                 static_cast<size_t>(ASN1_STRING_length(dns)));
    }
  }
  return out;
}

CrlFacts crl_facts(const std::string& der, const std::string& issuer_pem) {
  CrlFacts out;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size())));
  if (!crl) {
    ADD_FAILURE() << "CRL does not parse";
    return out;
  }
  STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(crl.get());
  for (int i = 0; revoked && i < sk_X509_REVOKED_num(revoked); ++i) {
    X509_REVOKED* entry = sk_X509_REVOKED_value(revoked, i);
    out.serials.push_back(hex_of(X509_REVOKED_get0_serialNumber(entry)));
    std::unique_ptr<ASN1_ENUMERATED, EnumFree> reason(static_cast<ASN1_ENUMERATED*>(
        X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, nullptr, nullptr)));
    out.reasons.push_back(reason ? static_cast<int>(ASN1_ENUMERATED_get(reason.get())) : -1);
  }
  std::unique_ptr<ASN1_INTEGER, AsnIntFree> number(static_cast<ASN1_INTEGER*>(
      X509_CRL_get_ext_d2i(crl.get(), NID_crl_number, nullptr, nullptr)));
  if (number) out.number = ASN1_INTEGER_get(number.get());
  X509Ptr issuer = read_pem(issuer_pem);
  out.signature_ok = issuer && X509_CRL_verify(crl.get(), X509_get0_pubkey(issuer.get())) == 1;
  out.this_update = time_of(X509_CRL_get0_lastUpdate(crl.get()));
  if (X509_CRL_get0_nextUpdate(crl.get()) != nullptr) {
    out.next_update = time_of(X509_CRL_get0_nextUpdate(crl.get()));
  }
  return out;
}

}  // namespace certflow::pca::testing
