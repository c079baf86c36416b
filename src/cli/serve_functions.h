// The functions' settings for `certflow serve`: what a function inherits from the daemon.
#pragma once

#include <string>

#include "functions/functions.h"

namespace certflow::cli {

// Functions get the daemon's PATH, HOME, user, locale, TZ and TMPDIR, and nothing else of its
// environment (CERTFLOW_MASTER_KEY and the admin secret stay in the daemon); bare command names
// are resolved on the daemon's PATH.
functions::Config functions_config(const std::string& region, const std::string& account_id);

}  // namespace certflow::cli
