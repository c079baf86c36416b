// The query protocol's response documents: the success envelope around an action's result and
// the ErrorResponse, both in the service's XML namespace.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace certflow::api::query {

// <{Action}Response xmlns="ns"><{Action}Result>result</{Action}Result><ResponseMetadata>
// <RequestId>id</RequestId></ResponseMetadata></{Action}Response>. An action whose model has no
// result wrapper (result nullopt) answers with the metadata only.
std::string response_document(std::string_view action, std::string_view xml_namespace,
                              const std::optional<std::string>& result_xml,
                              std::string_view request_id);

// <ErrorResponse xmlns="ns"><Error><Type>Sender|Receiver</Type><Code>code</Code>
// <Message>message</Message></Error><RequestId>id</RequestId></ErrorResponse>
std::string error_document(std::string_view xml_namespace, bool sender_fault, std::string_view code,
                           std::string_view message, std::string_view request_id);

}  // namespace certflow::api::query
