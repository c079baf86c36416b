// Private to src/iam (not a door): the pieces verify and sign share, so both sides
// canonicalize a request with exactly the same code.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iam/sigv4.h"

namespace certflow::iam::internal {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kTerminator = "aws4_request";
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

// RFC 3986 percent-encoding: unreserved A-Za-z0-9-_.~ are kept, everything else becomes %XX
// (uppercase hex). With keep_slash, '/' is kept too (for paths).
std::string uri_encode(std::string_view text, bool keep_slash);

// The path as sent on the wire (already percent-encoded once by the client), with dot
// segments and empty segments removed, encoded once more: the "encode twice" every service
// but S3 uses. This is what botocore computes. An empty path is "/".
std::string canonical_uri(std::string_view wire_path);

// Pairs decoded ('+' as space, %XX) then re-encoded, sorted by name then value, joined by '&'.
std::string canonical_query(std::string_view query);

// Trims and collapses runs of ASCII whitespace to one space, as botocore does.
std::string canonical_header_value(std::string_view value);

std::string lowercase(std::string_view text);

// Every value of a header (name compared case-insensitively), canonicalized and joined with
// ','; nullopt when the request does not carry it.
std::optional<std::string> header_value(const HttpRequestView& request, std::string_view name);

// "yyyymmdd/region/service/aws4_request".
std::string credential_scope(std::string_view date, std::string_view region,
                             std::string_view service);

std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                           std::string_view canonical_request);

// Lowercase hex HMAC of the string to sign under the derived signing key.
std::string signature_hex(std::string_view secret, std::string_view date, std::string_view region,
                          std::string_view service, std::string_view string_to_sign);

}  // namespace certflow::iam::internal
