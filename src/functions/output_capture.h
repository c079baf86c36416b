// What an invocation printed, bounded: stdout and stderr together keep their last bytes (where a
// failure explains itself), stdout alone keeps its first bytes (a function's answer). Engine of
// the functions room.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace certflow::functions {

class OutputCapture {
 public:
  explicit OutputCapture(size_t max_bytes) : max_bytes_(max_bytes) {}

  void add_stdout(std::string_view bytes);
  void add_stderr(std::string_view bytes);

  // The interleaved output, valid UTF-8, with a marker line first when bytes were dropped.
  std::string output() const;
  // stdout alone, valid UTF-8.
  std::string result() const;
  bool result_truncated() const { return result_truncated_; }

 private:
  void add_output(std::string_view bytes);

  size_t max_bytes_;
  std::string output_;  // may grow to twice max_bytes_ before it is trimmed
  size_t dropped_ = 0;  // bytes trimmed off the front of output_
  std::string result_;
  bool result_truncated_ = false;
};

// `text` with every byte that is not part of a well-formed UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

}  // namespace certflow::functions
