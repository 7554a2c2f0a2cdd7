#pragma once

// Thin RAII wrappers over the SQLite C API, private to core/storage.

#include "dwb/core/Error.h"

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace dwb::sqlite {

struct DbCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

Error databaseError(sqlite3* db, std::string_view what);

// Opens a connection; flags as for sqlite3_open_v2.
Result<DbHandle> openConnection(const std::string& path, int flags);

// Runs one or more statements that return no rows.
Status exec(sqlite3* db, const char* sql);

class Statement {
public:
    static Result<Statement> prepare(sqlite3* db, std::string_view sql);
    // Uses a statement owned elsewhere (a cache): destruction resets it instead of finalizing.
    static Statement borrow(sqlite3* db, sqlite3_stmt* stmt);

    Statement(Statement&&) noexcept = default;
    Statement& operator=(Statement&&) noexcept = default;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bindBlob(int index, std::span<const std::uint8_t> bytes);
    Statement& bindNull(int index);

    // Steps once: true when a row is available, false when done.
    Result<bool> step();
    // Steps to completion, expecting no rows.
    Status run();
    void reset();

    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::span<const std::uint8_t> blob(int column) const;
    bool isNull(int column) const;

private:
    using Release = void (*)(sqlite3_stmt*);
    Statement(sqlite3* db, sqlite3_stmt* stmt, Release release)
        : m_db(db)
        , m_stmt(stmt, release)
    {
    }

    sqlite3* m_db = nullptr;
    std::unique_ptr<sqlite3_stmt, Release> m_stmt;
};

// BEGIN IMMEDIATE (or a savepoint when already inside a transaction) on construction; rolls
// back on destruction unless committed.
class Transaction {
public:
    static Result<Transaction> begin(sqlite3* db);
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();

    Status commit();

private:
    Transaction(sqlite3* db, bool outermost)
        : m_db(db)
        , m_outermost(outermost)
    {
    }
    sqlite3* m_db = nullptr;
    bool m_outermost = true;
};

} // namespace dwb::sqlite
