// AWS Signature Version 4: verifying incoming requests (server) and signing outgoing ones
// (the certflow CLI). Both sides share one canonicalization.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "crypto/secret.h"

namespace certflow::iam {

// An HTTP request as received: header names in any case, values as sent, the raw body bytes.
struct HttpRequestView {
  std::string_view method;
  std::string_view path;   // without the query string, percent-encoded as sent on the wire
  std::string_view query;  // without the '?'; may be empty
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;
};

struct AuthorizationHeader {
  std::string access_key_id;
  std::string date;  // yyyymmdd of the credential scope
  std::string region;
  std::string service;
  std::vector<std::string> signed_headers;  // lowercase, as listed
  std::string signature;                    // 64 lowercase hex
  // Kept as sent: a value that is not the expected hex simply fails to match
  // (kInvalidSignature), as with AWS.
};

// Parses "AWS4-HMAC-SHA256 Credential=AKID/yyyymmdd/region/service/aws4_request,
// SignedHeaders=a;b;c, Signature=hex". Separators ", " or ",". Fails with kIncompleteSignature
// (a part is missing or malformed; the message names it) or kMissingAuthenticationToken (the
// value does not start with the algorithm at all).
Result<AuthorizationHeader> parse_authorization(std::string_view value);

// The canonical request (AWS doc "Create a canonical request") for the given signed headers.
std::string canonical_request(const HttpRequestView& request,
                              const std::vector<std::string>& signed_headers,
                              std::string_view payload_hash_hex);

// kSigning = HMAC chain of "AWS4"+secret, date, region, service, "aws4_request".
std::string derive_signing_key(std::string_view secret, std::string_view date,
                               std::string_view region, std::string_view service);

// Supplies the secret for an access key id; nullopt when the key is unknown or inactive.
class CredentialResolver {
 public:
  virtual ~CredentialResolver() = default;
  virtual std::optional<crypto::SecretBytes> secret_for(const std::string& access_key_id) = 0;
};

struct VerifiedIdentity {
  std::string access_key_id;
  std::string region;
  std::string service;
};

struct VerifyOptions {
  std::chrono::minutes max_skew{15};
  // Accept "X-Amz-Content-Sha256: UNSIGNED-PAYLOAD" (the body is then not covered by the
  // signature). Any other stated hash must equal the body's SHA-256, else kInvalidSignature.
  bool allow_unsigned_payload = true;
};

// Verifies a request's Authorization header and X-Amz-Date (or Date) against the secret.
// Errors: kMissingAuthenticationToken (no Authorization header), kIncompleteSignature
// (malformed header, missing X-Amz-Date, a signed header absent from the request, host not
// signed), kUnrecognizedClient (unknown access key), kRequestExpired (date more than max_skew
// from now), kInvalidSignature (the signature does not match; message as AWS words it).
// The signature is compared in constant time.
// A credential-scope date that differs from the request date is kInvalidSignature, as AWS
// answers it (SignatureDoesNotMatch). The Date header (IMF-fixdate) is used only when
// X-Amz-Date is absent. The store is consulted last, after the cheap checks pass.
Result<VerifiedIdentity> verify_request(const HttpRequestView& request,
                                        CredentialResolver& credentials, TimePoint now,
                                        const VerifyOptions& options = {});

struct SigningInput {
  std::string access_key_id;
  crypto::SecretBytes secret_access_key;
  std::string region;
  std::string service;
};

// Adds X-Amz-Date and Authorization headers to `headers` (which must already hold Host and
// every other header to sign). Signs every header given, lowercased and sorted. Any X-Amz-Date
// or Authorization already present is replaced. Uses X-Amz-Content-Sha256 as the payload
// hash when given (like botocore), else the body's SHA-256.
void sign_request(std::string_view method, std::string_view path, std::string_view query,
                  std::vector<std::pair<std::string, std::string>>& headers, std::string_view body,
                  const SigningInput& input, TimePoint now);

}  // namespace certflow::iam
