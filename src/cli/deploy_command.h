// `certflow deploy put|get|list|delete|run`: deployment configurations, which put certificates
// where a server reads them (docs/OPERATIONS.md, "Deployment (certflow deploy)").
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace certflow::cli {

// Exit codes: 0 done, 1 the daemon refused or a deployment failed, 2 bad command line.
void add_deploy_commands(CLI::App& app);

// A command line split into words as a POSIX shell would, without expansions: blanks separate
// words, '...' is literal, "..." allows \" \\ \$ \`, a backslash outside quotes escapes the next
// character. nullopt when a quote is not closed.
std::optional<std::vector<std::string>> split_command_line(const std::string& text);

}  // namespace certflow::cli
