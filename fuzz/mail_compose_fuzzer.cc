// compose_message with fields made of arbitrary bytes (a subject, a display name, a recipient,
// an extra header, a body): whatever they hold, a composed mail has exactly certflow's headers
// and the extra one (no line break in a field can start another header or end the header
// block), only CRLF line ends, and no line over RFC 5322's 998 characters. A refusal must come
// from an address or extra header that compose_message documents as refused.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "net/smtp_client.h"

namespace {

using certflow::net::compose_message;
using certflow::net::MailMessage;

// The input's fields, separated by 0xFF bytes (absent fields are empty).
std::vector<std::string> fields(std::string_view data) {
  std::vector<std::string> out(1);
  for (char c : data) {
    if (static_cast<unsigned char>(c) == 0xFF) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  out.resize(std::max<size_t>(out.size(), 6));
  return out;
}

void check_lines(const std::string& mail) {
  size_t start = 0;
  while (start < mail.size()) {
    const size_t end = mail.find("\r\n", start);
    if (end == std::string::npos) __builtin_trap();  // every line ends in CRLF
    const std::string_view line(mail.data() + start, end - start);
    if (line.size() > 998) __builtin_trap();
    if (line.find('\r') != std::string_view::npos || line.find('\n') != std::string_view::npos) {
      __builtin_trap();  // a bare CR or LF
    }
    start = end + 2;
  }
}

// Header fields in the head: lines that do not start with folding white space.
size_t header_count(const std::string& mail) {
  const size_t head_end = mail.find("\r\n\r\n");
  if (head_end == std::string::npos) __builtin_trap();
  size_t count = 0;
  size_t start = 0;
  while (start <= head_end) {
    if (mail[start] != ' ' && mail[start] != '\t') ++count;
    start = mail.find("\r\n", start) + 2;
  }
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto f = fields(std::string_view(reinterpret_cast<const char*>(data), size));
  MailMessage mail;
  mail.subject = f[0];
  mail.from_name = f[1];
  mail.to = f[2].empty() ? "ops@example.com" : f[2];
  mail.text_body = f[5];
  const bool extra = !f[3].empty();
  if (extra) mail.extra_headers.emplace_back(f[3], f[4]);
  mail.message_id = f[4];
  if (f.size() > 6) mail.html_body = f[6];

  auto composed = compose_message("certflow@example.com", mail);
  if (!composed) {
    const bool explained = !certflow::net::valid_email_address(mail.to) || extra;
    if (!explained) __builtin_trap();
    return 0;
  }
  check_lines(*composed);
  // Date, From, To, Subject, Message-ID, MIME-Version, Content-Type, Content-Transfer-Encoding
  // (multipart: only Content-Type) and the extra header.
  const size_t expected = (mail.html_body ? 7 : 8) + (extra ? 1 : 0);
  if (header_count(*composed) != expected) __builtin_trap();
  return 0;
}
