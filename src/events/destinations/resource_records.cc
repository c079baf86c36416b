#include "events/destinations/resource_records.h"

#include <nlohmann/json.hpp>

#include "crypto/encoding.h"

namespace certflow::events::destinations {
namespace {

using nlohmann::json;

std::string arn_prefix(const bus::BusConfig& config) {
  return "arn:aws:events:" + config.region + ":" + config.account_id + ":";
}

// Parameter lists keep their non-secret values in the clear; a secret value goes into the
// sealed document under "<where>.<list>.<index>".
json parameters_json(const HttpParameters& parameters) {
  auto list = [](const std::vector<HttpParameter>& items) {
    json out = json::array();
    for (const auto& item : items) {
      json entry = {{"key", item.key}, {"secret", item.is_value_secret}};
      if (!item.is_value_secret) entry["value"] = item.value;
      out.push_back(std::move(entry));
    }
    return out;
  };
  return {{"header", list(parameters.header)},
          {"query_string", list(parameters.query_string)},
          {"body", list(parameters.body)}};
}

HttpParameters parameters_from(const json& in) {
  auto list = [&in](const char* name) {
    std::vector<HttpParameter> out;
    for (const auto& entry : in.value(name, json::array())) {
      out.push_back(HttpParameter{entry.value("key", ""), entry.value("value", ""),
                                  entry.value("secret", false)});
    }
    return out;
  };
  return HttpParameters{list("header"), list("query_string"), list("body")};
}

// Visits every parameter list of a spec with its name in the sealed document.
template <typename Spec, typename Visit>
void each_list(Spec& spec, Visit visit) {
  auto lists = [&visit](auto& parameters, const std::string& where) {
    visit(parameters.header, where + ".header.");
    visit(parameters.query_string, where + ".query_string.");
    visit(parameters.body, where + ".body.");
  };
  lists(spec.invocation_http_parameters, "invocation");
  if (spec.oauth) lists(spec.oauth->http_parameters, "oauth");
}

json secrets_of(const ConnectionSpec& spec) {
  json secrets = json::object();
  if (spec.basic) secrets["auth"] = spec.basic->password;
  if (spec.api_key) secrets["auth"] = spec.api_key->value;
  if (spec.oauth) secrets["auth"] = spec.oauth->client_secret;
  json values = json::object();
  each_list(spec, [&values](const std::vector<HttpParameter>& list, const std::string& prefix) {
    for (size_t i = 0; i < list.size(); ++i) {
      if (list[i].is_value_secret) values[prefix + std::to_string(i)] = list[i].value;
    }
  });
  secrets["params"] = std::move(values);
  return secrets;
}

void restore_secrets(ConnectionSpec& spec, const json& secrets) {
  const std::string auth = secrets.value("auth", "");
  if (spec.basic) spec.basic->password = auth;
  if (spec.api_key) spec.api_key->value = auth;
  if (spec.oauth) spec.oauth->client_secret = auth;
  const json values = secrets.value("params", json::object());
  each_list(spec, [&values](std::vector<HttpParameter>& list, const std::string& prefix) {
    for (size_t i = 0; i < list.size(); ++i) {
      if (list[i].is_value_secret) list[i].value = values.value(prefix + std::to_string(i), "");
    }
  });
}

Error damaged(const std::string& kind, const std::string& name, const std::string& why) {
  return Error{ErrorCode::kInternal, "the stored " + kind + " " + name + " is damaged: " + why};
}

}  // namespace

std::string connection_arn(const bus::BusConfig& config, const std::string& name,
                           const std::string& uuid) {
  return arn_prefix(config) + "connection/" + name + "/" + uuid;
}

std::string api_destination_arn(const bus::BusConfig& config, const std::string& name,
                                const std::string& uuid) {
  return arn_prefix(config) + "api-destination/" + name + "/" + uuid;
}

std::optional<std::string> name_in_arn(const bus::BusConfig& config, const std::string& arn,
                                       const std::string& type) {
  const std::string prefix = arn_prefix(config) + type + "/";
  if (arn.rfind(prefix, 0) != 0) return std::nullopt;
  const std::string rest = arn.substr(prefix.size());
  const size_t slash = rest.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == rest.size()) return std::nullopt;
  return rest.substr(0, slash);
}

Result<store::ResourceRow> encode_connection(const Connection& connection,
                                             const crypto::MasterKey& master) {
  const ConnectionSpec& spec = connection.spec;
  json details = {{"description", spec.description},
                  {"authorization_type", spec.authorization_type},
                  {"state", connection.state},
                  {"state_reason", connection.state_reason},
                  {"secret_arn", connection.secret_arn},
                  {"revision", connection.revision},
                  {"invocation", parameters_json(spec.invocation_http_parameters)}};
  if (connection.last_authorized_at) {
    details["last_authorized_ms"] = to_epoch_millis(*connection.last_authorized_at);
  }
  if (spec.basic) details["basic"] = {{"username", spec.basic->username}};
  if (spec.api_key) details["api_key"] = {{"name", spec.api_key->name}};
  if (spec.oauth) {
    details["oauth"] = {{"client_id", spec.oauth->client_id},
                        {"endpoint", spec.oauth->authorization_endpoint},
                        {"method", spec.oauth->http_method},
                        {"http", parameters_json(spec.oauth->http_parameters)}};
  }
  auto sealed = crypto::seal(master, secrets_of(spec).dump(), connection.arn);
  if (!sealed) return tl::unexpected(sealed.error());
  details["sealed"] = {{"key", crypto::base64_encode(sealed->wrapped_data_key)},
                       {"data", crypto::base64_encode(sealed->ciphertext)}};
  return store::ResourceRow{kConnectionKind,
                            spec.name,
                            connection.arn,
                            details.dump(),
                            to_epoch_millis(connection.created_at),
                            to_epoch_millis(connection.modified_at)};
}

