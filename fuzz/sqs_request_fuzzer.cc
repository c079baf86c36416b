// Fuzzes SQS's JSON 1.0 request bodies: parsing and every operation's decoder.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "api/sqs/sqs_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace sqs = certflow::api::sqs;
  auto body = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return 0;
  (void)sqs::decode_queue_url(body);
  (void)sqs::decode_create_queue(body);
  (void)sqs::decode_get_queue_url(body);
  (void)sqs::decode_list_queues(body);
  (void)sqs::decode_get_queue_attributes(body);
  (void)sqs::decode_set_queue_attributes(body);
  (void)sqs::decode_tag_queue(body);
  (void)sqs::decode_untag_queue(body);
  (void)sqs::decode_send_message(body);
  (void)sqs::decode_send_message_batch(body);
  (void)sqs::decode_receive_message(body);
  (void)sqs::decode_delete_message(body);
  (void)sqs::decode_change_visibility(body);
  (void)sqs::decode_receipt_batch(body, true);
  (void)sqs::decode_receipt_batch(body, false);
  return 0;
}
