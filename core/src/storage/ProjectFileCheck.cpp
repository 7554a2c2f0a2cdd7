#include "ProjectFileCheck.h"

#include "ProjectSchema.h"
#include "Sqlite.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>

namespace dwb {
namespace {

constexpr std::size_t kHeaderSize = 100;

std::uint32_t readBigEndian(const std::uint8_t* bytes, int count)
{
    std::uint32_t value = 0;
    for (int i = 0; i < count; ++i)
        value = (value << 8) | bytes[i];
    return value;
}

// The SQLite header records the page size and, when its change counter is current, the
// database size in pages: a file shorter than that lost its tail.
Status checkHeader(const std::filesystem::path& path)
{
    const std::string name = path.string();
    std::error_code ec;
    const auto fileSize = std::filesystem::file_size(path, ec);
    if (ec)
        return fail(ErrorCode::IoError, "cannot read " + name + ": " + ec.message());
    if (fileSize == 0)
        return fail(ErrorCode::NotAProject, name + " is an empty file, not a project");

    std::array<std::uint8_t, kHeaderSize> header{};
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char*>(header.data()), header.size());
    const auto got = static_cast<std::size_t>(in.gcount());
    static constexpr char kMagic[] = "SQLite format 3";
    if (got < sizeof(kMagic) || std::memcmp(header.data(), kMagic, sizeof(kMagic)) != 0)
        return fail(ErrorCode::NotAProject,
                    name + " is not a Defect Workbench project (not an SQLite database)");
    if (got < kHeaderSize)
        return fail(ErrorCode::Corrupt, name + " is truncated: its header is incomplete");

    std::uint64_t pageSize = readBigEndian(&header[16], 2);
    if (pageSize == 1)
        pageSize = 65536;
    const auto pageCount = readBigEndian(&header[28], 4);
    const bool countIsCurrent = readBigEndian(&header[24], 4) == readBigEndian(&header[92], 4);
    const std::uint64_t expected = pageSize * pageCount;
    // A checkpoint cut short (a full disk) writes the new header before the pages it counts;
    // the pages are still in the write-ahead log, from which SQLite completes the file: then
    // the integrity check below decides, not the size.
    const auto wal = std::filesystem::path(name + "-wal");
    const bool walHoldsPages = std::filesystem::file_size(wal, ec) > 32 && !ec;
    if (countIsCurrent && pageCount > 0 && fileSize < expected && !walHoldsPages)
        return fail(ErrorCode::Corrupt, name + " is truncated: " + std::to_string(fileSize) +
                                            " of " + std::to_string(expected) + " bytes present");
    return {};
}

Result<std::int64_t> pragmaInt(sqlite3* db, const char* sql)
{
    auto statement = sqlite::Statement::prepare(db, sql);
    if (!statement)
        return std::unexpected(statement.error());
    return statement->oneOr([](const sqlite::Statement& row) { return row.int64(0); }, 0);
}

} // namespace

Status checkProjectFile(const std::filesystem::path& path, int supportedVersion)
{
    const std::string name = path.string();
    if (!std::filesystem::exists(path))
        return fail(ErrorCode::NotFound, "no such project: " + name);
    if (auto ok = checkHeader(path); !ok)
        return ok;

    auto db = sqlite::openConnection(name, SQLITE_OPEN_READONLY);
    if (!db)
        return std::unexpected(db.error());

    auto appId = pragmaInt(db->get(), "PRAGMA application_id");
    if (!appId)
        return fail(appId.error().code, name + ": " + appId.error().message);
    if (*appId != schema::kApplicationId)
        return fail(ErrorCode::NotAProject,
                    name + " is an SQLite database but not a Defect Workbench project");

    auto check = sqlite::Statement::prepare(db->get(), "PRAGMA quick_check(1)");
    if (!check)
        return fail(ErrorCode::Corrupt, name + " is damaged: " + check.error().message);
    auto verdict = check->oneRow([](const sqlite::Statement& row) { return row.text(0); });
    if (!verdict)
        return fail(ErrorCode::Corrupt, name + " is damaged: " + verdict.error().message);
    if (*verdict && **verdict != "ok") {
        // SQLite opens its report with "*** in database main ***": the rest says where.
        std::string where = **verdict;
        if (const auto header = where.find("***\n");
            where.starts_with("***") && header != std::string::npos)
            where.erase(0, header + 4);
        for (char& c : where)
            if (c == '\n')
                c = ' ';
        return fail(ErrorCode::Corrupt, name + " is damaged (" + where +
                                            "); restore it from a backup, or rescue what can "
                                            "still be read with: sqlite3 " +
                                            name + " .recover | sqlite3 rescued.dwb");
    }

    auto version = schema::readVersion(db->get());
    if (!version)
        return fail(version.error().code, name + ": " + version.error().message);
    if (*version > supportedVersion)
        return fail(ErrorCode::NewerSchema,
                    name + " was written by a newer Defect Workbench (schema " +
                        std::to_string(*version) + ", this build reads up to " +
                        std::to_string(supportedVersion) + ")");
    if (*version < 1)
        return fail(ErrorCode::Corrupt, name + " has no schema version");
    return {};
}

} // namespace dwb
