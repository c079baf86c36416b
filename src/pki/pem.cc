#include <openssl/pem.h>

#include <climits>

#include "pki/pem_io.h"

namespace certflow::pki {

namespace {

constexpr char kCertificateUnparsable[] =
    "Unable to parse certificate. Please ensure the certificate is in PEM format.";
constexpr char kChainUnparsable[] =
    "Unable to parse the certificate chain. Please ensure the chain holds only PEM-encoded "
    "certificates (BEGIN CERTIFICATE blocks).";

const char* unparsable(CertificateField field) {
  return field == CertificateField::kCertificate ? kCertificateUnparsable : kChainUnparsable;
}

// A PEM_read_bio that found nothing more to read leaves PEM_R_NO_START_LINE; anything else
// means a block was there but broken.
bool at_clean_end() {
  unsigned long error = ERR_peek_last_error();
  return ERR_GET_LIB(error) == ERR_LIB_PEM && ERR_GET_REASON(error) == PEM_R_NO_START_LINE;
}

X509Ptr decode_certificate(const unsigned char*& cursor, long length) {
  const unsigned char* start = cursor;
  X509Ptr cert(d2i_X509(nullptr, &cursor, length));
  if (!cert) cursor = start;
  return cert;
}

Result<std::vector<X509Ptr>> read_pem_certificates(std::string_view bytes, CertificateField field) {
  auto blocks = read_pem_blocks(bytes);
  if (!blocks) return fail(ErrorCode::kValidation, unparsable(field));
  std::vector<X509Ptr> certs;
  for (const PemBlock& block : *blocks) {
    if (block.name() != PEM_STRING_X509 && block.name() != PEM_STRING_X509_OLD) {
      std::string where = field == CertificateField::kCertificate ? "The certificate field"
                                                                  : "The certificate chain";
      return fail(ErrorCode::kValidation, where + " contains " + block_name_for_message(block) +
                                              "; it may hold only CERTIFICATE blocks.");
    }
    const unsigned char* cursor = block.data();
    X509Ptr cert = decode_certificate(cursor, block.length());
    if (!cert || cursor != block.data() + block.length()) {
      return fail(ErrorCode::kValidation, unparsable(field));
    }
    certs.push_back(std::move(cert));
  }
  return certs;
}

Result<std::vector<X509Ptr>> read_der_certificates(std::string_view bytes, CertificateField field) {
  const auto* cursor = reinterpret_cast<const unsigned char*>(bytes.data());
  const unsigned char* end = cursor + bytes.size();
  std::vector<X509Ptr> certs;
  while (cursor < end) {
    X509Ptr cert = decode_certificate(cursor, end - cursor);
    if (!cert) return fail(ErrorCode::kValidation, unparsable(field));
    certs.push_back(std::move(cert));
  }
  return certs;
}

}  // namespace

PemBlock::PemBlock(std::string name, std::string header, unsigned char* data, long length)
    : name_(std::move(name)), header_(std::move(header)), data_(data), length_(length) {}

PemBlock::PemBlock(PemBlock&& other) noexcept
    : name_(std::move(other.name_)),
      header_(std::move(other.header_)),
      data_(other.data_),
      length_(other.length_) {
  other.data_ = nullptr;
  other.length_ = 0;
}

PemBlock::~PemBlock() {
  if (data_ != nullptr) OPENSSL_clear_free(data_, static_cast<size_t>(length_));
}

bool looks_like_pem(std::string_view bytes) {
  return bytes.find("-----BEGIN ") != std::string_view::npos;
}

std::optional<std::vector<PemBlock>> read_pem_blocks(std::string_view bytes) {
  if (bytes.empty() || bytes.size() > INT_MAX) return std::nullopt;
  BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  if (!bio) return std::nullopt;
  std::vector<PemBlock> blocks;
  while (true) {
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* data = nullptr;
    long length = 0;
    ERR_clear_error();
    int ok = PEM_read_bio(bio.get(), &name, &header, &data, &length);
    OpenSslBuffer<char> owned_name(name);
    OpenSslBuffer<char> owned_header(header);
    if (ok != 1) {
      if (blocks.empty() || !at_clean_end()) return std::nullopt;
      return blocks;
    }
    blocks.emplace_back(name, header != nullptr ? header : "", data, length);
  }
}

std::string block_name_for_message(const PemBlock& block) {
  const std::string& name = block.name();
  bool printable = !name.empty() && name.size() <= 40;
  for (char c : name) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '-')) {
      printable = false;
    }
  }
  return printable ? "a " + name + " block" : "an unexpected PEM block";
}

Result<std::vector<X509Ptr>> read_certificates(std::string_view bytes, CertificateField field) {
  if (bytes.empty()) return fail(ErrorCode::kValidation, unparsable(field));
  return looks_like_pem(bytes) ? read_pem_certificates(bytes, field)
                               : read_der_certificates(bytes, field);
}

Result<X509Ptr> read_one_certificate(std::string_view bytes) {
  auto certs = read_certificates(bytes, CertificateField::kCertificate);
  if (!certs) return tl::unexpected(certs.error());
  if (certs->size() != 1) {
    return fail(ErrorCode::kValidation,
                "The certificate field contains " + std::to_string(certs->size()) +
                    " certificates; it must contain exactly one. Put the issuing CA certificates "
                    "in the certificate chain instead.");
  }
  return std::move(certs->front());
}

Result<std::string> certificate_pem(X509& cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), &cert) != 1) {
    return fail(ErrorCode::kInternal, "cannot encode the certificate as PEM");
  }
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

Result<crypto::SecretBytes> private_key_pem(const EVP_PKEY& key) {
  // A secure-memory BIO wipes its buffers when they are resized or freed.
  BioPtr bio(BIO_new(BIO_s_secmem()));
  if (!bio ||
      PEM_write_bio_PKCS8PrivateKey(bio.get(), &key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return fail(ErrorCode::kInternal, "cannot encode the private key as PKCS#8 PEM");
  }
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return crypto::SecretBytes(std::string(data, static_cast<size_t>(length)));
}

}  // namespace certflow::pki
