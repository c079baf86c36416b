// Receipt handles: what a receiver gets to delete a message or change its visibility. Opaque to
// clients and unforgeable: a handle carries the message id, the receive it stems from and the
// message's random receipt token, which only receivers of that message ever see.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace certflow::queue {

struct ReceiptHandle {
  std::string message_id;
  int64_t receive_count = 0;  // the receive that issued the handle
  std::string token;          // raw bytes, compared in constant time with the stored token
};

// A new random token for a message (kept in the store with it).
std::string new_receipt_token();

std::string encode_receipt_handle(const ReceiptHandle& handle);
// nullopt for text that is not a handle this certflow could have issued.
std::optional<ReceiptHandle> decode_receipt_handle(const std::string& text);

}  // namespace certflow::queue
