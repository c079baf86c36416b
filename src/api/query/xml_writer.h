// Writing the query protocol's XML answers: elements with escaped text that is always
// well-formed XML 1.0, whatever bytes the text holds.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace certflow::api::query {

// Text for an XML element: &, <, >, quotes and CR escaped (CR as &#xD;, so a parser does not
// turn "\r\n" into "\n"), and every byte sequence that is not valid UTF-8 of a character XML 1.0
// allows replaced with U+FFFD.
std::string xml_escape(std::string_view text);

class XmlWriter {
 public:
  // <name> (with xmlns="..." when given). Names are the service model's, never outside input.
  void open(std::string_view name, std::string_view xml_namespace = {});
  // Closes the innermost open element.
  void close();
  // <name>text</name>
  void element(std::string_view name, std::string_view text);
  // Appends XML that is already well-formed (a nested document part).
  void raw(std::string_view xml) { out_ += xml; }
  // The document; closes whatever is still open.
  std::string finish();

 private:
  std::string out_;
  std::vector<std::string> open_;
};

}  // namespace certflow::api::query
