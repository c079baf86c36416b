// Queue URLs: certflow hands out http://<Host header>/<account>/<name>, and accepts a QueueUrl
// member of that form (any scheme and host, as SQS's clients may rewrite them) or, without one,
// a request POSTed to the queue URL's path.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace certflow::api::sqs {

std::string queue_url(std::string_view host, std::string_view account, std::string_view name);

// The queue name in `url`, or in `request_path` when url is empty. kMissingParameter when both
// are empty (or the path is "/"); kQueueDoesNotExist for a URL of another account or one that
// is not /<account>/<name>.
Result<std::string> queue_name_from_url(std::string_view url, std::string_view request_path,
                                        std::string_view account);

}  // namespace certflow::api::sqs
