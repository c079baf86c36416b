// The native API's function operations (Certflow.CreateFunction, GetFunction, ListFunctions,
// DeleteFunction, InvokeFunction): their decoders, checked as the other native operations are (a
// ValidationException names the member), their answers, and the operations themselves over
// functions::Functions. The decoders need no daemon, so the fuzzer drives them directly.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/certflow/certflow_service.h"
#include "core/error.h"
#include "functions/functions.h"

namespace certflow::api::native {

inline constexpr int64_t kMaxFunctionsPerPage = 50;

struct ListFunctionsInput {
  std::string prefix;
  std::optional<std::string> next_token;
  size_t limit = kMaxFunctionsPerPage;
};

struct InvokeFunctionInput {
  std::string name;
  std::string payload;  // "{}" when the request has none
};

// CreateFunction {Name, Command: [program, args...], Timeout?, Description?, Environment?: {}}.
Result<functions::FunctionSpec> decode_create_function(const nlohmann::json& body);
// GetFunction and DeleteFunction {Name}: the name.
Result<std::string> decode_function_name(const nlohmann::json& body);
// ListFunctions {Prefix?, NextToken?, Limit?}.
Result<ListFunctionsInput> decode_list_functions(const nlohmann::json& body);
// InvokeFunction {Name, Payload?}.
Result<InvokeFunctionInput> decode_invoke_function(const nlohmann::json& body);

// {"Name", "Arn", "Command", "Timeout", "Description", "Environment", "Created"}.
nlohmann::json function_output(const functions::FunctionInfo& function);
// {"ExitCode", "Signal"?, "TimedOut", "Output", "DurationMs"}.
nlohmann::json invocation_output(const functions::Invocation& invocation);

// The operations, as rows of the native API's operation table (certflow_service.cc).
Result<nlohmann::json> create_function(const CertflowServiceParts& parts, const nlohmann::json& in);
Result<nlohmann::json> get_function(const CertflowServiceParts& parts, const nlohmann::json& in);
Result<nlohmann::json> list_functions(const CertflowServiceParts& parts, const nlohmann::json& in);
Result<nlohmann::json> delete_function(const CertflowServiceParts& parts, const nlohmann::json& in);
Result<nlohmann::json> invoke_function(const CertflowServiceParts& parts, const nlohmann::json& in);

}  // namespace certflow::api::native
