#include "events/pattern/pattern_json.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <string>

#include "events/pattern/utf8.h"

namespace certflow::events::pattern::detail {
namespace {

// Jackson names an offending character as ('x' (code 120)).
std::string describe_char(char c) {
  const auto code = static_cast<unsigned char>(c);
  if (code < 0x20) return "(CTRL-CHAR, code " + std::to_string(code) + ")";
  return "('" + std::string(1, c) + "' (code " + std::to_string(code) + "))";
}

class Reader {
 public:
  Reader(std::string_view text, int max_depth) : s_(text), max_depth_(max_depth) {}

  Result<PValue> parse_document() {
    skip_ws();
    auto v = parse_value(0);
    if (!v) return v;
    skip_ws();
    if (pos_ < s_.size()) {
      return fail(ErrorCode::kValidation,
                  "Unexpected character " + describe_char(s_[pos_]) + ": expected end of input");
    }
    return v;
  }

 private:
  void skip_ws() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }

  static tl::unexpected<Error> err(std::string m) {
    return fail(ErrorCode::kValidation, std::move(m));
  }

  tl::unexpected<Error> eof(std::string_view what) {
    return err("Unexpected end-of-input: expected close marker for " + std::string(what));
  }

  // Jackson reports a bad bare word with the whole word it read.
  tl::unexpected<Error> bad_token() {
    std::size_t end = pos_;
    while (end < s_.size()) {
      const auto c = static_cast<unsigned char>(s_[end]);
      const bool word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                        (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
      if (!word) break;
      ++end;
    }
    if (end == pos_) {
      return err("Unexpected character " + describe_char(s_[pos_]) + ": expected a value");
    }
    return err("Unrecognized token '" + std::string(s_.substr(pos_, end - pos_)) +
               "': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or "
               "'false')");
  }

  Result<PValue> parse_value(int depth) {
    if (pos_ >= s_.size()) return err("No content to map due to end-of-input");
    if (depth > max_depth_) return err("Nesting depth exceeds " + std::to_string(max_depth_));
    PValue v;
    v.offset = pos_;
    const char c = s_[pos_];
    if (c == '{') return parse_object(depth);
    if (c == '[') return parse_array(depth);
    if (c == '"') {
      v.kind = PValue::Kind::kString;
      auto st = parse_string(v.text);
      if (!st) return tl::unexpected(st.error());
      return v;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return parse_number();
    for (auto [word, kind] : {std::pair{std::string_view("true"), PValue::Kind::kTrue},
                              std::pair{std::string_view("false"), PValue::Kind::kFalse},
                              std::pair{std::string_view("null"), PValue::Kind::kNull}}) {
      if (s_.substr(pos_, word.size()) == word) {
        const std::size_t after = pos_ + word.size();
        const bool ends =
            after >= s_.size() || !std::isalnum(static_cast<unsigned char>(s_[after]));
        if (ends) {
          pos_ = after;
          v.kind = kind;
          return v;
        }
      }
    }
    return bad_token();
  }

  Result<PValue> parse_number() {
    PValue v;
    v.kind = PValue::Kind::kNumber;
    v.offset = pos_;
    const std::size_t start = pos_;
    if (s_[pos_] == '-') ++pos_;
    auto digits = [&] {
      const std::size_t b = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ - b;
    };
    const std::size_t int_start = pos_;
    const std::size_t n_int = digits();
    if (n_int == 0) {
      if (pos_ >= s_.size()) return err("Unexpected end-of-input in numeric value");
      return err("Unexpected character " + describe_char(s_[pos_]) +
                 " in numeric value: expected digit (0-9) to follow minus sign, for valid numeric "
                 "value");
    }
    if (n_int > 1 && s_[int_start] == '0') {
      return err("Invalid numeric value: Leading zeroes not allowed");
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (digits() == 0) {
        return err("Unexpected character " +
                   (pos_ < s_.size() ? describe_char(s_[pos_]) : std::string("(end-of-input)")) +
                   ": Decimal point not followed by a digit");
      }
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (digits() == 0) {
        return err("Unexpected character " +
                   (pos_ < s_.size() ? describe_char(s_[pos_]) : std::string("(end-of-input)")) +
                   ": Exponent indicator not followed by a digit");
      }
    }
    if (pos_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[pos_]))) {
      return err("Unexpected character " + describe_char(s_[pos_]) +
                 ": Expected space separating root-level values");
    }
    v.text = std::string(s_.substr(start, pos_ - start));
    return v;
  }

  Result<std::uint32_t> hex4() {
    if (pos_ + 4 > s_.size()) return err("Unexpected end-of-input within/between String entries");
    std::uint32_t cp = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = s_[pos_++];
      cp <<= 4;
      if (h >= '0' && h <= '9') {
        cp |= static_cast<std::uint32_t>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        cp |= static_cast<std::uint32_t>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        cp |= static_cast<std::uint32_t>(h - 'A' + 10);
      } else {
        return err("Unexpected character " + describe_char(h) +
                   ": expected a hex-digit for character escape sequence");
      }
    }
    return cp;
  }

