// Reading a received mail back the way a mail client would, written independently of the code
// under test: headers unfolded, RFC 2047 B-words decoded, quoted-printable bodies decoded.
#pragma once

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "crypto/encoding.h"

namespace certflow::testing {

struct ParsedMail {
  std::string head;                            // the raw header block
  std::map<std::string, std::string> headers;  // lower-case names, unfolded raw values
  std::vector<std::string> header_names;       // as they appear, lower case, in order
  std::string body;                            // raw, after the blank line
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

inline std::string lowered(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

inline ParsedMail parse_mail(const std::string& data) {
  ParsedMail mail;
  const size_t split = data.find("\r\n\r\n");
  mail.head = data.substr(0, split);
  mail.body = split == std::string::npos ? "" : data.substr(split + 4);
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= mail.head.size()) {
    const size_t end = std::min(mail.head.find("\r\n", start), mail.head.size());
    std::string line = mail.head.substr(start, end - start);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !lines.empty()) {
      lines.back() += line;  // unfolding keeps the white space
    } else {
      lines.push_back(line);
    }
    start = end + 2;
  }
  for (const auto& line : lines) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.erase(0, 1);
    const std::string name = lowered(line.substr(0, colon));
    mail.header_names.push_back(name);
    mail.headers[name] = value;
  }
  return mail;
}

// RFC 2047: "=?UTF-8?B?...?=" words decoded; white space between two adjacent words dropped.
inline std::string decode_words(const std::string& value) {
  std::string out;
  std::string pending_space;
  bool last_was_word = false;
  size_t i = 0;
  while (i < value.size()) {
    if (value.compare(i, 10, "=?UTF-8?B?") == 0) {
      const size_t end = value.find("?=", i + 10);
      if (end == std::string::npos) break;
      const auto decoded = crypto::base64_decode(value.substr(i + 10, end - i - 10));
      if (!last_was_word) out += pending_space;
      out += decoded ? *decoded : "<bad base64>";
      pending_space.clear();
      last_was_word = true;
      i = end + 2;
    } else if (value[i] == ' ' || value[i] == '\t') {
      pending_space += value[i++];
    } else {
      out += pending_space;
      pending_space.clear();
      out += value[i++];
      last_was_word = false;
    }
  }
  return out + pending_space;
}

inline std::string decode_quoted_printable(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out += text[i];
    } else if (text.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;  // soft line break
    } else if (i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    }
  }
  return out;
}

inline size_t longest_line(const std::string& data) {
  size_t longest = 0;
  size_t start = 0;
  while (start < data.size()) {
    const size_t end = std::min(data.find("\r\n", start), data.size());
    longest = std::max(longest, end - start);
    start = end + 2;
  }
  return longest;
}

}  // namespace certflow::testing
