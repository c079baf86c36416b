// Decoders of the connection and API-destination operations. The model's patterns are written out
// as character rules (std::regex recurses per character); messages print them as AWS does.
#include <string_view>

#include "api/events/events_destinations.h"
#include "api/events/events_members.h"
#include "api/json_input.h"

namespace certflow::api::events {
namespace {

namespace dest = certflow::events::destinations;
using nlohmann::json;
using CharRule = bool (*)(std::string_view);

constexpr const char* kAuthHeaderPattern =
    "^[ \\t]*[^\\x00-\\x1F:\\x7F]+([ \\t]+[^\\x00-\\x1F:\\x7F]+)*[ \\t]*$";
constexpr const char* kHeaderKeyPattern = "^[!#$%&'*+-.^_`|~0-9a-zA-Z]+$";
constexpr const char* kHeaderValuePattern =
    "^[ \\t]*[\\x20-\\x7E]+([ \\t]+[\\x20-\\x7E]+)*[ \\t]*$";
constexpr const char* kQueryKeyPattern = "[^\\x00-\\x1F\\x7F]+";
constexpr const char* kQueryValuePattern = "[^\\x00-\\x09\\x0B\\x0C\\x0E-\\x1F\\x7F]+";
constexpr const char* kHttpsEndpointPattern =
    "^((%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@\\x26=+$,A-Za-z0-9])+)([).!';/?:,])?$";
constexpr const char* kConnectionArnPattern =
    "^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:connection\\/"
    "[\\.\\-_A-Za-z0-9]+\\/[\\-A-Za-z0-9]+$";

const StringRule kDescription{0, 512, {}};
const StringRule kAuthorizationType{0, SIZE_MAX, {"BASIC", "OAUTH_CLIENT_CREDENTIALS", "API_KEY"}};
const StringRule kOAuthMethod{0, SIZE_MAX, {"GET", "POST", "PUT"}};
const StringRule kApiDestinationMethod{
    0, SIZE_MAX, {"POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"}};
const StringRule kConnectionState{
    0,
    SIZE_MAX,
    {"CREATING", "UPDATING", "DELETING", "AUTHORIZED", "DEAUTHORIZED", "AUTHORIZING",
     "DEAUTHORIZING", "ACTIVE", "FAILED_CONNECTIVITY"}};

bool alpha_numeric(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool control(char c) { return (c >= 0 && c < 0x20) || c == 0x7F; }
bool blank(char c) { return c == ' ' || c == '\t'; }

bool has_non_blank(std::string_view s) {
  for (char c : s) {
    if (!blank(c)) return true;
  }
  return false;
}

// Username, ApiKeyName, ClientID and their secrets: no control characters but tab, no ':'.
bool auth_header_ok(std::string_view s) {
  for (char c : s) {
    if ((control(c) && c != '\t') || c == ':') return false;
  }
  return has_non_blank(s);
}

bool header_key_ok(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!alpha_numeric(c) &&
        std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool header_value_ok(std::string_view s) {
  for (char c : s) {
    if (control(c) && c != '\t') return false;
  }
  return has_non_blank(s);
}

bool query_key_ok(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (control(c)) return false;
  }
  return true;
}

bool query_value_ok(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (control(c) && c != '\n' && c != '\r') return false;
  }
  return true;
}

bool hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool https_endpoint_ok(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !hex(s[i + 1]) || !hex(s[i + 2])) return false;
      i += 2;
    } else if (!alpha_numeric(c) &&
               std::string_view("-()_.!~*';/?:@&=+$,").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return !s.empty();
}

bool connection_arn_ok(std::string_view s) {
  auto take = [&s](std::string_view prefix) {
    if (s.substr(0, prefix.size()) != prefix) return false;
    s.remove_prefix(prefix.size());
    return true;
  };
  auto span = [&s](auto ok) {
    size_t n = 0;
    while (n < s.size() && ok(s[n])) ++n;
    std::string_view out = s.substr(0, n);
    s.remove_prefix(n);
    return out;
  };
  auto lower_or_dash = [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; };
  auto region_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto name_char = [](char c) { return alpha_numeric(c) || c == '.' || c == '-' || c == '_'; };
  auto id_char = [](char c) { return alpha_numeric(c) || c == '-'; };
  if (!take("arn:aws")) return false;
  span(lower_or_dash);
  if (!take(":events:")) return false;
  span(region_char);
  if (!take(":")) return false;
  const size_t account = span(digit).size();
  if ((account != 0 && account != 12) || !take(":connection/") || span(name_char).empty() ||
      !take("/") || span(id_char).empty()) {
    return false;
  }
  return s.empty();
}

std::string pattern_rule(const char* pattern) {
  return std::string("Member must satisfy regular expression pattern: ") + pattern;
}

// A member the model marks sensitive: checked like any other, but shown as '***'.
std::optional<std::string> sensitive(JsonInput& input, const char* member, size_t min, size_t max,
                                     CharRule ok, const char* pattern, bool required) {
  auto value = input.string(member, {}, required);
  if (!value) return std::nullopt;
  if (value->size() < min) {
    input.reject(member, "***",
                 "Member must have length greater than or equal to " + std::to_string(min));
  } else if (value->size() > max) {
    input.reject(member, "***",
                 "Member must have length less than or equal to " + std::to_string(max));
  } else if (ok && !ok(*value)) {
    input.reject(member, "***", pattern_rule(pattern));
  } else {
    return value;
  }
  return std::nullopt;
}

std::optional<std::string> plain(JsonInput& input, const char* member, size_t min, size_t max,
                                 CharRule ok, const char* pattern, bool required) {
  auto value = input.string(member, {min, max, {}}, required);
  if (!value) return std::nullopt;
  if (ok && !ok(*value)) {
    input.reject(member, *value, pattern_rule(pattern));
    return std::nullopt;
  }
  return value;
}

// A structure the model requires: "Value null at '<member>'" when it is absent.
void require(JsonInput& input, const char* member) { (void)input.string(member, {}, true); }

std::vector<dest::HttpParameter> parameter_list(JsonInput& input, const char* member,
                                                CharRule key_ok, const char* key_pattern,
                                                CharRule value_ok, const char* value_pattern) {
  std::vector<dest::HttpParameter> out;
  auto items = input.structure_list(member, 0, 100);
  if (!items) return out;
  for (auto& item : *items) {
    dest::HttpParameter parameter;
    parameter.key = plain(item, "Key", 0, 512, key_ok, key_pattern, true).value_or("");
    parameter.value = sensitive(item, "Value", 0, 512, value_ok, value_pattern, false).value_or("");
    parameter.is_value_secret = item.boolean("IsValueSecret").value_or(false);
    out.push_back(std::move(parameter));
  }
  return out;
}

std::optional<dest::HttpParameters> http_parameters(JsonInput& input, const char* member) {
  auto structure = input.structure(member);
  if (!structure) return std::nullopt;
  dest::HttpParameters out;
  out.header = parameter_list(*structure, "HeaderParameters", header_key_ok, kHeaderKeyPattern,
                              header_value_ok, kHeaderValuePattern);
  out.query_string = parameter_list(*structure, "QueryStringParameters", query_key_ok,
                                    kQueryKeyPattern, query_value_ok, kQueryValuePattern);
  out.body = parameter_list(*structure, "BodyParameters", nullptr, "", nullptr, "");
  return out;
}

struct AuthGiven {
  bool basic = false;
  bool api_key = false;
  bool oauth = false;
};

// AuthParameters into `out`; `create` makes the model's required members required.
AuthGiven auth_members(JsonInput& input, bool create, dest::ConnectionUpdate& out) {
  AuthGiven given;
  auto auth = input.structure("AuthParameters");
  if (!auth) {
    if (create) require(input, "AuthParameters");
    return given;
  }
  if (auto basic = auth->structure("BasicAuthParameters")) {
    given.basic = true;
    out.username = plain(*basic, "Username", 1, 512, auth_header_ok, kAuthHeaderPattern, create);
    out.password =
        sensitive(*basic, "Password", 1, 512, auth_header_ok, kAuthHeaderPattern, create);
  }
  if (auto key = auth->structure("ApiKeyAuthParameters")) {
    given.api_key = true;
    out.api_key_name =
        plain(*key, "ApiKeyName", 1, 512, auth_header_ok, kAuthHeaderPattern, create);
    out.api_key_value =
        sensitive(*key, "ApiKeyValue", 1, 512, auth_header_ok, kAuthHeaderPattern, create);
  }
  if (auto oauth = auth->structure("OAuthParameters")) {
    given.oauth = true;
    if (auto client = oauth->structure("ClientParameters")) {
      out.client_id =
          plain(*client, "ClientID", 1, 512, auth_header_ok, kAuthHeaderPattern, create);
      out.client_secret =
          sensitive(*client, "ClientSecret", 1, 512, auth_header_ok, kAuthHeaderPattern, create);
    } else if (create) {
      require(*oauth, "ClientParameters");
    }
    out.authorization_endpoint = plain(*oauth, "AuthorizationEndpoint", 1, 2048, https_endpoint_ok,
                                       kHttpsEndpointPattern, create);
    out.oauth_http_method = oauth->string("HttpMethod", kOAuthMethod, create);
    out.oauth_http_parameters = http_parameters(*oauth, "OAuthHttpParameters");
  }
  out.invocation_http_parameters = http_parameters(*auth, "InvocationHttpParameters");
  return given;
}

// Private endpoints (VPC Lattice) and customer-managed keys are AWS's; refused, not dropped.
Status refuse_unsupported(const json& body) {
  constexpr const char* kWhy = "leave it out (see docs/OPERATIONS.md, connections).";
  for (const char* member : {"InvocationConnectivityParameters", "KmsKeyIdentifier"}) {
    if (auto error = unsupported_member(body, member, kWhy)) return tl::unexpected(*error);
  }
  auto auth = body.find("AuthParameters");
  if (auth != body.end() && auth->is_object()) {
    if (auto error = unsupported_member(*auth, "ConnectivityParameters", kWhy)) {
      return tl::unexpected(*error);
    }
  }
  return {};
}

std::optional<std::string> connection_arn_member(JsonInput& input, bool required) {
  return plain(input, "ConnectionArn", 1, 1600, connection_arn_ok, kConnectionArnPattern, required);
}

}  // namespace

