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

// Each SQS operation with its decoder.
struct Decoded {
  const char* operation;
  void (*decode)(const json&);
};

template <auto Decoder>
void run(const json& input) {
  (void)Decoder(input);
}

void change_batch(const json& input) { (void)sqs::decode_receipt_batch(input, true); }
void delete_batch(const json& input) { (void)sqs::decode_receipt_batch(input, false); }

const Decoded kOperations[] = {
    {"CreateQueue", run<sqs::decode_create_queue>},
    {"GetQueueUrl", run<sqs::decode_get_queue_url>},
    {"ListQueues", run<sqs::decode_list_queues>},
    {"DeleteQueue", run<sqs::decode_queue_url>},
    {"PurgeQueue", run<sqs::decode_queue_url>},
    {"GetQueueAttributes", run<sqs::decode_get_queue_attributes>},
    {"SetQueueAttributes", run<sqs::decode_set_queue_attributes>},
    {"ListQueueTags", run<sqs::decode_queue_url>},
    {"TagQueue", run<sqs::decode_tag_queue>},
    {"UntagQueue", run<sqs::decode_untag_queue>},
    {"ListDeadLetterSourceQueues", run<sqs::decode_queue_url>},
    {"SendMessage", run<sqs::decode_send_message>},
    {"SendMessageBatch", run<sqs::decode_send_message_batch>},
    {"ReceiveMessage", run<sqs::decode_receive_message>},
    {"DeleteMessage", run<sqs::decode_delete_message>},
    {"DeleteMessageBatch", delete_batch},
    {"ChangeMessageVisibility", run<sqs::decode_change_visibility>},
    {"ChangeMessageVisibilityBatch", change_batch},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  query::FormParams params;
  if (!query::parse_form(text, params)) return 0;
  for (const Decoded& operation : kOperations) {
    const sqs::QueryShapes shapes = sqs::query_shapes(operation.operation);
    if (!shapes.input) __builtin_trap();
    const json input = query::form_to_json(params, *shapes.input);
    operation.decode(input);
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
