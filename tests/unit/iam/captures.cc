#include "iam/captures.h"

#include <cctype>
#include <fstream>
#include <sstream>

namespace certflow::iam::testing {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "----- boto3: acm.list_certificates(...)" -> "boto3_acm_list_certificates".
std::string identifier(const std::string& title, size_t index) {
  std::string out = "c" + std::to_string(index);
  bool underscore = true;
  for (char c : title.substr(0, 80)) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      if (underscore) out.push_back('_');
      out.push_back(c);
      underscore = false;
    } else {
      underscore = true;
    }
  }
  return out;
}

// Text between `begin` and `end` markers (each a whole line) after `from`; advances `from`.
bool section(const std::string& text, size_t& from, const std::string& begin,
             const std::string& end, std::string& out) {
  size_t start = text.find("\n" + begin + "\n", from);
  if (start == std::string::npos) return false;
  start += begin.size() + 2;
  size_t stop = text.find("\n" + end, start);
  if (stop == std::string::npos) return false;
  out = text.substr(start, stop - start);
  from = stop;
  return true;
}

bool parse_block(const std::string& text, size_t& pos, Capture& c) {
  size_t line_end = text.find('\n', pos);
  std::istringstream request_line(text.substr(pos, line_end - pos));
  std::string target;
  request_line >> c.method >> target;
  size_t q = target.find('?');
  c.path = target.substr(0, q);
  c.query = q == std::string::npos ? "" : target.substr(q + 1);
  pos = line_end + 1;
  while (true) {
    line_end = text.find('\n', pos);
    if (line_end == std::string::npos) return false;
    std::string line = text.substr(pos, line_end - pos);
    pos = line_end + 1;
    if (line.empty()) break;
    size_t colon = line.find(": ");
    if (colon == std::string::npos) return false;
    c.headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
  }
  size_t length = std::stoul(c.header("content-length"));
  c.body = text.substr(pos, length);
  pos += length;
  return section(text, pos, "--- canonical request ---", "--- string to sign ---",
                 c.canonical_request) &&
         section(text, pos, "--- string to sign ---", "--- computed=", c.string_to_sign);
}

}  // namespace

std::string Capture::header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (lower(k) == lower(name)) return v;
  }
  return "";
}

std::vector<Capture> load_captures() {
  std::ifstream in(std::string(CERTFLOW_REFERENCE_DIR) + "/cli-captures.txt", std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();

  std::vector<Capture> captures;
  std::string client, command;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t line_end = text.find('\n', pos);
    if (line_end == std::string::npos) line_end = text.size();
    std::string line = text.substr(pos, line_end - pos);
    pos = line_end + 1;
    if (line.rfind("==================== CLIENT: ", 0) == 0) client = line.substr(30);
    if (line.rfind("----- ", 0) == 0) command = line.substr(6);
    if (line != "### REQUEST") continue;
    Capture c;
    if (!parse_block(text, pos, c)) return {};
    std::string client_id = client.substr(0, client.find(' ', client.find(' ') + 1));
    c.name = identifier(client_id + " " + command, captures.size());
    captures.push_back(std::move(c));
  }
  return captures;
}

}  // namespace certflow::iam::testing
