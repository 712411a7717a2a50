// Versioned schema migrations. Version N of the schema is reached by applying migrations 1..N in
// order, each in its own transaction together with `PRAGMA user_version = N`, so a crash leaves
// the file at a whole version. Migrations are append-only: a released one is never edited.
#ifndef LOKA_STORE_MIGRATIONS_H_
#define LOKA_STORE_MIGRATIONS_H_

#include <sqlite3.h>

#include "core/status.h"

namespace loka::store {

// The schema version this build writes.
int LatestSchemaVersion();

// PRAGMA user_version of `db` (0 for a fresh file).
Result<int> ReadSchemaVersion(sqlite3* db);

// Applies the migrations after the file's version up to `target` (REQUIRES: target <=
// LatestSchemaVersion()). Errors: failed_precondition when the file is newer than `target`
// would allow this build to read (its version > LatestSchemaVersion()).
Status Migrate(sqlite3* db, int target);

}  // namespace loka::store

#endif  // LOKA_STORE_MIGRATIONS_H_
