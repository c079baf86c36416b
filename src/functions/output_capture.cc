#include "functions/output_capture.h"

#include <algorithm>

#include "functions/functions.h"

namespace certflow::functions {
namespace {

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The length of the well-formed UTF-8 sequence at text[i] (Unicode table 3-7), 0 if none.
size_t sequence_length(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  size_t length = 0;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;  // no overlong forms
    if (lead == 0xED) second_max = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;
    if (lead == 0xF4) second_max = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(1) < second_min || byte(1) > second_max) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (!continuation(byte(k))) return 0;
  }
  return length;
}

}  // namespace

std::string valid_utf8(std::string_view text) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const size_t length = sequence_length(text, i);
    if (length == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(text, i, length);
      i += length;
    }
  }
  return out;
}

void OutputCapture::add_output(std::string_view bytes) {
  output_.append(bytes);
  // Trimming only once the buffer doubles keeps the cost of a chatty function linear.
  if (output_.size() > 2 * max_bytes_) {
    const size_t excess = output_.size() - max_bytes_;
    output_.erase(0, excess);
    dropped_ += excess;
  }
}

void OutputCapture::add_stdout(std::string_view bytes) {
  add_output(bytes);
  const size_t room = max_bytes_ - std::min(max_bytes_, result_.size());
  if (bytes.size() > room) result_truncated_ = true;
  result_.append(bytes.substr(0, room));
}

void OutputCapture::add_stderr(std::string_view bytes) { add_output(bytes); }

std::string OutputCapture::output() const {
  std::string_view kept = output_;
  size_t dropped = dropped_;
  if (kept.size() > max_bytes_) {
    dropped += kept.size() - max_bytes_;
    kept.remove_prefix(kept.size() - max_bytes_);
  }
  if (dropped == 0) return valid_utf8(kept);
  // Start at a character, not in the middle of one.
  for (int k = 0; k < 3 && !kept.empty() && continuation(static_cast<unsigned char>(kept[0]));
       ++k) {
    kept.remove_prefix(1);
    ++dropped;
  }
  return "[certflow: the first " + std::to_string(dropped) +
         " bytes of output were dropped; the last " + std::to_string(kept.size()) + " follow]\n" +
         valid_utf8(kept);
}

std::string OutputCapture::result() const { return valid_utf8(result_); }

std::string last_line(std::string_view output, size_t max_bytes) {
  const size_t end = output.find_last_not_of(" \t\r\n");
  if (end == std::string_view::npos) return "";
  size_t start = output.rfind('\n', end);
  start = start == std::string_view::npos ? 0 : start + 1;
  std::string line(output.substr(start, end + 1 - start));
  if (line.size() > max_bytes) line = line.substr(0, max_bytes) + "...";
  return line;
}

}  // namespace certflow::functions
