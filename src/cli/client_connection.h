// How the client subcommands reach a running daemon: the connection flags every one of them takes
// and one signed call to one of certflow's APIs.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli/api_client.h"

namespace certflow::cli {

struct ConnectionFlags {
  std::optional<std::string> endpoint_url;
  std::optional<std::string> region;
  std::optional<std::string> profile;
  std::optional<std::string> data_dir;
};

void add_connection_flags(CLI::App* command, ConnectionFlags& flags);

struct ApiName {
  const char* target_prefix;  // X-Amz-Target prefix
  const char* signing_name;   // SigV4 service
};
inline constexpr ApiName kAcmApi{"CertificateManager", "acm"};
inline constexpr ApiName kCertflowApi{"Certflow", "certflow"};

// One signed call. Ends the command (exit 2) when no credentials can be found.
tl::expected<nlohmann::json, RemoteError> call_api(const ConnectionFlags& flags, ApiName api,
                                                   const std::string& operation,
                                                   const nlohmann::json& input);
// As call_api; an error answer is printed the way the aws CLI prints it and ends the command
// (exit 1).
nlohmann::json call_or_exit(const ConnectionFlags& flags, ApiName api, const std::string& operation,
                            const nlohmann::json& input);
// As call_or_exit, for a restJson1 operation (Security Hub's GetFindings): POSTs `input` to
// `path`, signed for `signing_name`.
nlohmann::json call_rest_or_exit(const ConnectionFlags& flags, const std::string& signing_name,
                                 const std::string& path, const std::string& operation,
                                 const nlohmann::json& input);
[[noreturn]] void exit_with_remote_error(const std::string& operation, const RemoteError& error);

}  // namespace certflow::cli
