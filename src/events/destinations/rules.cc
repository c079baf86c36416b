#include "events/destinations/rules.h"

#include <algorithm>

#include "crypto/encoding.h"
#include "net/loopback.h"

namespace certflow::events::destinations {
namespace {

const std::vector<std::string> kApiDestinationMethods = {"POST", "GET",   "HEAD",  "OPTIONS",
                                                         "PUT",  "PATCH", "DELETE"};
const std::vector<std::string> kOAuthMethods = {"GET", "POST", "PUT"};

bool is_one_of(const std::string& value, const std::vector<std::string>& allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

Status missing_parameters(const std::string& type, const std::string& member) {
  return fail(ErrorCode::kValidation,
              "AuthorizationType " + type + " needs AuthParameters." + member + ".");
}

}  // namespace

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == '_';
  });
}

Status check_name(const std::string& what, const std::string& name) {
  if (valid_name(name)) return {};
  return fail(ErrorCode::kValidation, what + " name '" + name +
                                          "' is not valid: use 1 to 64 letters, digits, '.', "
                                          "'-' and '_'.");
}

Status check_endpoint(const std::string& member, const std::string& url) {
  const bool https = url.rfind("https://", 0) == 0;
  const bool http = url.rfind("http://", 0) == 0;
  const std::string rule =
      member +
      " must be an https:// URL (certflow also accepts http:// to a loopback host: localhost, "
      "127.0.0.0/8 or [::1]).";
  if (!https && !http) return fail(ErrorCode::kValidation, "'" + url + "': " + rule);
  const size_t start = url.find("://") + 3;
  const std::string authority = url.substr(start, url.find_first_of("/?#", start) - start);
  if (authority.find('@') != std::string::npos) {
    return fail(ErrorCode::kValidation,
                member +
                    " must not carry user information (user@host): put credentials in the "
                    "connection.");
  }
  std::string host = authority;
  if (!host.empty() && host.front() == '[') {
    host = host.substr(0, host.find(']') + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  if (host.empty()) return fail(ErrorCode::kValidation, "'" + url + "' has no host: " + rule);
  if (http && !net::is_loopback_host(host)) {
    return fail(ErrorCode::kValidation, "'" + url + "': " + rule);
  }
  return {};
}

Status check_connection(const ConnectionSpec& spec) {
  if (auto ok = check_name("Connection", spec.name); !ok) return ok;
  const std::string& type = spec.authorization_type;
  const int given =
      int{spec.basic.has_value()} + int{spec.api_key.has_value()} + int{spec.oauth.has_value()};
  if (type == kBasic) {
    if (!spec.basic) return missing_parameters(type, "BasicAuthParameters");
  } else if (type == kApiKey) {
    if (!spec.api_key) return missing_parameters(type, "ApiKeyAuthParameters");
  } else if (type == kOAuthClientCredentials) {
    if (!spec.oauth) return missing_parameters(type, "OAuthParameters");
  } else {
    return fail(ErrorCode::kValidation,
                "AuthorizationType must be BASIC, API_KEY or OAUTH_CLIENT_CREDENTIALS.");
  }
  if (given != 1) {
    return fail(ErrorCode::kValidation,
                "AuthParameters must hold only the parameters of AuthorizationType " + type +
                    " (BasicAuthParameters, ApiKeyAuthParameters and OAuthParameters exclude "
                    "each other).");
  }
  if (spec.basic && (spec.basic->username.empty() || spec.basic->password.empty())) {
    return fail(ErrorCode::kValidation, "BasicAuthParameters needs a Username and a Password.");
  }
  if (spec.api_key && (spec.api_key->name.empty() || spec.api_key->value.empty())) {
    return fail(ErrorCode::kValidation,
                "ApiKeyAuthParameters needs an ApiKeyName and an ApiKeyValue.");
  }
  if (spec.oauth) {
    const OAuthParameters& oauth = *spec.oauth;
    if (oauth.client_id.empty() || oauth.client_secret.empty()) {
      return fail(ErrorCode::kValidation,
                  "OAuthParameters.ClientParameters needs a ClientID and a ClientSecret.");
    }
    if (!is_one_of(oauth.http_method, kOAuthMethods)) {
      return fail(ErrorCode::kValidation,
                  "OAuthParameters.HttpMethod must be one of " + joined(kOAuthMethods) + ".");
    }
    if (auto ok = check_endpoint("AuthorizationEndpoint", oauth.authorization_endpoint); !ok) {
      return ok;
    }
  }
  return {};
}

Status check_api_destination(const ApiDestinationSpec& spec) {
  if (auto ok = check_name("API destination", spec.name); !ok) return ok;
  if (!is_one_of(spec.http_method, kApiDestinationMethods)) {
    return fail(ErrorCode::kValidation,
                "HttpMethod must be one of " + joined(kApiDestinationMethods) + ".");
  }
  if (spec.invocation_rate_limit_per_second < 1) {
    return fail(ErrorCode::kValidation, "InvocationRateLimitPerSecond must be at least 1.");
  }
  if (spec.invocation_rate_limit_per_second > kMaxInvocationRate) {
    return fail(ErrorCode::kLimitExceeded,
                "InvocationRateLimitPerSecond " +
                    std::to_string(spec.invocation_rate_limit_per_second) +
                    " is above the limit of " + std::to_string(kMaxInvocationRate) +
                    " invocations per second per API destination.");
  }
  return check_endpoint("InvocationEndpoint", spec.invocation_endpoint);
}

std::string page_token(const std::string& kind, const std::string& last_name) {
  return crypto::base64_encode("certflow-" + kind + "-page:" + last_name);
}

Result<std::string> parse_page_token(const std::string& kind, const std::string& token) {
  const std::string prefix = "certflow-" + kind + "-page:";
  auto text = crypto::base64_decode(token);
  if (!text || text->rfind(prefix, 0) != 0 || text->size() == prefix.size()) {
    return fail(ErrorCode::kValidation,
                "The NextToken is not valid. Pass the NextToken exactly as the previous response "
                "returned it.");
  }
  return text->substr(prefix.size());
}

}  // namespace certflow::events::destinations
