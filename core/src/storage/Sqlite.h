#pragma once

// Thin RAII wrappers over the SQLite C API, private to core/storage.

#include "dwb/core/Error.h"

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

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

namespace detail {
// What a row reader yields: its return type, or T where it returns Result<T> (a read that can
// fail).
template <typename R>
struct RowValue {
    using type = R;
};
template <typename T>
struct RowValue<Result<T>> {
    using type = T;
};
} // namespace detail

class Statement {
public:
    // The value a reader `read(const Statement&)` makes of one row.
    template <typename Read>
    using RowOf = typename detail::RowValue<std::invoke_result_t<Read&, const Statement&>>::type;

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

    // The helpers below step the statement and hand each row to a callback taking
    // `const Statement&`. A reader returns the row's value, or Result<T> when reading can fail;
    // a failed step or a failed read ends the query with that error.

    // Calls visit for every row; visit returns void, or Status where a failure stops the rows.
    template <typename Visit>
    Status forEach(Visit visit);
    // Every row read, in the order the query returns them.
    template <typename Read>
    Result<std::vector<RowOf<Read>>> rows(Read read);
    // Steps once: the row read, or nullopt when the query returns none.
    template <typename Read>
    Result<std::optional<RowOf<Read>>> oneRow(Read read);
    // Steps once: the row read, or notFound when the query returns none.
    template <typename Read>
    Result<RowOf<Read>> one(Read read, Error notFound);
    // Steps once: the row read, or none when the query returns none (a count or a pragma, that
    // always has its row).
    template <typename Read>
    Result<RowOf<Read>> oneOr(Read read, RowOf<Read> none);

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

template <typename Visit>
Status Statement::forEach(Visit visit)
{
    while (true) {
        auto more = step();
        if (!more)
            return std::unexpected(std::move(more.error()));
        if (!*more)
            return {};
        if constexpr (std::is_void_v<std::invoke_result_t<Visit&, const Statement&>>)
            visit(std::as_const(*this));
        else if (Status ok = visit(std::as_const(*this)); !ok)
            return ok;
    }
}

template <typename Read>
Result<std::vector<Statement::RowOf<Read>>> Statement::rows(Read read)
{
    std::vector<RowOf<Read>> values;
    auto ok = forEach([&](const Statement& row) -> Status {
        Result<RowOf<Read>> value = read(row);
        if (!value)
            return std::unexpected(std::move(value.error()));
        values.push_back(std::move(*value));
        return {};
    });
    if (!ok)
        return std::unexpected(std::move(ok.error()));
    return values;
}

template <typename Read>
Result<std::optional<Statement::RowOf<Read>>> Statement::oneRow(Read read)
{
    auto found = step();
    if (!found)
        return std::unexpected(std::move(found.error()));
    if (!*found)
        return std::nullopt;
    Result<RowOf<Read>> value = read(std::as_const(*this));
    if (!value)
        return std::unexpected(std::move(value.error()));
    return std::optional<RowOf<Read>>(std::move(*value));
}

template <typename Read>
Result<Statement::RowOf<Read>> Statement::one(Read read, Error notFound)
{
    auto row = oneRow(std::move(read));
    if (!row)
        return std::unexpected(std::move(row.error()));
    if (!*row)
        return std::unexpected(std::move(notFound));
    return std::move(**row);
}

template <typename Read>
Result<Statement::RowOf<Read>> Statement::oneOr(Read read, RowOf<Read> none)
{
    auto row = oneRow(std::move(read));
    if (!row)
        return std::unexpected(std::move(row.error()));
    return row->value_or(std::move(none));
}

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
