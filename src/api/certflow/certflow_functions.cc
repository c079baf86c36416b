#include "api/certflow/certflow_functions.h"

#include <algorithm>
#include <cctype>

#include "api/json_input.h"

namespace certflow::api::native {

using nlohmann::json;

namespace {

constexpr const char* kNamePattern =
    "Member must satisfy regular expression pattern: [a-zA-Z0-9-_]+";
const StringRule kNameRule{1, 64, {}};

bool function_name(const std::string& name) {
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

// A required function name member (Name, or NextToken, which is a name too).
std::optional<std::string> name_member(JsonInput& input, const char* member, bool required) {
  auto name = input.string(member, kNameRule, required);
  if (name && !function_name(*name)) {
    input.reject(member, *name, kNamePattern);
    return std::nullopt;
  }
  return name;
}

Result<json> without_functions() {
  return fail(ErrorCode::kServiceUnavailable, "This certflow daemon runs no functions.");
}

}  // namespace

Result<functions::FunctionSpec> decode_create_function(const json& body) {
  JsonInput input(body);
  functions::FunctionSpec spec;
  spec.name = name_member(input, "Name", true).value_or("");
  spec.command =
      input.string_list("Command", {0, 4096, {}}, 256, true).value_or(std::vector<std::string>{});
  if (body.contains("Command") && body.at("Command").is_array() && body.at("Command").empty()) {
    input.reject("Command", "[]", "Member must have length greater than or equal to 1");
  }
  spec.timeout_seconds = static_cast<int>(input.integer("Timeout", 1, functions::kMaxTimeoutSeconds)
                                              .value_or(functions::kDefaultTimeoutSeconds));
  spec.description = input.string("Description", {0, 256, {}}).value_or("");
  if (auto environment = input.structure("Environment")) {
    for (const auto& [name, value] : body.at("Environment").items()) {
      if (name.empty() || name.size() > 128) {
        input.reject("Environment", name, "Each variable name must have 1 to 128 characters");
        continue;
      }
      if (auto text = environment->string(name.c_str(), {0, 4096, {}}, true)) {
        spec.environment[name] = *text;
      }
    }
  }
  return finish(input, std::move(spec));
}

Result<std::string> decode_function_name(const json& body) {
  JsonInput input(body);
  auto name = name_member(input, "Name", true);
  return finish(input, name.value_or(""));
}

Result<ListFunctionsInput> decode_list_functions(const json& body) {
  JsonInput input(body);
  ListFunctionsInput out;
  out.prefix = input.string("Prefix", {0, 64, {}}).value_or("");
  out.next_token = name_member(input, "NextToken", false);
  out.limit = static_cast<size_t>(
      input.integer("Limit", 1, kMaxFunctionsPerPage).value_or(kMaxFunctionsPerPage));
  return finish(input, std::move(out));
}

Result<InvokeFunctionInput> decode_invoke_function(const json& body) {
  JsonInput input(body);
  InvokeFunctionInput out;
  out.name = name_member(input, "Name", true).value_or("");
  out.payload = input.string("Payload", {0, functions::kMaxPayloadBytes, {}}).value_or("{}");
  return finish(input, std::move(out));
}

json function_output(const functions::FunctionInfo& function) {
  return {{"Name", function.name},
          {"Arn", function.arn},
          {"Command", function.command},
          {"Timeout", function.timeout_seconds},
          {"Description", function.description},
          {"Environment", function.environment},
          {"Created", to_iso8601(function.created)}};
}

json invocation_output(const functions::Invocation& invocation) {
  json out = {{"ExitCode", invocation.exit_code},
              {"TimedOut", invocation.timed_out},
              {"Output", invocation.output},
              {"DurationMs", invocation.duration.count()}};
  if (invocation.signal != 0) out["Signal"] = invocation.signal;
  return out;
}

Result<json> create_function(const CertflowServiceParts& parts, const json& in) {
  if (parts.functions == nullptr) return without_functions();
  auto spec = decode_create_function(in);
  if (!spec) return tl::unexpected(spec.error());
  auto created = parts.functions->create(*spec);
  if (!created) return tl::unexpected(created.error());
  return function_output(*created);
}

Result<json> get_function(const CertflowServiceParts& parts, const json& in) {
  if (parts.functions == nullptr) return without_functions();
  auto name = decode_function_name(in);
  if (!name) return tl::unexpected(name.error());
  auto function = parts.functions->get(*name);
  if (!function) return tl::unexpected(function.error());
  return function_output(*function);
}

Result<json> list_functions(const CertflowServiceParts& parts, const json& in) {
  if (parts.functions == nullptr) return without_functions();
  auto request = decode_list_functions(in);
  if (!request) return tl::unexpected(request.error());
  auto page = parts.functions->list(request->prefix, request->next_token, request->limit);
  if (!page) return tl::unexpected(page.error());
  json out = {{"Functions", json::array()}};
  for (const auto& function : page->items) out["Functions"].push_back(function_output(function));
  if (page->next_token) out["NextToken"] = *page->next_token;
  return out;
}

Result<json> delete_function(const CertflowServiceParts& parts, const json& in) {
  if (parts.functions == nullptr) return without_functions();
  auto name = decode_function_name(in);
  if (!name) return tl::unexpected(name.error());
  if (auto ok = parts.functions->remove(*name); !ok) return tl::unexpected(ok.error());
  return json::object();
}

Result<json> invoke_function(const CertflowServiceParts& parts, const json& in) {
  if (parts.functions == nullptr) return without_functions();
  auto request = decode_invoke_function(in);
  if (!request) return tl::unexpected(request.error());
  auto invocation = parts.functions->invoke(request->name, request->payload);
  if (!invocation) return tl::unexpected(invocation.error());
  return invocation_output(*invocation);
}

}  // namespace certflow::api::native
