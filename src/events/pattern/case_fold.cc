#include "events/pattern/case_fold.h"

#include <locale.h>
#include <wctype.h>

#include <cstdint>
#include <cwctype>

#include "events/pattern/utf8.h"

namespace certflow::events::pattern::detail {
namespace {

// glibc's C.UTF-8 locale carries Unicode's simple case mappings; owned for the process lifetime.
class UnicodeLocale {
 public:
  UnicodeLocale() : loc_(newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr))) {}
  ~UnicodeLocale() {
    if (loc_ != static_cast<locale_t>(nullptr)) freelocale(loc_);
  }
  UnicodeLocale(const UnicodeLocale&) = delete;
  UnicodeLocale& operator=(const UnicodeLocale&) = delete;

  std::uint32_t lower(std::uint32_t c) const {
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (loc_ == static_cast<locale_t>(nullptr)) return c;
    return static_cast<std::uint32_t>(towlower_l(static_cast<wint_t>(c), loc_));
  }
  std::uint32_t upper(std::uint32_t c) const {
    if (c < 0x80) return (c >= 'a' && c <= 'z') ? c - 32 : c;
    if (loc_ == static_cast<locale_t>(nullptr)) return c;
    return static_cast<std::uint32_t>(towupper_l(static_cast<wint_t>(c), loc_));
  }

 private:
  locale_t loc_;
};

const UnicodeLocale& unicode() {
  static const UnicodeLocale locale;
  return locale;
}

// The unconditional full mappings of Unicode SpecialCasing.txt that Java applies and simple
// mappings lack (the common Latin and ligature ones).
struct Special {
  std::uint32_t c;
  const char* upper;
};
constexpr Special kSpecialUpper[] = {
    {0x00DF, "SS"},      {0x0149, "\u02BCN"}, {0x01F0, "J\u030C"}, {0xFB00, "FF"},
    {0xFB01, "FI"},      {0xFB02, "FL"},      {0xFB03, "FFI"},     {0xFB04, "FFL"},
    {0xFB05, "ST"},      {0xFB06, "ST"},      {0x1E96, "H\u0331"}, {0x1E97, "T\u0308"},
    {0x1E98, "W\u030A"}, {0x1E99, "Y\u030A"}, {0x1E9A, "A\u02BE"}, {0x0587, "\u0535\u0552"},
};

CaseUnit unit_variants(std::uint32_t unit) {
  CaseUnit u;
  if (unit >= 0xD800 && unit <= 0xDFFF) {
    // Java encodes a lone surrogate half as '?'.
    u.lower.push_back('?');
    u.upper.push_back('?');
    return u;
  }
  if (unit == 0x0130) {
    u.lower.append(std::string_view(
        "i\u0307"));  // Locale.ROOT lower-cases dotted capital I to i + combining dot
  } else {
    append_utf8(unicode().lower(unit), u.lower);
  }
  for (const Special& s : kSpecialUpper) {
    if (s.c == unit) {
      u.upper.append(std::string_view(s.upper));
      return u;
    }
  }
  append_utf8(unicode().upper(unit), u.upper);
  return u;
}

bool match_forward(const CaseProgram& p, std::size_t i, std::string_view v, std::size_t pos,
                   bool whole) {
  if (i == p.size()) return !whole || pos == v.size();
  const CaseUnit& u = p[i];
  const std::string_view rest = v.substr(pos);
  if (rest.starts_with(u.lower) && match_forward(p, i + 1, v, pos + u.lower.size(), whole)) {
    return true;
  }
  return u.upper != u.lower && rest.starts_with(u.upper) &&
         match_forward(p, i + 1, v, pos + u.upper.size(), whole);
}

bool match_backward(const CaseProgram& p, std::size_t i, std::string_view v, std::size_t end) {
  if (i == 0) return true;
  const CaseUnit& u = p[i - 1];
  const std::string_view head = v.substr(0, end);
  if (head.ends_with(u.lower) && match_backward(p, i - 1, v, end - u.lower.size())) return true;
  return u.upper != u.lower && head.ends_with(u.upper) &&
         match_backward(p, i - 1, v, end - u.upper.size());
}

}  // namespace

CaseProgram make_case_program(std::string_view s) {
  CaseProgram program;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = b0;
    std::size_t len = 1;
    if (b0 >= 0xF0) {
      cp = b0 & 0x07, len = 4;
    } else if (b0 >= 0xE0) {
      cp = b0 & 0x0F, len = 3;
    } else if (b0 >= 0xC0) {
      cp = b0 & 0x1F, len = 2;
    }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += len;
    if (cp >= 0x10000) {
      // Java sees two UTF-16 units and maps each on its own.
      program.push_back(unit_variants(0xD800 + ((cp - 0x10000) >> 10)));
      program.push_back(unit_variants(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    } else {
      program.push_back(unit_variants(cp));
    }
  }
  return program;
}

bool case_equals(const CaseProgram& p, std::string_view v) {
  return match_forward(p, 0, v, 0, true);
}
bool case_prefix(const CaseProgram& p, std::string_view v) {
  return match_forward(p, 0, v, 0, false);
}
bool case_suffix(const CaseProgram& p, std::string_view v) {
  return match_backward(p, p.size(), v, v.size());
}

bool is_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

void ascii_lower(std::string_view in, std::string& out) {
  out.resize(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    out[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
}

}  // namespace certflow::events::pattern::detail