Result<dest::ConnectionSpec> decode_create_connection(const json& body) {
  JsonInput input(body);
  dest::ConnectionUpdate members;
  dest::ConnectionSpec spec;
  spec.name = rule_name_member(input, "Name").value_or("");
  spec.description = input.string("Description", kDescription).value_or("");
  spec.authorization_type =
      input.string("AuthorizationType", kAuthorizationType, true).value_or("");
  const AuthGiven given = auth_members(input, true, members);
  if (auto ok = input.result(); !ok) return tl::unexpected(ok.error());
  if (auto ok = refuse_unsupported(body); !ok) return tl::unexpected(ok.error());
  if (given.basic) {
    spec.basic = dest::BasicAuthParameters{*members.username, *members.password};
  }
  if (given.api_key) {
    spec.api_key = dest::ApiKeyAuthParameters{*members.api_key_name, *members.api_key_value};
  }
  if (given.oauth) {
    spec.oauth = dest::OAuthParameters{
        *members.client_id, *members.client_secret, *members.authorization_endpoint,
        *members.oauth_http_method, members.oauth_http_parameters.value_or(dest::HttpParameters{})};
  }
  spec.invocation_http_parameters =
      members.invocation_http_parameters.value_or(dest::HttpParameters{});
  return spec;
}

