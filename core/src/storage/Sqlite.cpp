#include "Sqlite.h"

namespace dwb::sqlite {

Error databaseError(sqlite3* db, std::string_view what)
{
    const int code = db ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
    const int primary = code & 0xff;
    const ErrorCode ours = (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
                               ? ErrorCode::Corrupt
                               : ErrorCode::Database;
    std::string message(what);
    message += ": ";
    message += db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    return Error{ours, std::move(message)};
}

Result<DbHandle> openConnection(const std::string& path, int flags)
{
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    DbHandle db(raw);
    if (rc != SQLITE_OK)
        return std::unexpected(databaseError(raw, "cannot open " + path));
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, 5000);
    return db;
}

Status exec(sqlite3* db, const char* sql)
{
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        Error error = databaseError(db, "statement failed");
        sqlite3_free(message);
        return std::unexpected(std::move(error));
    }
    return {};
}

Result<Statement> Statement::prepare(sqlite3* db, std::string_view sql)
{
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK)
        return std::unexpected(databaseError(db, "cannot prepare statement"));
    return Statement(db, stmt, [](sqlite3_stmt* s) { sqlite3_finalize(s); });
}

Statement Statement::borrow(sqlite3* db, sqlite3_stmt* stmt)
{
    return Statement(db, stmt, [](sqlite3_stmt* s) {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
    });
}

Statement& Statement::bind(int index, std::int64_t value)
{
    sqlite3_bind_int64(m_stmt.get(), index, value);
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    sqlite3_bind_double(m_stmt.get(), index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text)
{
    sqlite3_bind_text(m_stmt.get(), index, text.data(), static_cast<int>(text.size()),
                      SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindBlob(int index, std::span<const std::uint8_t> bytes)
{
    sqlite3_bind_blob(m_stmt.get(), index, bytes.data(), static_cast<int>(bytes.size()),
                      SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt.get(), index);
    return *this;
}

Result<bool> Statement::step()
{
    const int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    return std::unexpected(databaseError(m_db, "query failed"));
}

Status Statement::run()
{
    auto more = step();
    if (!more)
        return std::unexpected(more.error());
    return {};
}

void Statement::reset()
{
    sqlite3_reset(m_stmt.get());
    sqlite3_clear_bindings(m_stmt.get());
}

std::int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt.get(), column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt.get(), column);
}

std::string Statement::text(int column) const
{
    const auto* text = sqlite3_column_text(m_stmt.get(), column);
    if (!text)
        return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<std::size_t>(sqlite3_column_bytes(m_stmt.get(), column)));
}

std::span<const std::uint8_t> Statement::blob(int column) const
{
    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt.get(), column));
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(m_stmt.get(), column));
    return {data, data ? size : 0};
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL;
}

Result<Transaction> Transaction::begin(sqlite3* db)
{
    // The outermost transaction takes the write lock at once; inner ones nest as savepoints.
    const bool outermost = sqlite3_get_autocommit(db) != 0;
    if (auto ok = exec(db, outermost ? "BEGIN IMMEDIATE" : "SAVEPOINT dwb_nested"); !ok)
        return std::unexpected(ok.error());
    return Transaction(db, outermost);
}

Transaction::Transaction(Transaction&& other) noexcept
    : m_db(other.m_db)
    , m_outermost(other.m_outermost)
{
    other.m_db = nullptr;
}

Transaction::~Transaction()
{
    if (!m_db)
        return;
    if (m_outermost)
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    else
        sqlite3_exec(m_db, "ROLLBACK TO dwb_nested; RELEASE dwb_nested", nullptr, nullptr, nullptr);
}

Status Transaction::commit()
{
    if (auto ok = exec(m_db, m_outermost ? "COMMIT" : "RELEASE dwb_nested"); !ok)
        return ok;
    m_db = nullptr;
    return {};
}

} // namespace dwb::sqlite
