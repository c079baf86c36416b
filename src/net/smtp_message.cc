// Composing RFC 5322 / MIME messages: headers that cannot be split by what they carry, RFC 2047
// encoded-words for non-ASCII text, quoted-printable bodies with lines well under 998 octets.
// Dot-stuffing is not done here: libcurl escapes a leading "." while it sends DATA.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "core/ids.h"
#include "net/smtp_client.h"

namespace certflow::net {
namespace {

constexpr size_t kMaxHeaderValue = 900;  // well inside 998 with the name and folding
constexpr size_t kQpLine = 76;           // RFC 2045's limit for encoded lines

tl::unexpected<SmtpError> invalid(std::string message) {
  return tl::unexpected(SmtpError{SmtpErrorKind::kInvalid, 0, "", std::move(message)});
}

bool is_atext(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool valid_domain(std::string_view domain) {
  if (domain == "localhost") return true;
  if (domain.empty() || domain.size() > 253 || domain.find('.') == std::string_view::npos) {
    return false;
  }
  size_t start = 0;
  while (start <= domain.size()) {
    const size_t dot = std::min(domain.find('.', start), domain.size());
    const std::string_view label = domain.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
    start = dot + 1;
  }
  return true;
}

bool is_ascii_printable(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

// Length of the UTF-8 sequence a lead byte starts (1 for anything that is not a lead byte), so
// encoded-words never split a character, as RFC 2047 §5 asks.
size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

// "=?UTF-8?B?...?=" words of at most 75 characters, joined by folding whitespace.
std::string encoded_words(std::string_view text) {
  constexpr size_t kBytesPerWord = 45;  // 60 base64 characters + 12 of "=?UTF-8?B?" and "?="
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = pos;
    while (end < text.size()) {
      const size_t next = std::min(text.size(), end + sequence_length(text[end]));
      if (next - pos > kBytesPerWord) break;
      end = next;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

// Control characters (CR and LF above all) become spaces: nothing a caller passes can end the
// header and start another.
std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

// An unstructured header value (Subject and extra headers): as it is when it is short printable
// ASCII that no reader could take for an encoded-word, encoded-words otherwise.
std::string unstructured(std::string_view value) {
  const std::string line = one_line(value);
  if (is_ascii_printable(line) && line.size() <= kMaxHeaderValue &&
      line.find("=?") == std::string::npos) {
    return line;
  }
  return encoded_words(line);
}

// The display name before <address>: a quoted-string when ASCII, encoded-words otherwise.
std::string display_name(std::string_view name) {
  const std::string line = one_line(name);
  if (!is_ascii_printable(line) || line.size() > 200 || line.find("=?") != std::string::npos) {
    return encoded_words(line);
  }
  std::string quoted = "\"";
  for (char c : line) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

// "Thu, 26 Nov 2026 18:15:16 +0000" (RFC 5322 §3.3), always in UTC.
std::string rfc5322_date(TimePoint t) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::weekday weekday(day);
  const std::chrono::hh_mm_ss time(std::chrono::floor<std::chrono::seconds>(t - day));
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %u %s %d %02d:%02d:%02d +0000",
                kDays[weekday.c_encoding()], static_cast<unsigned>(ymd.day()),
                kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return buffer;
}

// Quoted-printable (RFC 2045 §6.7): any line break in `text` becomes CRLF, lines are cut with
// soft breaks before 76 characters, and trailing white space is encoded so no relay strips it.
std::string quoted_printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  size_t line = 0;  // characters on the current output line
  auto put = [&](std::string_view piece) {
    if (line + piece.size() > kQpLine - 1) {
      out += "=\r\n";
      line = 0;
    }
    out += piece;
    line += piece.size();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
      line = 0;
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    const bool at_line_end = i + 1 == text.size() || text[i + 1] == '\r' || text[i + 1] == '\n';
    const bool literal =
        (byte >= 33 && byte <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_line_end);
    if (literal) {
      put(std::string_view(&c, 1));
    } else {
      const char escaped[3] = {'=', kHex[byte >> 4], kHex[byte & 0x0F]};
      put(std::string_view(escaped, 3));
    }
  }
  return out;
}

std::string text_part_headers(const char* subtype) {
  return std::string("Content-Type: text/") + subtype +
         "; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n";
}

bool is_own_header(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kOwn = {
      "date",       "from",         "to",           "subject",
      "message-id", "mime-version", "content-type", "content-transfer-encoding",
      "bcc"};
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kOwn.begin(), kOwn.end(), lower) != kOwn.end();
}

bool valid_header_name(std::string_view name) {
  return !name.empty() && name.size() <= 76 && std::all_of(name.begin(), name.end(), [](char c) {
    return c > 0x20 && c < 0x7f && c != ':';
  });
}

std::string id_part(std::string_view wanted) {
  std::string id;
  for (char c : wanted) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') id += c;
  }
  while (!id.empty() && id.front() == '.') id.erase(0, 1);
  while (!id.empty() && id.back() == '.') id.pop_back();
  if (id.size() > 100) id.resize(100);
  return id.empty() ? new_uuid() : id;
}

}  // namespace

bool valid_email_address(std::string_view address) {
  if (address.size() > 254) return false;
  const size_t at = address.find('@');
  if (at == std::string_view::npos || address.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view local = address.substr(0, at);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos) {
    return false;
  }
  for (char c : local) {
    if (!is_atext(c) && c != '.') return false;
  }
  return valid_domain(address.substr(at + 1));
}

tl::expected<std::string, SmtpError> compose_message(std::string_view from,
                                                     const MailMessage& message) {
  if (!valid_email_address(from)) {
    return invalid("the sender address '" + one_line(from) + "' is not an email address");
  }
  if (!valid_email_address(message.to)) {
    return invalid("the recipient address '" + one_line(message.to) + "' is not an email address");
  }
  const std::string id = id_part(message.message_id);
  const std::string sender(from);
  std::string head = "Date: " + rfc5322_date(message.date) + "\r\n";
  head +=
      "From: " +
      (message.from_name.empty() ? sender : display_name(message.from_name) + " <" + sender + ">") +
      "\r\n";
  head += "To: " + message.to + "\r\n";
  head += "Subject: " + unstructured(message.subject) + "\r\n";
  head += "Message-ID: <" + id + "@" + sender.substr(sender.find('@') + 1) + ">\r\n";
  head += "MIME-Version: 1.0\r\n";
  for (const auto& [name, value] : message.extra_headers) {
    if (!valid_header_name(name) || is_own_header(name)) {
      return invalid("the header name '" + one_line(name) + "' is not allowed as an extra header");
    }
    if (value.find_first_of("\r\n") != std::string::npos) {
      return invalid("the value of header " + name + " has a line break");
    }
    head += name + ": " + unstructured(value) + "\r\n";
  }

  if (!message.html_body) {
    std::string body = quoted_printable(message.text_body);
    if (body.size() < 2 || body.compare(body.size() - 2, 2, "\r\n") != 0) body += "\r\n";
    return head + text_part_headers("plain") + "\r\n" + body;
  }
  // "=_" never appears in quoted-printable output ('=' is always followed by hex or CRLF), so
  // the boundary cannot occur inside a part.
  const std::string boundary = "=_certflow_" + id.substr(0, 50);
  std::string mail = head + "Content-Type: multipart/alternative; boundary=\"" + boundary +
                     "\"\r\n\r\nThis is a multi-part message in MIME format.\r\n";
  mail += "--" + boundary + "\r\n" + text_part_headers("plain") + "\r\n" +
          quoted_printable(message.text_body) + "\r\n";
  mail += "--" + boundary + "\r\n" + text_part_headers("html") + "\r\n" +
          quoted_printable(*message.html_body) + "\r\n";
  mail += "--" + boundary + "--\r\n";
  return mail;
}

std::string_view smtp_error_kind_name(SmtpErrorKind kind) {
  switch (kind) {
    case SmtpErrorKind::kRefused: return "ConnectionRefused";
    case SmtpErrorKind::kTimeout: return "Timeout";
    case SmtpErrorKind::kRejected: return "Rejected";
    case SmtpErrorKind::kTemporary: return "TemporaryFailure";
    case SmtpErrorKind::kTls: return "TlsError";
    case SmtpErrorKind::kAuth: return "AuthenticationFailed";
    case SmtpErrorKind::kInvalid: return "InvalidMessage";
    case SmtpErrorKind::kTransport: return "TransportError";
  }
  return "TransportError";
}

}  // namespace certflow::net