namespace {

Result<Connection> decode_connection_fields(const store::ResourceRow& row,
                                            const crypto::MasterKey& master, bool with_secrets) {
  const json details = json::parse(row.details_json, nullptr, false);
  if (!details.is_object()) return tl::unexpected(damaged("connection", row.name, "not JSON"));
  Connection out;
  out.arn = row.arn;
  out.created_at = from_epoch_millis(row.created_at_ms);
  out.modified_at = from_epoch_millis(row.modified_at_ms);
  out.state = details.value("state", "");
  out.state_reason = details.value("state_reason", "");
  out.secret_arn = details.value("secret_arn", "");
  out.revision = details.value("revision", int64_t{1});
  if (details.contains("last_authorized_ms")) {
    out.last_authorized_at = from_epoch_millis(details["last_authorized_ms"].get<int64_t>());
  }
  ConnectionSpec& spec = out.spec;
  spec.name = row.name;
  spec.description = details.value("description", "");
  spec.authorization_type = details.value("authorization_type", "");
  spec.invocation_http_parameters = parameters_from(details.value("invocation", json::object()));
  if (details.contains("basic")) {
    spec.basic = BasicAuthParameters{details["basic"].value("username", ""), ""};
  }
  if (details.contains("api_key")) {
    spec.api_key = ApiKeyAuthParameters{details["api_key"].value("name", ""), ""};
  }
  if (details.contains("oauth")) {
    const json& oauth = details["oauth"];
    spec.oauth = OAuthParameters{oauth.value("client_id", ""), "", oauth.value("endpoint", ""),
                                 oauth.value("method", ""),
                                 parameters_from(oauth.value("http", json::object()))};
  }
  if (!with_secrets) return out;

  const json sealed = details.value("sealed", json::object());
  auto key = crypto::base64_decode(sealed.value("key", ""));
  auto data = crypto::base64_decode(sealed.value("data", ""));
  if (!key || !data) return tl::unexpected(damaged("connection", row.name, "no sealed secrets"));
  auto opened = crypto::open(master, crypto::SealedSecret{*key, *data}, row.arn);
  if (!opened) {
    return tl::unexpected(
        damaged("connection", row.name, "its secrets do not open with this master key"));
  }
  const json secrets = json::parse(opened->view(), nullptr, false);
  if (!secrets.is_object()) {
    return tl::unexpected(damaged("connection", row.name, "sealed secrets are not JSON"));
  }
  restore_secrets(spec, secrets);
  return out;
}

Result<ApiDestination> decode_api_destination_fields(const store::ResourceRow& row) {
  const json details = json::parse(row.details_json, nullptr, false);
  if (!details.is_object()) return tl::unexpected(damaged("API destination", row.name, "not JSON"));
  ApiDestination out;
  out.arn = row.arn;
  out.state = details.value("state", "ACTIVE");
  out.created_at = from_epoch_millis(row.created_at_ms);
  out.modified_at = from_epoch_millis(row.modified_at_ms);
  out.spec = ApiDestinationSpec{row.name,
                                details.value("description", ""),
                                details.value("connection_arn", ""),
                                details.value("endpoint", ""),
                                details.value("method", ""),
                                details.value("rate", kDefaultInvocationRate)};
  return out;
}

}  // namespace

// A member of the wrong JSON type throws inside nlohmann::json; a damaged row is an error value.
Result<Connection> decode_connection(const store::ResourceRow& row, const crypto::MasterKey& master,
                                     bool with_secrets) {
  try {
    return decode_connection_fields(row, master, with_secrets);
  } catch (const json::exception& e) {
    return tl::unexpected(damaged("connection", row.name, e.what()));
  }
}

store::ResourceRow encode_api_destination(const ApiDestination& destination) {
  const ApiDestinationSpec& spec = destination.spec;
  const json details = {{"description", spec.description},
                        {"connection_arn", spec.connection_arn},
                        {"endpoint", spec.invocation_endpoint},
                        {"method", spec.http_method},
                        {"rate", spec.invocation_rate_limit_per_second},
                        {"state", destination.state}};
  return store::ResourceRow{kApiDestinationKind,
                            spec.name,
                            destination.arn,
                            details.dump(),
                            to_epoch_millis(destination.created_at),
                            to_epoch_millis(destination.modified_at)};
}

Result<ApiDestination> decode_api_destination(const store::ResourceRow& row) {
  try {
    return decode_api_destination_fields(row);
  } catch (const json::exception& e) {
    return tl::unexpected(damaged("API destination", row.name, e.what()));
  }
}

}  // namespace certflow::events::destinations
