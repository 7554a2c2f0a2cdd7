// ProjectDb: the import history and the key-value metadata.

#include "Sqlite.h"
#include "dwb/storage/ProjectDb.h"

namespace dwb {

using sqlite::Statement;

Result<std::int64_t> ProjectDb::beginImport(const std::string& kind, const std::string& source)
{
    auto insert = prepare("INSERT INTO imports (kind, source) VALUES (?1, ?2)");
    if (!insert)
        return std::unexpected(insert.error());
    insert->bind(1, kind).bind(2, source);
    if (auto ok = insert->run(); !ok)
        return std::unexpected(ok.error());
    return sqlite3_last_insert_rowid(handle());
}

Status ProjectDb::finishImport(std::int64_t importId, std::int64_t added, std::int64_t duplicates,
                               std::int64_t skipped)
{
    auto update =
        prepare("UPDATE imports SET added = ?2, duplicates = ?3, skipped = ?4 WHERE id = ?1");
    if (!update)
        return std::unexpected(update.error());
    update->bind(1, importId).bind(2, added).bind(3, duplicates).bind(4, skipped);
    return update->run();
}

Result<std::vector<ImportRecord>> ProjectDb::imports() const
{
    auto query =
        prepare("SELECT id, kind, source, started_at, added, duplicates, skipped FROM imports "
                "ORDER BY id");
    if (!query)
        return std::unexpected(query.error());
    return query->rows([](const Statement& row) {
        return ImportRecord{row.int64(0), row.text(1),  row.text(2), row.text(3),
                            row.int64(4), row.int64(5), row.int64(6)};
    });
}

Result<std::optional<std::string>> ProjectDb::meta(const std::string& key) const
{
    auto query = prepare("SELECT value FROM project_meta WHERE key = ?1");
    if (!query)
        return std::unexpected(query.error());
    query->bind(1, key);
    return query->oneRow([](const Statement& row) { return row.text(0); });
}

Status ProjectDb::setMeta(const std::string& key, const std::string& value)
{
    auto write = prepare(R"sql(
        INSERT INTO project_meta (key, value) VALUES (?1, ?2)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value)sql");
    if (!write)
        return std::unexpected(write.error());
    write->bind(1, key).bind(2, value);
    return write->run();
}

} // namespace dwb