  // Reads one UTF-8 sequence starting at pos_ and checks it is well formed.
  Status copy_utf8(std::string& out) {
    const auto b0 = static_cast<unsigned char>(s_[pos_]);
    std::size_t len = 0;
    std::uint32_t min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      len = 2, min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      len = 3, min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      len = 4, min = 0x10000;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "0x%X", b0);
      return err(std::string("Invalid UTF-8 start byte ") + buf);
    }
    if (pos_ + len > s_.size()) return err("Unexpected end-of-input in UTF-8 sequence");
    std::uint32_t cp = b0 & (0xFF >> (len + 1));
    for (std::size_t i = 1; i < len; ++i) {
      const auto b = static_cast<unsigned char>(s_[pos_ + i]);
      if ((b & 0xC0) != 0x80) return err("Invalid UTF-8 middle byte");
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return err("Invalid UTF-8 sequence");
    }
    out.append(s_.substr(pos_, len));
    pos_ += len;
    return {};
  }

  Status parse_string(std::string& out) {
    ++pos_;  // opening quote
    while (true) {
      if (pos_ >= s_.size())
        return err("Unexpected end-of-input: was expecting closing quote for a string value");
      const char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return {};
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        return err("Illegal unquoted character " + describe_char(c) +
                   ": has to be escaped using backslash to be included in string value");
      }
      if (static_cast<unsigned char>(c) >= 0x80) {
        auto st = copy_utf8(out);
        if (!st) return st;
        continue;
      }
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      ++pos_;
      if (pos_ >= s_.size()) return err("Unexpected end-of-input in character escape sequence");
      const char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          auto cp = hex4();
          if (!cp) return tl::unexpected(cp.error());
          std::uint32_t code = *cp;
          if (code >= 0xD800 && code <= 0xDBFF && pos_ + 6 <= s_.size() && s_[pos_] == '\\' &&
              s_[pos_ + 1] == 'u') {
            const std::size_t save = pos_;
            pos_ += 2;
            auto lo = hex4();
            if (lo && *lo >= 0xDC00 && *lo <= 0xDFFF) {
              code = 0x10000 + ((code - 0xD800) << 10) + (*lo - 0xDC00);
            } else {
              pos_ = save;
            }
          }
          // A lone surrogate has no UTF-8 form; Java would keep it, we substitute U+FFFD.
          if (code >= 0xD800 && code <= 0xDFFF) code = 0xFFFD;
          append_utf8(code, out);
          break;
        }
        default: return err("Unrecognized character escape " + describe_char(e));
      }
    }
  }

  Result<PValue> parse_array(int depth) {
    PValue v;
    v.kind = PValue::Kind::kArray;
    v.offset = pos_;
    ++pos_;
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return v;
    }
    while (true) {
      skip_ws();
      if (pos_ >= s_.size()) return eof("Array");
      auto item = parse_value(depth + 1);
      if (!item) return item;
      v.items.push_back(std::move(*item));
      skip_ws();
      if (pos_ >= s_.size()) return eof("Array");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == ']') {
        ++pos_;
        return v;
      }
      return err("Unexpected character " + describe_char(s_[pos_]) +
                 ": was expecting comma to separate Array entries");
    }
  }

  Result<PValue> parse_object(int depth) {
    PValue v;
    v.kind = PValue::Kind::kObject;
    v.offset = pos_;
    ++pos_;
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return v;
    }
    while (true) {
      skip_ws();
      if (pos_ >= s_.size()) return eof("Object");
      if (s_[pos_] != '"') {
        return err("Unexpected character " + describe_char(s_[pos_]) +
                   ": was expecting double-quote to start field name");
      }
      std::string key;
      auto st = parse_string(key);
      if (!st) return tl::unexpected(st.error());
      skip_ws();
      if (pos_ >= s_.size()) return eof("Object");
      if (s_[pos_] != ':') {
        return err("Unexpected character " + describe_char(s_[pos_]) +
                   ": was expecting a colon to separate field name and value");
      }
      ++pos_;
      skip_ws();
      if (pos_ >= s_.size()) return eof("Object");
      auto item = parse_value(depth + 1);
      if (!item) return item;
      v.keys.push_back(std::move(key));
      v.items.push_back(std::move(*item));
      skip_ws();
      if (pos_ >= s_.size()) return eof("Object");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == '}') {
        ++pos_;
        return v;
      }
      return err("Unexpected character " + describe_char(s_[pos_]) +
                 ": was expecting comma to separate Object entries");
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  int max_depth_;
};

}  // namespace

Result<PValue> parse_pattern_json(std::string_view text, int max_depth) {
  return Reader(text, max_depth).parse_document();
}

}  // namespace certflow::events::pattern::detail
