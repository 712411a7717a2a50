// Opening the node's SQLite file: WAL, synchronous mode, foreign keys, busy timeout and the
// schema migrated to the latest version. Shared by Store::Open and KbStore::Open, which keep
// their own connections to the same file.
#ifndef LOKA_STORE_INTERNAL_OPEN_H_
#define LOKA_STORE_INTERNAL_OPEN_H_

#include <string>

#include "core/status.h"
#include "store/internal/sqlite.h"
#include "store/store.h"

namespace loka::store::internal {

// Errors: io_error (cannot open/create, no WAL), corrupt (not a database),
// failed_precondition (the file's schema is newer than this build knows); each names `path`.
Result<DbHandle> OpenDatabase(const std::string& path, const StoreOptions& options);

}  // namespace loka::store::internal

#endif  // LOKA_STORE_INTERNAL_OPEN_H_
