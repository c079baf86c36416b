// Wildcards, ARN segments and policy variables: the string matching under Policy::evaluate.
#include <cctype>

#include "iam/policy_internal.h"

namespace certflow::iam::detail {

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

void append(Glob& glob, std::string_view text, bool wild) {
  for (char c : text) {
    glob.text.push_back(c);
    glob.wild.push_back(wild && (c == '*' || c == '?'));
  }
}

// Splits at the first max_parts-1 colons outside ${...}, so that a variable such as
// ${aws:SourceAccount} stays inside its ARN component.
std::vector<Text> split_pattern(const Text& pattern, std::size_t max_parts) {
  std::vector<Text> parts;
  std::string_view s = pattern.raw;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size() && parts.size() + 1 < max_parts; ++i) {
    if (pattern.variables && s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') {
      if (auto close = s.find('}', i + 2); close != std::string_view::npos) {
        i = close;
        continue;
      }
    }
    if (s[i] == ':') {
      parts.push_back(Text{std::string(s.substr(start, i - start)), pattern.variables});
      start = i + 1;
    }
  }
  parts.push_back(Text{std::string(s.substr(start)), pattern.variables});
  return parts;
}

bool segment_match(const Text& pattern, std::string_view subject, const PolicyRequest& request) {
  auto glob = expand(pattern, /*wildcards=*/true, request);
  return glob && glob_match(*glob, subject, /*ignore_case=*/false);
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::vector<std::string> context_values(const PolicyRequest& request, std::string_view key) {
  for (const auto& [name, values] : request.multivalued_context) {
    if (iequals(name, key)) return values;
  }
  for (const auto& [name, value] : request.context) {
    if (iequals(name, key)) return {value};
  }
  return {};
}

std::optional<Glob> expand(const Text& text, bool wildcards, const PolicyRequest& request) {
  Glob glob;
  std::string_view s = text.raw;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t close = std::string_view::npos;
    if (text.variables && s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') {
      close = s.find('}', i + 2);
    }
    if (close == std::string_view::npos) {
      append(glob, s.substr(i, 1), wildcards);
      ++i;
      continue;
    }
    std::string_view body = s.substr(i + 2, close - i - 2);
    i = close + 1;
    if (body == "*" || body == "?" || body == "$") {
      append(glob, body, /*wild=*/false);
      continue;
    }
    std::string_view key = body;
    std::optional<std::string_view> fallback;
    if (auto comma = body.find(','); comma != std::string_view::npos) {
      key = body.substr(0, comma);
      std::string_view rest = trim(body.substr(comma + 1));
      if (rest.size() >= 2 && rest.front() == '\'' && rest.back() == '\'') {
        rest = rest.substr(1, rest.size() - 2);
      }
      fallback = rest;
    }
    auto values = context_values(request, trim(key));
    // A variable stands for one value; a multivalued key cannot be substituted.
    if (values.size() == 1) {
      append(glob, values.front(), /*wild=*/false);
    } else if (fallback) {
      append(glob, *fallback, /*wild=*/false);
    } else {
      return std::nullopt;
    }
  }
  return glob;
}

Glob wildcard_glob(std::string_view raw) {
  Glob glob;
  append(glob, raw, /*wild=*/true);
  return glob;
}

bool glob_match(const Glob& pattern, std::string_view subject, bool ignore_case) {
  const std::string& p = pattern.text;
  auto is_star = [&](std::size_t k) { return pattern.wild[k] && p[k] == '*'; };
  std::size_t pi = 0, si = 0;
  std::size_t star = std::string::npos, resume = 0;
  // Greedy with backtracking to the last star: linear for the usual one- or two-star patterns.
  while (si < subject.size()) {
    if (pi < p.size() && is_star(pi)) {
      star = pi++;
      resume = si;
    } else if (pi < p.size() && ((pattern.wild[pi] && p[pi] == '?') || p[pi] == subject[si] ||
                                 (ignore_case && lower(p[pi]) == lower(subject[si])))) {
      ++pi;
      ++si;
    } else if (star != std::string::npos) {
      pi = star + 1;
      si = ++resume;
    } else {
      return false;
    }
  }
  while (pi < p.size() && is_star(pi)) ++pi;
  return pi == p.size();
}

std::vector<std::string_view> split_arn(std::string_view arn, std::size_t max_parts) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (parts.size() + 1 < max_parts) {
    auto colon = arn.find(':', start);
    if (colon == std::string_view::npos) break;
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  parts.push_back(arn.substr(start));
  return parts;
}

bool resource_match(const Text& pattern, std::string_view arn, const PolicyRequest& request) {
  if (pattern.raw == "*") return true;
  // Policy variables are honoured only in the resource part, after the fifth colon.
  auto head = split_pattern(Text{pattern.raw, false}, 6);
  if (head.size() == 6) head[5].variables = pattern.variables;
  auto subject = split_arn(arn);
  if (head.size() > subject.size()) return false;
  const std::size_t last = head.size() - 1;
  for (std::size_t i = 0; i < last; ++i) {
    if (!segment_match(head[i], subject[i], request)) return false;
  }
  if (head.size() == subject.size()) return segment_match(head[last], subject[last], request);
  // Current IAM doc: a * that ends a segment may run past the colon boundaries.
  if (head[last].raw.empty() || head[last].raw.back() != '*') return false;
  std::string_view rest = arn.substr(static_cast<std::size_t>(subject[last].data() - arn.data()));
  return segment_match(head[last], rest, request);
}

bool arn_condition_match(const Text& pattern, std::string_view arn, const PolicyRequest& request) {
  auto parts = split_pattern(pattern, 6);
  auto subject = split_arn(arn);
  if (parts.size() != 6 || subject.size() != 6) return false;
  for (std::size_t i = 0; i < 6; ++i) {
    if (!segment_match(parts[i], subject[i], request)) return false;
  }
  return true;
}

}  // namespace certflow::iam::detail
