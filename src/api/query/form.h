// The query protocol's request parameters: an application/x-www-form-urlencoded body (or a URL
// query string) decoded into names and values.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace certflow::api::query {

// Decoded names and values, ordered by name (so the members of one list or structure sit
// together: "Attribute.1.Name", "Attribute.1.Value", "Attribute.2.Name", ...).
using FormParams = std::map<std::string, std::string, std::less<>>;

// Adds the pairs of `text` ("Action=SendMessage&MessageBody=a+b%21") to `params`, decoded with
// form rules: '+' is a space, %XX is the byte XX. An empty pair ("a=1&&b=2") is skipped, a pair
// without '=' has an empty value, and a name already present keeps its first value.
// kSerialization (MalformedQueryString on the wire) for a malformed escape ("%G1", a lone "%").
Status parse_form(std::string_view text, FormParams& params);

// Form decoding of one name or value; nullopt for a malformed escape.
std::optional<std::string> form_decode(std::string_view text);

}  // namespace certflow::api::query