Result<dest::ConnectionUpdate> decode_update_connection(const json& body) {
  JsonInput input(body);
  dest::ConnectionUpdate update;
  update.name = rule_name_member(input, "Name").value_or("");
  update.description = input.string("Description", kDescription);
  update.authorization_type = input.string("AuthorizationType", kAuthorizationType);
  auth_members(input, false, update);
  if (auto ok = input.result(); !ok) return tl::unexpected(ok.error());
  if (auto ok = refuse_unsupported(body); !ok) return tl::unexpected(ok.error());
  return update;
}

Result<std::string> decode_resource_name(const json& body) {
  JsonInput input(body);
  std::string name = rule_name_member(input, "Name").value_or("");
  return finish(input, std::move(name));
}

Result<dest::ListConnectionsRequest> decode_list_connections(const json& body) {
  JsonInput input(body);
  dest::ListConnectionsRequest request;
  request.name_prefix = rule_name_member(input, "NamePrefix", false).value_or("");
  request.state = input.string("ConnectionState", kConnectionState);
  const PageInput page = page_members(input);
  request.next_token = page.next_token;
  request.limit = page.limit;
  return finish(input, std::move(request));
}

Result<dest::ApiDestinationSpec> decode_create_api_destination(const json& body) {
  JsonInput input(body);
  dest::ApiDestinationSpec spec;
  spec.name = rule_name_member(input, "Name").value_or("");
  spec.description = input.string("Description", kDescription).value_or("");
  spec.connection_arn = connection_arn_member(input, true).value_or("");
  spec.invocation_endpoint =
      plain(input, "InvocationEndpoint", 1, 2048, https_endpoint_ok, kHttpsEndpointPattern, true)
          .value_or("");
  spec.http_method = input.string("HttpMethod", kApiDestinationMethod, true).value_or("");
  spec.invocation_rate_limit_per_second =
      static_cast<int>(input.integer("InvocationRateLimitPerSecond", 1, INT32_MAX)
                           .value_or(dest::kDefaultInvocationRate));
  return finish(input, std::move(spec));
}

Result<dest::ApiDestinationUpdate> decode_update_api_destination(const json& body) {
  JsonInput input(body);
  dest::ApiDestinationUpdate update;
  update.name = rule_name_member(input, "Name").value_or("");
  update.description = input.string("Description", kDescription);
  update.connection_arn = connection_arn_member(input, false);
  update.invocation_endpoint =
      plain(input, "InvocationEndpoint", 1, 2048, https_endpoint_ok, kHttpsEndpointPattern, false);
  update.http_method = input.string("HttpMethod", kApiDestinationMethod);
  if (auto rate = input.integer("InvocationRateLimitPerSecond", 1, INT32_MAX)) {
    update.invocation_rate_limit_per_second = static_cast<int>(*rate);
  }
  return finish(input, std::move(update));
}

Result<dest::ListApiDestinationsRequest> decode_list_api_destinations(const json& body) {
  JsonInput input(body);
  dest::ListApiDestinationsRequest request;
  request.name_prefix = rule_name_member(input, "NamePrefix", false).value_or("");
  request.connection_arn = connection_arn_member(input, false);
  const PageInput page = page_members(input);
  request.next_token = page.next_token;
  request.limit = page.limit;
  return finish(input, std::move(request));
}

}  // namespace certflow::api::events
