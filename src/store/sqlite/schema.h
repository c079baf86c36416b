// The SQLite schema as an ordered list of migrations. PRAGMA user_version records how many have
// been applied; each runs in its own IMMEDIATE transaction together with its version bump, so a
// crash leaves the database at a whole version, never half-migrated.
#pragma once

#include <cstdint>

#include "store/sqlite/connection.h"

namespace certflow::store::sqlite {

// The version a freshly opened database ends at (number of migrations).
int64_t schema_version();

// Applies every pending migration on the writer connection. Fails (kInternal) when the database
// was written by a newer certflow whose schema this build does not know.
Status migrate(Connection& writer);

}  // namespace certflow::store::sqlite
