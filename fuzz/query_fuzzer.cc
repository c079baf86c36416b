// Fuzzes the query protocol's request side: the form parser, the flattening of parameters into
// the JSON protocol's members for every SQS operation, SQS's decoders on the result, and the XML
// writer on whatever the JSON holds (its text must come out escaped, never as markup).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/query/form.h"
#include "api/query/shape.h"
#include "api/query/xml_writer.h"
#include "api/sqs/sqs_input.h"
#include "api/sqs/sqs_operations.h"

namespace {

namespace sqs = certflow::api::sqs;
namespace query = certflow::api::query;
using nlohmann::json;

const char* const kOperations[] = {
    "CreateQueue",  "GetQueueUrl",    "ListQueues",         "DeleteQueue",
    "PurgeQueue",   "GetQueueAttributes", "SetQueueAttributes", "ListQueueTags",
    "TagQueue",     "UntagQueue",     "ListDeadLetterSourceQueues", "SendMessage",
    "SendMessageBatch", "ReceiveMessage", "DeleteMessage", "DeleteMessageBatch",
    "ChangeMessageVisibility", "ChangeMessageVisibilityBatch"};

void decode_all(const json& input) {
  (void)sqs::decode_queue_url(input);
  (void)sqs::decode_create_queue(input);
  (void)sqs::decode_get_queue_url(input);
  (void)sqs::decode_list_queues(input);
  (void)sqs::decode_get_queue_attributes(input);
  (void)sqs::decode_set_queue_attributes(input);
  (void)sqs::decode_tag_queue(input);
  (void)sqs::decode_untag_queue(input);
  (void)sqs::decode_send_message(input);
  (void)sqs::decode_send_message_batch(input);
  (void)sqs::decode_receive_message(input);
  (void)sqs::decode_delete_message(input);
  (void)sqs::decode_change_visibility(input);
  (void)sqs::decode_receipt_batch(input, true);
  (void)sqs::decode_receipt_batch(input, false);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  query::FormParams params;
  if (!query::parse_form(text, params)) return 0;
  for (const char* operation : kOperations) {
    const sqs::QueryShapes shapes = sqs::query_shapes(operation);
    if (!shapes.input) __builtin_trap();
    const json input = query::form_to_json(params, *shapes.input);
    decode_all(input);
    // The input, written back through the input shape, must be escaped text only: no byte of
    // a decoded value may open an element.
    query::XmlWriter xml;
    query::json_to_xml(input, *shapes.input, xml);
    (void)xml.finish();
  }
  for (const auto& [name, value] : params) {
    const std::string escaped = query::xml_escape(value);
    if (escaped.find('<') != std::string::npos || escaped.find('\r') != std::string::npos) {
      __builtin_trap();
    }
  }
  return 0;
}
