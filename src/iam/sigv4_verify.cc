// Server-side SigV4 verification (api-protocols.md §4). The checks run cheapest first and
// touch the credential store only once the request is well formed and fresh, so malformed or
// replayed requests cost no store read.
#include <algorithm>
#include <array>
#include <string>

#include "crypto/hash.h"
#include "iam/sigv4.h"
#include "iam/sigv4_internal.h"

namespace certflow::iam {
namespace {

constexpr std::string_view kSignatureMismatch =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";

// The request time and how it appears in the string to sign.
struct RequestTime {
  TimePoint when;
  std::string amz_date;  // yyyymmddTHHMMSSZ
  std::string source;    // "X-Amz-Date" or "Date", for messages
};

// RFC 9110 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT": the only Date form AWS documents.
bool parse_http_date(const std::string& text, TimePoint& out) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT") return false;
  std::string_view month = std::string_view(text).substr(8, 3);
  auto it = std::find(kMonths.begin(), kMonths.end(), month);
  if (it == kMonths.end() || text[7] != ' ' || text[11] != ' ' || text[16] != ' ' ||
      text[19] != ':' || text[22] != ':') {
    return false;
  }
  int m = static_cast<int>(it - kMonths.begin()) + 1;
  std::string amz = text.substr(12, 4) + (m < 10 ? "0" : "") + std::to_string(m) +
                    text.substr(5, 2) + "T" + text.substr(17, 2) + text.substr(20, 2) +
                    text.substr(23, 2) + "Z";
  return parse_amz_date(amz, out);  // rejects any non-digit that slipped into the fields
}

Result<RequestTime> request_time(const HttpRequestView& request, std::string_view authorization) {
  RequestTime t;
  std::optional<std::string> value = internal::header_value(request, "x-amz-date");
  t.source = "X-Amz-Date";
  if (!value) {
    value = internal::header_value(request, "date");
    t.source = "Date";
  }
  if (!value) {
    return fail(ErrorCode::kIncompleteSignature,
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
                "header. Authorization=" +
                    std::string(authorization));
  }
  bool ok = t.source == "Date" ? parse_http_date(*value, t.when) : parse_amz_date(*value, t.when);
  if (!ok) {
    return fail(ErrorCode::kIncompleteSignature,
                "Date must be in ISO-8601 'basic format'. Got '" + *value +
                    "'. See http://en.wikipedia.org/wiki/ISO_8601");
  }
  t.amz_date = t.source == "Date" ? to_amz_date(t.when) : *value;
  return t;
}

Status check_signed_headers(const HttpRequestView& request, const AuthorizationHeader& auth,
                            std::string_view authorization) {
  if (std::find(auth.signed_headers.begin(), auth.signed_headers.end(), "host") ==
      auth.signed_headers.end()) {
    return fail(ErrorCode::kIncompleteSignature,
                "'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }
  for (const auto& name : auth.signed_headers) {
    if (!internal::header_value(request, name)) {
      return fail(
          ErrorCode::kIncompleteSignature,
          "Authorization header lists signed header '" + name +
              "', which the request does not carry. Authorization=" + std::string(authorization));
    }
  }
  return {};
}

Status check_skew(const RequestTime& t, TimePoint now, std::chrono::minutes max_skew) {
  std::string minutes = std::to_string(max_skew.count());
  if (t.when < now - max_skew) {
    return fail(ErrorCode::kRequestExpired, "Signature expired: " + t.amz_date +
                                                " is now earlier than " +
                                                to_amz_date(now - max_skew) + " (" +
                                                to_amz_date(now) + " - " + minutes + " min.)");
  }
  if (t.when > now + max_skew) {
    return fail(ErrorCode::kRequestExpired, "Signature not yet current: " + t.amz_date +
                                                " is still later than " +
                                                to_amz_date(now + max_skew) + " (" +
                                                to_amz_date(now) + " + " + minutes + " min.)");
  }
  return {};
}

// The body hash goes into the canonical request. When the client states it in
// X-Amz-Content-Sha256 the stated value is signed, so it must match the body: otherwise the
// body could be swapped under a valid signature.
Result<std::string> payload_hash(const HttpRequestView& request, const VerifyOptions& options) {
  std::string actual = crypto::sha256_hex(request.body);
  std::optional<std::string> stated = internal::header_value(request, "x-amz-content-sha256");
  if (!stated || *stated == actual) return actual;
  if (*stated == internal::kUnsignedPayload && options.allow_unsigned_payload) return *stated;
  return fail(ErrorCode::kInvalidSignature,
              "The provided 'x-amz-content-sha256' header does not match what was computed.");
}

}  // namespace

Result<VerifiedIdentity> verify_request(const HttpRequestView& request,
                                        CredentialResolver& credentials, TimePoint now,
                                        const VerifyOptions& options) {
  std::optional<std::string> authorization = internal::header_value(request, "authorization");
  if (!authorization) {
    return fail(ErrorCode::kMissingAuthenticationToken, "Missing Authentication Token");
  }
  auto auth = parse_authorization(*authorization);
  if (!auth) return tl::unexpected(auth.error());
  auto time = request_time(request, *authorization);
  if (!time) return tl::unexpected(time.error());
  if (auto ok = check_signed_headers(request, *auth, *authorization); !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = check_skew(*time, now, options.max_skew); !ok) return tl::unexpected(ok.error());
  // AWS reports a scope date that differs from the request date as a signature mismatch
  // (SignatureDoesNotMatch, per "Troubleshoot signed requests"), not as IncompleteSignature.
  if (time->amz_date.compare(0, 8, auth->date) != 0) {
    return fail(ErrorCode::kInvalidSignature,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
                "from HTTP: '" +
                    auth->date + "' != '" + time->amz_date.substr(0, 8) + "', from '" +
                    time->amz_date + "'.");
  }
  auto hash = payload_hash(request, options);
  if (!hash) return tl::unexpected(hash.error());

  std::optional<crypto::SecretBytes> secret = credentials.secret_for(auth->access_key_id);
  if (!secret) {
    return fail(ErrorCode::kUnrecognizedClient,
                "The security token included in the request is invalid.");
  }
  std::string scope = internal::credential_scope(auth->date, auth->region, auth->service);
  std::string creq = canonical_request(request, auth->signed_headers, *hash);
  std::string expected =
      internal::signature_hex(secret->view(), auth->date, auth->region, auth->service,
                              internal::string_to_sign(time->amz_date, scope, creq));
  if (!crypto::constant_time_equal(expected, auth->signature)) {
    return fail(ErrorCode::kInvalidSignature, std::string(kSignatureMismatch));
  }
  return VerifiedIdentity{auth->access_key_id, auth->region, auth->service};
}

}  // namespace certflow::iam
