// Plain-text tables for the CLI: columns padded to their widest cell, two spaces apart.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace certflow::cli {

using TableRow = std::vector<std::string>;

// rows[0] is the header. Every row ends with "\n"; the last column is not padded.
std::string render_table(const std::vector<TableRow>& rows);

// A member of a JSON object as a cell: strings as they are, other values as JSON text, "" when
// absent. The CLI shows what the daemon sent rather than failing on a surprise.
std::string cell_text(const nlohmann::json& object, const char* member);

}  // namespace certflow::cli
