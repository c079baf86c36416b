#include "api/query/xml_writer.h"

#include "core/utf8.h"

namespace certflow::api::query {

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    const size_t start = pos;
    auto cp = next_code_point(text, pos);
    if (!cp || !is_xml_char(*cp)) {
      out += "\xEF\xBF\xBD";
      continue;
    }
    switch (*cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\r': out += "&#xD;"; break;
      default: out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

void XmlWriter::open(std::string_view name, std::string_view xml_namespace) {
  out_ += '<';
  out_ += name;
  if (!xml_namespace.empty()) {
    out_ += " xmlns=\"";
    out_ += xml_escape(xml_namespace);
    out_ += '"';
  }
  out_ += '>';
  open_.emplace_back(name);
}

void XmlWriter::close() {
  if (open_.empty()) return;
  out_ += "</";
  out_ += open_.back();
  out_ += '>';
  open_.pop_back();
}

void XmlWriter::element(std::string_view name, std::string_view text) {
  out_ += '<';
  out_ += name;
  out_ += '>';
  out_ += xml_escape(text);
  out_ += "</";
  out_ += name;
  out_ += '>';
}

std::string XmlWriter::finish() {
  while (!open_.empty()) close();
  return std::move(out_);
}

}  // namespace certflow::api::query
