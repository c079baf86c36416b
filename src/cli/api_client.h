// A small signed client for certflow's JSON-protocol APIs (and restJson1 ones), used by the CLI
// subcommands.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cli/credentials.h"
#include "core/clock.h"
#include "core/error.h"

namespace certflow::cli {

struct RemoteError {
  std::string code;  // the wire code, e.g. ResourceNotFoundException
  std::string message;
};

class ApiClient {
 public:
  ApiClient(std::string endpoint_url, std::string region, Credentials credentials,
            const Clock& clock);

  // POSTs `input` to <target_prefix>.<operation>, signed for `service`. On an error answer
  // returns the remote code and message; on a transport failure code is "ConnectionError".
  tl::expected<nlohmann::json, RemoteError> call(const std::string& target_prefix,
                                                 const std::string& service,
                                                 const std::string& operation,
                                                 const nlohmann::json& input);

  // restJson1 (Security Hub): POSTs `input` as the JSON body to `path`, signed for `service`;
  // errors as call() reports them, the code from the x-amzn-ErrorType header.
  tl::expected<nlohmann::json, RemoteError> call_rest(const std::string& service,
                                                      const std::string& path,
                                                      const nlohmann::json& input);

 private:
  std::string endpoint_url_;
  std::string region_;
  Credentials credentials_;
  const Clock& clock_;
};

}  // namespace certflow::cli
