// `certflow findings list`: the security findings that ACM events made, read through the
// daemon's Security Hub API (GetFindings, restJson1) as `aws securityhub get-findings` reads them.
#pragma once

#include <CLI/CLI.hpp>

namespace certflow::cli {

void add_findings_commands(CLI::App& app);

}  // namespace certflow::cli
