// Pattern structure: objects, value arrays, $or, and multiplying $or out into AND-branches.
#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "events/pattern/ast.h"
#include "events/pattern/compile_internal.h"
#include "events/pattern/pattern.h"
#include "events/pattern/pattern_json.h"

namespace certflow::events::pattern {
namespace detail {
namespace {

using K = PValue::Kind;

// One object of the pattern before $or is multiplied out: its fields AND each $or group, where a
// group is satisfied by any one of its alternatives.
struct Conjunction {
  std::vector<Field> fields;
  std::vector<std::vector<Conjunction>> or_groups;
};

// Keys that make an object a match expression; an array under "$or" holding an object with one
// of them is an ordinary field value, for backward compatibility (event-ruler).
bool is_reserved(const std::string& key) {
  static const char* const kReserved[] = {"prefix",       "suffix",  "equals-ignore-case",
                                          "anything-but", "numeric", "exists",
                                          "wildcard",     "cidr",    "exact"};
  return std::any_of(std::begin(kReserved), std::end(kReserved),
                     [&](const char* r) { return key == r; });
}

bool is_or_array(const std::string& key, const PValue& v) {
  if (key != "$or" || v.kind != K::kArray || v.items.size() < 2) return false;
  for (const PValue& item : v.items) {
    if (item.kind != K::kObject) return false;
    if (std::any_of(item.keys.begin(), item.keys.end(), is_reserved)) return false;
  }
  return true;
}

class Compiler {
 public:
  explicit Compiler(const Limits& limits) : limits_(limits) {}

  Checked object(const PValue& obj, const std::string& prefix, Conjunction& out) {
    if (obj.items.empty())
      return tl::unexpected(Problem{"Empty objects are not allowed", prefix, obj.offset});
    // A repeated key: the last occurrence wins, and objects under it are not merged.
    std::unordered_map<std::string, std::size_t> last;
    for (std::size_t i = 0; i < obj.keys.size(); ++i) last[obj.keys[i]] = i;
    for (std::size_t i = 0; i < obj.keys.size(); ++i) {
      if (last[obj.keys[i]] != i) continue;
      auto st = member(obj.keys[i], obj.items[i], prefix, out);
      if (!st) return st;
    }
    return {};
  }

 private:
  Checked member(const std::string& key, const PValue& v, const std::string& prefix,
                 Conjunction& out) {
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (v.kind == K::kObject) return object(v, path, out);
    if (v.kind != K::kArray) {
      return tl::unexpected(
          Problem{"\"" + key + "\" must be an object or an array", path, v.offset});
    }
    if (is_or_array(key, v)) {
      std::vector<Conjunction> group(v.items.size());
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        auto st = object(v.items[i], prefix, group[i]);
        if (!st) return st;
      }
      out.or_groups.push_back(std::move(group));
      return {};
    }
    if (v.items.empty())
      return tl::unexpected(Problem{"Empty arrays are not allowed", path, v.offset});
    Field f;
    f.path = path;
    for (const PValue& element : v.items) {
      auto st = add_match_element(element, limits_, f);
      if (!st) return st;
    }
    f.canonical = path;
    f.canonical += '\x1f';
    append_json(v, f.canonical);
    out.fields.push_back(std::move(f));
    return {};
  }

  const Limits& limits_;
};

// How many branches a conjunction multiplies out to, saturating at `cap` + 1.
std::size_t count_branches(const Conjunction& c, std::size_t cap) {
  std::size_t total = 1;
  for (const auto& group : c.or_groups) {
    std::size_t alternatives = 0;
    for (const Conjunction& alt : group) {
      alternatives = std::min(cap + 1, alternatives + count_branches(alt, cap));
    }
    total = std::min(cap + 1, total * alternatives);
  }
  return total;
}

std::vector<Branch> expand(const Conjunction& c) {
  std::vector<Branch> result(1);
  result[0].fields = c.fields;
  for (const auto& group : c.or_groups) {
    std::vector<Branch> next;
    for (const Conjunction& alt : group) {
      for (const Branch& tail : expand(alt)) {
        for (const Branch& head : result) {
          Branch b = head;
          b.fields.insert(b.fields.end(), tail.fields.begin(), tail.fields.end());
          next.push_back(std::move(b));
        }
      }
    }
    result = std::move(next);
  }
  return result;
}

// Line and column (1-based, Jackson style) of a byte offset.
std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line, col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

tl::unexpected<Error> invalid(std::string_view text, const Problem& p, bool located) {
  std::string message = "Event pattern is not valid. Reason: " + p.reason;
  if (located) {
    auto [line, col] = line_column(text, p.offset);
    message += "\n at [field: \"" + p.path + "\"; line: " + std::to_string(line) +
               ", column: " + std::to_string(col) + "]";
  }
  return fail(ErrorCode::kValidation, std::move(message));
}

}  // namespace
}  // namespace detail

Result<CompiledPattern> compile_pattern(std::string_view text, const CompileOptions& options) {
  using detail::Problem;
  if (options.max_pattern_chars != 0 && text.size() > options.max_pattern_chars) {
    return detail::invalid(text,
                           Problem{"Event pattern is longer than " +
                                       std::to_string(options.max_pattern_chars) + " characters",
                                   "", 0},
                           false);
  }
  auto json = detail::parse_pattern_json(text);
  if (!json) return detail::invalid(text, Problem{json.error().message, "", 0}, false);
  if (json->kind != detail::PValue::Kind::kObject) {
    return detail::invalid(text, Problem{"Filter is not an object", "", 0}, false);
  }
  detail::Limits limits;
  limits.max_wildcard_complexity = options.max_wildcard_complexity;
  detail::Conjunction root;
  auto st = detail::Compiler(limits).object(*json, "", root);
  if (!st) return detail::invalid(text, st.error(), true);

  // Without a configured limit, still refuse what would not fit in memory.
  constexpr std::size_t kHardCap = 100000;
  const std::size_t cap = options.max_or_combinations != 0 ? options.max_or_combinations : kHardCap;
  if (detail::count_branches(root, cap) > cap) {
    return detail::invalid(
        text, Problem{"The number of $or combinations exceeds " + std::to_string(cap), "$or", 0},
        false);
  }
  auto ast = std::make_shared<detail::PatternAst>();
  ast->text = std::string(text);
  ast->branches = detail::expand(root);
  return CompiledPattern(std::move(ast));
}

Status validate_pattern(std::string_view text, const CompileOptions& options) {
  auto p = compile_pattern(text, options);
  if (!p) return tl::unexpected(p.error());
  return {};
}

const std::string& CompiledPattern::text() const { return ast_->text; }
std::size_t CompiledPattern::branch_count() const { return ast_->branches.size(); }

}  // namespace certflow::events::pattern
