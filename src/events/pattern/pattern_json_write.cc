// Writing a parsed pattern value back as compact JSON (canonical keys for shared conditions).
#include <cstdio>
#include <string>

#include "events/pattern/pattern_json.h"

namespace certflow::events::pattern::detail {
namespace {

void append_quoted(std::string_view s, std::string& out) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x",
                    static_cast<unsigned>(static_cast<unsigned char>(c)));
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

}  // namespace

void append_json(const PValue& v, std::string& out) {
  switch (v.kind) {
    case PValue::Kind::kNull: out += "null"; break;
    case PValue::Kind::kTrue: out += "true"; break;
    case PValue::Kind::kFalse: out += "false"; break;
    case PValue::Kind::kNumber: out += v.text; break;
    case PValue::Kind::kString: append_quoted(v.text, out); break;
    case PValue::Kind::kArray:
      out += '[';
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ',';
        append_json(v.items[i], out);
      }
      out += ']';
      break;
    case PValue::Kind::kObject:
      out += '{';
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ',';
        append_quoted(v.keys[i], out);
        out += ':';
        append_json(v.items[i], out);
      }
      out += '}';
      break;
  }
}

}  // namespace certflow::events::pattern::detail
