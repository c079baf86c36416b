// The rules a deployment configuration follows, how it is kept in a store row, and which
// certificates it selects. Engine of the deploy room.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "deploy/deploy.h"
#include "store/store.h"

namespace certflow::deploy {

// Checks every member (kValidation saying what to fix) and resolves the reload program on
// `search_path`; returns the configuration as it is to be stored.
Result<DeploymentConfig> validated(DeploymentConfig config, const std::string& search_path);
Status validate_name(const std::string& name);

// The file owner: uid and gid, -1 for "leave as is".
struct Owner {
  uid_t uid = static_cast<uid_t>(-1);
  gid_t gid = static_cast<gid_t>(-1);
};
// "user", "user:group", numeric ids too; nullopt for "". kValidation for an unknown name.
Result<std::optional<Owner>> resolve_owner(const std::string& owner);

struct Endpoint {
  std::string host;  // without the brackets of an IPv6 literal
  int port = 0;
};
// "host:port" or "[v6]:port"; kValidation otherwise.
Result<Endpoint> parse_endpoint(const std::string& text);

// Whether the configuration takes the certificate `arn` whose tags are `tags`.
bool selects(const DeploymentConfig& config, const std::string& arn,
             const std::vector<store::Tag>& tags);

// The row's arn is arn:aws:certflow:REGION:ACCOUNT:deployment/NAME (nothing resolves it; it
// names the configuration in the bus resources table).
store::ResourceRow to_row(const DeploymentConfig& config, const std::string& region,
                          const std::string& account_id);
// kInternal when the stored configuration cannot be read (only this room writes it).
Result<DeploymentConfig> from_row(const store::ResourceRow& row);

}  // namespace certflow::deploy
