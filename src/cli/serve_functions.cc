#include "cli/serve_functions.h"

#include "cli/credentials.h"

namespace certflow::cli {

functions::Config functions_config(const std::string& region, const std::string& account_id) {
  functions::Config config;
  config.region = region;
  config.account_id = account_id;
  for (const char* name :
       {"PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR"}) {
    if (auto value = env(name)) config.base_environment[name] = *value;
  }
  if (auto path = env("PATH")) config.search_path = *path;
  return config;
}

}  // namespace certflow::cli
