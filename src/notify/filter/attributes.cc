#include "notify/filter/attributes.h"

#include <cctype>

#include "notify/filter/policy_json.h"

namespace certflow::notify::filter::detail {
namespace {

std::string_view take_digits(std::string_view text, std::size_t& pos) {
  const std::size_t start = pos;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
  return text.substr(start, pos - start);
}

bool has_type(const std::string& data_type, std::string_view base) {
  return data_type == base ||
         (data_type.size() > base.size() && data_type.compare(0, base.size(), base) == 0 &&
          data_type[base.size()] == '.');
}

// The attribute's value as JSON, or nullopt when the matcher should not see it.
std::optional<std::string> value_json(const TypedAttribute& attribute) {
  const std::string& type = attribute.data_type;
  if (has_type(type, "Binary")) return std::nullopt;
  if (type == "String.Array") {
    auto tree = parse_json_tree(attribute.value);
    if (!tree || tree->kind != Node::Kind::kArray) return std::nullopt;
    std::string out;
    append_json(*tree, out, /*drop_objects=*/true);
    return out;
  }
  if (has_type(type, "Number")) {
    if (auto literal = number_literal(attribute.value)) return literal;
  }
  return quote_json(attribute.value);
}

}  // namespace

std::optional<std::string> number_literal(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  std::size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) negative = text[pos++] == '-';
  std::string_view whole = take_digits(text, pos);
  std::string_view fraction;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    fraction = take_digits(text, pos);
  }
  if (whole.empty() && fraction.empty()) return std::nullopt;
  std::string exponent;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    exponent = "e";
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) exponent += text[pos++];
    std::string_view digits = take_digits(text, pos);
    if (digits.empty()) return std::nullopt;
    exponent += digits;
  }
  if (pos != text.size()) return std::nullopt;
  while (whole.size() > 1 && whole.front() == '0') whole.remove_prefix(1);
  std::string out = negative ? "-" : "";
  out += whole.empty() ? "0" : std::string(whole);
  if (!fraction.empty()) out += "." + std::string(fraction);
  return out + exponent;
}

std::string attribute_event(const std::map<std::string, TypedAttribute>& attributes) {
  std::string out = "{";
  for (const auto& [name, attribute] : attributes) {
    auto value = value_json(attribute);
    if (!value) continue;
    if (out.size() > 1) out += ',';
    out += quote_json(name);
    out += ':';
    out += *value;
  }
  return out + "}";
}

}  // namespace certflow::notify::filter::detail
