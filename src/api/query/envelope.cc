#include "api/query/envelope.h"

#include "api/query/xml_writer.h"

namespace certflow::api::query {

std::string response_document(std::string_view action, std::string_view xml_namespace,
                              const std::optional<std::string>& result_xml,
                              std::string_view request_id) {
  XmlWriter xml;
  xml.open(std::string(action) + "Response", xml_namespace);
  if (result_xml) {
    xml.open(std::string(action) + "Result");
    xml.raw(*result_xml);
    xml.close();
  }
  xml.open("ResponseMetadata");
  xml.element("RequestId", request_id);
  return xml.finish();
}

std::string error_document(std::string_view xml_namespace, bool sender_fault, std::string_view code,
                           std::string_view message, std::string_view request_id) {
  XmlWriter xml;
  xml.open("ErrorResponse", xml_namespace);
  xml.open("Error");
  xml.element("Type", sender_fault ? "Sender" : "Receiver");
  xml.element("Code", code);
  xml.element("Message", message);
  xml.close();
  xml.element("RequestId", request_id);
  return xml.finish();
}

}  // namespace certflow::api::query
