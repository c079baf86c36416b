#include "queue/receipt_handle.h"

#include <charconv>

#include "crypto/encoding.h"
#include "crypto/hash.h"

namespace certflow::queue {

namespace {

constexpr size_t kTokenBytes = 24;
constexpr size_t kMaxHandleBytes = 1024;

}  // namespace

std::string new_receipt_token() { return crypto::random_bytes(kTokenBytes); }

std::string encode_receipt_handle(const ReceiptHandle& handle) {
  return crypto::base64_encode(handle.message_id + ":" + std::to_string(handle.receive_count) +
                               ":" + handle.token);
}

std::optional<ReceiptHandle> decode_receipt_handle(const std::string& text) {
  if (text.empty() || text.size() > kMaxHandleBytes) return std::nullopt;
  auto raw = crypto::base64_decode(text);
  if (!raw) return std::nullopt;
  const size_t first = raw->find(':');
  const size_t second = first == std::string::npos ? first : raw->find(':', first + 1);
  if (second == std::string::npos || first == 0) return std::nullopt;
  ReceiptHandle handle;
  handle.message_id = raw->substr(0, first);
  const char* begin = raw->data() + first + 1;
  const char* end = raw->data() + second;
  auto [ptr, ec] = std::from_chars(begin, end, handle.receive_count);
  if (ec != std::errc() || ptr != end || handle.receive_count < 1) return std::nullopt;
  handle.token = raw->substr(second + 1);
  if (handle.token.size() != kTokenBytes) return std::nullopt;
  return handle;
}

}  // namespace certflow::queue
