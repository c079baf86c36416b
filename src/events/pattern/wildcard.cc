#include "events/pattern/wildcard.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace certflow::events::pattern::detail {
namespace {

// Tokens of a wildcard after escapes: a literal byte, or -1 for a star.
std::vector<int> tokens_of(std::string_view s) {
  std::vector<int> t;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      t.push_back(static_cast<unsigned char>(s[++i]));
    } else if (s[i] == '*') {
      t.push_back(-1);
    } else {
      t.push_back(static_cast<unsigned char>(s[i]));
    }
  }
  return t;
}

}  // namespace

Result<Wildcard> parse_wildcard(std::string_view s) {
  Wildcard w;
  w.parts.emplace_back();
  bool prev_star = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\') {
      if (i + 1 >= s.size() || (s[i + 1] != '*' && s[i + 1] != '\\')) {
        return fail(ErrorCode::kValidation,
                    "Invalid escape character at pos " + std::to_string(i + 1));
      }
      w.parts.back() += s[++i];
      prev_star = false;
    } else if (c == '*') {
      if (prev_star) {
        return fail(ErrorCode::kValidation,
                    "Consecutive wildcard characters at pos " + std::to_string(i));
      }
      w.parts.emplace_back();
      prev_star = true;
    } else {
      w.parts.back() += c;
      prev_star = false;
    }
  }
  return w;
}

bool wildcard_matches(const Wildcard& w, std::string_view v) {
  const auto& p = w.parts;
  if (p.size() == 1) return v == p[0];
  const std::string& first = p.front();
  const std::string& last = p.back();
  if (v.size() < first.size() + last.size()) return false;
  if (!v.starts_with(first) || !v.ends_with(last)) return false;
  // Leftmost placement of each middle part is optimal when the only metacharacter is '*'.
  std::size_t pos = first.size();
  const std::size_t limit = v.size() - last.size();
  for (std::size_t i = 1; i + 1 < p.size(); ++i) {
    if (p[i].empty()) continue;
    const std::size_t at = v.substr(0, limit).find(p[i], pos);
    if (at == std::string_view::npos) return false;
    pos = at + p[i].size();
  }
  return true;
}

std::size_t wildcard_complexity(std::string_view operand) {
  // A star's state, once entered, stays active (it loops on every byte), and an input that
  // reaches the last star has entered them all. So the worst input has every star active at
  // once, and one byte then advances every star that is followed by that byte.
  const std::vector<int> t = tokens_of(operand);
  std::array<std::size_t, 256> followed_by{};
  std::size_t worst = 0;
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    if (t[i] == -1 && t[i + 1] >= 0) {
      worst = std::max(worst, ++followed_by[static_cast<std::size_t>(t[i + 1])]);
    }
  }
  return worst;
}

}  // namespace certflow::events::pattern::detail
