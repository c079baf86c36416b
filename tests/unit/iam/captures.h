// Loads the real aws-cli / boto3 requests recorded in reference/cli-captures.txt, with the
// canonical request and string to sign the capture server computed for each.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace certflow::iam::testing {

struct Capture {
  std::string name;  // the client and command, as a test-name-safe identifier
  std::string method;
  std::string path;
  std::string query;
  std::vector<std::pair<std::string, std::string>> headers;  // as sent, in order
  std::string body;                                          // exactly Content-Length bytes
  std::string canonical_request;
  std::string string_to_sign;

  // The first value of a header (case-insensitive name); "" when absent.
  std::string header(const std::string& name) const;
};

// Reads CERTFLOW_REFERENCE_DIR/cli-captures.txt. Returns an empty list if the file is missing
// or a block cannot be parsed (the caller asserts on the count).
std::vector<Capture> load_captures();

}  // namespace certflow::iam::testing
