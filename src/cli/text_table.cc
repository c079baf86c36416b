#include "cli/text_table.h"

#include <algorithm>
#include <sstream>

namespace certflow::cli {

std::string render_table(const std::vector<TableRow>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::ostringstream out;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      out << row[i];
      if (i + 1 < row.size()) out << std::string(widths[i] - row[i].size() + 2, ' ');
    }
    out << "\n";
  }
  return out.str();
}

std::string cell_text(const nlohmann::json& object, const char* member) {
  if (!object.is_object()) return "";
  auto it = object.find(member);
  if (it == object.end()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace certflow::cli
