// SNS (sns, 2010-03-31) over the query protocol, the only one its clients speak, serving
// certflow's notification topics (notify/topics.h). Register it in the composition root.
#pragma once

#include <memory>
#include <string>

#include "api/service.h"
#include "notify/topics.h"

namespace certflow::api {

// account_id: the account of the API's callers, the publisher of their Publish calls.
std::unique_ptr<QueryService> make_sns_query_service(notify::Topics& topics,
                                                     std::string account_id);

}  // namespace certflow::api
