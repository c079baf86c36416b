// The one table that maps certflow's error codes to each wire protocol's error name and HTTP
// status.
#pragma once

#include <string>

#include "core/error.h"

namespace certflow::api {

struct WireError {
  std::string code;  // the name clients see (__type in JSON, <Code> in query/XML)
  int http_status;
};

WireError json_wire_error(ErrorCode code);

}  // namespace certflow::api
