#pragma once

#include "dwb/core/Error.h"

#include <sqlite3.h>

namespace dwb::schema {

// "DWB1": marks an SQLite file as a Defect Workbench project.
inline constexpr int kApplicationId = 0x44574231;

// Reads schema_version from project_meta; 0 when the table is absent.
Result<int> readVersion(sqlite3* db);

// Applies the migration steps from the database's version up to `target`, in one transaction.
Status migrate(sqlite3* db, int target);

} // namespace dwb::schema
