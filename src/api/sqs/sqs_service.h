// SQS (sqs, 2012-11-05) in both protocols its clients speak: JSON 1.0 with awsQueryCompatible
// errors (AmazonSQS.<Op>, botocore >= 1.32) and the query protocol (botocore 1.29, aws-cli 2.9).
// Register both in the composition root; they share the operations of sqs_operations.h.
#pragma once

#include <memory>

#include "api/service.h"
#include "queue/queues.h"

namespace certflow::api {

std::unique_ptr<JsonService> make_sqs_json_service(queue::Queues& queues);
std::unique_ptr<QueryService> make_sqs_query_service(queue::Queues& queues);

}  // namespace certflow::api
