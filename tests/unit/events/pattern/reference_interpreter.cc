#include "reference_interpreter.h"

#include <string>
#include <utility>
#include <vector>

#include "events/pattern/case_fold.h"
#include "events/pattern/cidr.h"

namespace certflow::events::pattern::testing {
namespace {

using json = nlohmann::json;

// A condition: the leaf at `path` must satisfy one of `alternatives` (the pattern's array).
struct Condition {
  std::string path;
  const json* alternatives;
};
using Conjunction = std::vector<Condition>;

bool is_or(const std::string& key, const json& v) {
  if (key != "$or" || !v.is_array() || v.size() < 2) return false;
  for (const json& item : v) {
    if (!item.is_object()) return false;
    for (const char* reserved : {"prefix", "suffix", "equals-ignore-case", "anything-but",
                                 "numeric", "exists", "wildcard", "cidr", "exact"}) {
      if (item.contains(reserved)) return false;
    }
  }
  return true;
}

// Every AND-branch of an object: $or multiplies the branches out.
std::vector<Conjunction> branches(const json& obj, const std::string& prefix) {
  std::vector<Conjunction> result(1);
  for (const auto& [key, value] : obj.items()) {
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    std::vector<Conjunction> parts;
    if (is_or(key, value)) {
      for (const json& alternative : value) {
        for (auto& b : branches(alternative, prefix)) parts.push_back(std::move(b));
      }
    } else if (value.is_object()) {
      parts = branches(value, path);
    } else {
      parts = {Conjunction{Condition{path, &value}}};
    }
    std::vector<Conjunction> next;
    for (const Conjunction& head : result) {
      for (const Conjunction& tail : parts) {
        Conjunction c = head;
        c.insert(c.end(), tail.begin(), tail.end());
        next.push_back(std::move(c));
      }
    }
    result = std::move(next);
  }
  return result;
}

// A scalar of the event, with the (array, index) steps that lead to it.
struct Leaf {
  std::string path;
  const json* value;
  std::vector<std::pair<int, int>> trail;
};

void flatten(const json& v, const std::string& path, std::vector<std::pair<int, int>>& trail,
             int& arrays, std::vector<Leaf>& out) {
  if (v.is_object()) {
    for (const auto& [key, child] : v.items()) {
      flatten(child, path.empty() ? key : path + "." + key, trail, arrays, out);
    }
  } else if (v.is_array()) {
    const int id = arrays++;
    for (std::size_t i = 0; i < v.size(); ++i) {
      trail.emplace_back(id, static_cast<int>(i));
      flatten(v[i], path, trail, arrays, out);
      trail.pop_back();
    }
  } else {
    out.push_back(Leaf{path, &v, trail});
  }
}

bool consistent(const Leaf& a, const Leaf& b) {
  for (std::size_t i = 0; i < a.trail.size() && i < b.trail.size(); ++i) {
    if (a.trail[i].first != b.trail[i].first) return true;
    if (a.trail[i].second != b.trail[i].second) return false;
  }
  return true;
}

// Plain recursive glob: '*' any run, "\*" and "\\" literals.
bool glob(const std::string& p, std::size_t i, const std::string& s, std::size_t j) {
  if (i == p.size()) return j == s.size();
  if (p[i] == '*') {
    for (std::size_t k = j; k <= s.size(); ++k) {
      if (glob(p, i + 1, s, k)) return true;
    }
    return false;
  }
  char literal = p[i];
  std::size_t step = 1;
  if (p[i] == '\\' && i + 1 < p.size()) literal = p[i + 1], step = 2;
  return j < s.size() && s[j] == literal && glob(p, i + step, s, j + 1);
}

bool ignore_case_equals(const std::string& operand, const std::string& s) {
  return detail::case_equals(detail::make_case_program(operand), s);
}

std::vector<json> as_list(const json& v) {
  if (v.is_array()) return std::vector<json>(v.begin(), v.end());
  return {v};
}

bool excluded(const json& operand, const json& value) {
  if (!operand.is_object()) {
    for (const json& x : as_list(operand)) {
      if (x.is_string() && value.is_string() && x == value) return true;
      if (x.is_number() && value.is_number() && x.get<double>() == value.get<double>()) return true;
    }
    return false;
  }
  if (!value.is_string()) return false;
  const std::string s = value.get<std::string>();
  const std::string kind = operand.begin().key();
  const json& list = operand.begin().value();
  for (const json& x : as_list(list)) {
    const std::string e = x.get<std::string>();
    if (kind == "prefix" && s.starts_with(e)) return true;
    if (kind == "suffix" && s.ends_with(e)) return true;
    if (kind == "equals-ignore-case" && ignore_case_equals(e, s)) return true;
    if (kind == "wildcard" && glob(e, 0, s, 0)) return true;
  }
  return false;
}

bool numeric(const json& terms, double x) {
  for (std::size_t i = 0; i + 1 < terms.size(); i += 2) {
    const std::string op = terms[i].get<std::string>();
    const double bound = terms[i + 1].get<double>();
    const bool ok = op == "="    ? x == bound
                    : op == "<"  ? x < bound
                    : op == "<=" ? x <= bound
                    : op == ">"  ? x > bound
                                 : x >= bound;
    if (!ok) return false;
  }
  return true;
}

// Does one alternative of a pattern array accept one event scalar? (exists:false never does.)
bool accepts(const json& alt, const json& v) {
  if (!alt.is_object()) {
    if (alt.is_number()) return v.is_number() && alt.get<double>() == v.get<double>();
    return alt == v && alt.type() == v.type();
  }
  const std::string op = alt.begin().key();
  const json& arg = alt.begin().value();
  if (op == "exists") return arg.get<bool>();
  if (op == "anything-but") return !excluded(arg, v);
  if (op == "numeric") return v.is_number() && numeric(arg, v.get<double>());
  if (!v.is_string()) return false;
  const std::string s = v.get<std::string>();
  if (op == "prefix" || op == "suffix") {
    const bool prefix = op == "prefix";
    if (arg.is_string()) {
      return prefix ? s.starts_with(arg.get<std::string>()) : s.ends_with(arg.get<std::string>());
    }
    const auto program = detail::make_case_program(arg.at("equals-ignore-case").get<std::string>());
    return prefix ? detail::case_prefix(program, s) : detail::case_suffix(program, s);
  }
  if (op == "equals-ignore-case") return ignore_case_equals(arg.get<std::string>(), s);
  if (op == "wildcard") return glob(arg.get<std::string>(), 0, s, 0);
  if (op == "cidr") {
    auto c = detail::parse_cidr(arg.get<std::string>());
    return c && detail::cidr_contains(*c, s);
  }
  return false;
}

bool allows_absence(const json& alternatives) {
  for (const json& alt : alternatives) {
    if (alt.is_object() && alt.contains("exists") && alt.at("exists") == false) return true;
  }
  return false;
}

// Chooses, condition by condition, a consistent leaf or (if allowed) absence; absences are
// checked once every leaf is chosen.
bool assign(const Conjunction& c, std::size_t k, const std::vector<Leaf>& leaves,
            std::vector<const Leaf*>& chosen) {
  if (k == c.size()) {
    for (std::size_t i = 0; i < c.size(); ++i) {
      if (chosen[i] != nullptr) continue;
      for (const Leaf& l : leaves) {
        if (l.path != c[i].path) continue;
        bool fits = true;
        for (const Leaf* other : chosen) fits = fits && (other == nullptr || consistent(l, *other));
        if (fits) return false;
      }
    }
    return true;
  }
  for (const Leaf& l : leaves) {
    if (l.path != c[k].path) continue;
    bool ok = false;
    for (const json& alt : *c[k].alternatives) ok = ok || accepts(alt, *l.value);
    if (!ok) continue;
    bool fits = true;
    for (std::size_t i = 0; i < k; ++i)
      fits = fits && (chosen[i] == nullptr || consistent(l, *chosen[i]));
    if (!fits) continue;
    chosen[k] = &l;
    if (assign(c, k + 1, leaves, chosen)) return true;
  }
  if (allows_absence(*c[k].alternatives)) {
    chosen[k] = nullptr;
    if (assign(c, k + 1, leaves, chosen)) return true;
  }
  return false;
}

}  // namespace

bool reference_match(const json& pattern, const json& event) {
  std::vector<Leaf> leaves;
  std::vector<std::pair<int, int>> trail;
  int arrays = 0;
  flatten(event, "", trail, arrays, leaves);
  for (const Conjunction& c : branches(pattern, "")) {
    std::vector<const Leaf*> chosen(c.size(), nullptr);
    if (assign(c, 0, leaves, chosen)) return true;
  }
  return false;
}

}  // namespace certflow::events::pattern::testing
