// Replacing a file atomically: readers see the old content or the new, never a mix, and after a
// crash the file is one or the other. Engine of the deploy room.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "deploy/deploy_config.h"

namespace certflow::deploy {

// Whether the file holds exactly `content` with `mode` (and the owner's ids, when given).
bool file_matches(const std::string& path, std::string_view content, int mode,
                  const std::optional<Owner>& owner);

// Writes `content` to `path` unless file_matches already: a new file in the same directory
// (O_CREAT|O_EXCL with the final mode, so it is never readable by others on the way), fsync,
// fchown when an owner is given, rename over `path`, fsync of the directory. Returns whether
// the file was written. On failure the temporary file is removed and `path` is as it was;
// kInternal with the path and the system's reason.
Result<bool> write_atomically(const std::string& path, std::string_view content, int mode,
                              const std::optional<Owner>& owner);

}  // namespace certflow::deploy
