#pragma once

// Private to core/storage: the connection a ProjectDb owns, shared by the files that open
// projects (ProjectOpen.cpp) and use them (ProjectDb.cpp and the rest).

#include "Sqlite.h"
#include "dwb/storage/ProjectDb.h"

#include <filesystem>
#include <string>
#include <unordered_map>

namespace dwb {

struct ProjectDb::Connection {
    explicit Connection(sqlite::DbHandle handle)
        : db(std::move(handle))
    {
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    sqlite::DbHandle db;
    // Prepared once, reused for every sample of an import; finalized before the database closes.
    std::unordered_map<std::string, sqlite3_stmt*> statements;

    ~Connection()
    {
        for (auto& entry : statements)
            sqlite3_finalize(entry.second);
    }
};

// A read-write connection with the project's pragmas (WAL, foreign keys, synchronous FULL).
Result<sqlite::DbHandle> openWritable(const std::filesystem::path& path, bool create);

} // namespace dwb
