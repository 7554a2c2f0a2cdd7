// ProjectDb: creating, opening and checkpointing project files.

#include "dwb/storage/ProjectDb.h"

#include "ProjectConnection.h"
#include "ProjectFileCheck.h"
#include "ProjectSchema.h"

#include <atomic>
#include <cerrno>
#include <cstring>

#include <unistd.h>

namespace dwb {

Result<sqlite::DbHandle> openWritable(const std::filesystem::path& path, bool create)
{
    int flags = SQLITE_OPEN_READWRITE;
    if (create)
        flags |= SQLITE_OPEN_CREATE;
    auto db = sqlite::openConnection(path.string(), flags);
    if (!db)
        return db;
    for (const char* pragma :
         // FULL: a commit is on the disk when it returns, so what a run or an import has
         // recorded survives a power cut too, not only a killed process.
         {"PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL"})
        if (auto ok = sqlite::exec(db->get(), pragma); !ok)
            return std::unexpected(ok.error());
    return db;
}

namespace {

// A zero-byte file where a project should be: what a creation cut short by an older version
// left behind. It holds nothing, so a new creation may take its place.
bool isEmptyFile(const std::filesystem::path& path)
{
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec) &&
           std::filesystem::file_size(path, ec) == 0 && !ec;
}

} // namespace

Result<ProjectDb> ProjectDb::createAtVersion(const std::filesystem::path& path, int version)
{
    const auto exists = [&] {
        return fail(ErrorCode::InvalidArgument,
                    "cannot create " + path.string() + ": the file already exists");
    };
    if (std::filesystem::exists(path) && !isEmptyFile(path))
        return exists();
    // Built whole under a name of its own, then linked into place: another process creating the
    // same project at the same instant finds either no file or a complete project, never an
    // empty one, and a failed creation leaves nothing behind.
    static std::atomic<int> counter{0};
    const auto building =
        std::filesystem::path(path.string() + ".creating-" + std::to_string(::getpid()) + "-" +
                              std::to_string(counter++));
    {
        auto db = openWritable(building, true);
        if (!db) {
            std::filesystem::remove(building);
            return std::unexpected(db.error());
        }
        if (auto ok = schema::migrate(db->get(), version); !ok) {
            db->reset();
            std::filesystem::remove(building);
            return std::unexpected(ok.error());
        }
    } // closed: the journal is folded into the file
    std::error_code ec;
    if (isEmptyFile(path))
        std::filesystem::remove(path, ec);
    const bool linked = ::link(building.c_str(), path.c_str()) == 0;
    const int error = errno;
    std::filesystem::remove(building, ec);
    if (!linked) {
        if (error == EEXIST)
            return exists();
        return fail(ErrorCode::IoError,
                    "cannot create " + path.string() + ": " + std::strerror(error));
    }
    auto db = openWritable(path, false);
    if (!db)
        return std::unexpected(db.error());
    return ProjectDb(std::filesystem::absolute(path), std::make_unique<Connection>(std::move(*db)));
}

Result<ProjectDb> ProjectDb::create(const std::filesystem::path& path)
{
    return createAtVersion(path, kSchemaVersion);
}

Result<ProjectDb> ProjectDb::open(const std::filesystem::path& path)
{
    if (auto ok = checkProjectFile(path, kSchemaVersion); !ok)
        return std::unexpected(ok.error());
    auto db = openWritable(path, false);
    if (!db)
        return std::unexpected(db.error());
    if (auto ok = schema::migrate(db->get(), kSchemaVersion); !ok)
        return fail(ok.error().code, path.string() + ": " + ok.error().message);
    return ProjectDb(std::filesystem::absolute(path), std::make_unique<Connection>(std::move(*db)));
}

Result<ProjectDb> ProjectDb::openReadOnly(const std::filesystem::path& path)
{
    if (auto ok = checkProjectFile(path, kSchemaVersion); !ok)
        return std::unexpected(ok.error());
    // Where the project can be written, the usual connection (which writes nothing to an
    // up-to-date project) closes cleanly; a read-only one would leave an empty -wal and -shm.
    const auto folder = std::filesystem::absolute(path).parent_path();
    if (::access(path.c_str(), W_OK) == 0 && ::access(folder.c_str(), W_OK) == 0) {
        auto project = open(path);
        if (project || project.error().code != ErrorCode::Database)
            return project;
    }
    auto db = sqlite::openConnection(path.string(), SQLITE_OPEN_READONLY);
    if (!db)
        return std::unexpected(db.error());
    auto version = schema::readVersion(db->get());
    if (!version)
        return fail(version.error().code, path.string() + ": " + version.error().message);
    if (*version != kSchemaVersion)
        return fail(ErrorCode::InvalidArgument,
                    path.string() + " was written by an older Defect Workbench (schema " +
                        std::to_string(*version) +
                        "): open it once where it can be written, to bring it up to date");
    return ProjectDb(std::filesystem::absolute(path), std::make_unique<Connection>(std::move(*db)));
}

Result<ProjectDb> ProjectDb::connect(const std::filesystem::path& path, Access access)
{
    auto db = access == Access::ReadOnly
                  ? sqlite::openConnection(path.string(), SQLITE_OPEN_READONLY)
                  : openWritable(path, false);
    if (!db)
        return std::unexpected(db.error());
    auto version = schema::readVersion(db->get());
    if (!version)
        return std::unexpected(version.error());
    if (*version != kSchemaVersion)
        return fail(ErrorCode::InvalidArgument,
                    path.string() + ": schema " + std::to_string(*version) + ", expected " +
                        std::to_string(kSchemaVersion) + " (open it with ProjectDb::open first)");
    return ProjectDb(std::filesystem::absolute(path), std::make_unique<Connection>(std::move(*db)));
}

Result<ProjectDb> ProjectDb::openOrCreate(const std::filesystem::path& path)
{
    if (!std::filesystem::exists(path) || isEmptyFile(path)) {
        auto created = create(path);
        // Another process may have created it in the meantime: then it is opened.
        if (created || !std::filesystem::exists(path) || isEmptyFile(path))
            return created;
    }
    return open(path);
}

Result<int> ProjectDb::schemaVersion() const
{
    return schema::readVersion(handle());
}

Status ProjectDb::checkpoint()
{
    // PASSIVE: copies what no reader needs, never waits; a write that fails (a full disk) is
    // an error. What a reader still needs stays in the log, committed, for a later checkpoint.
    auto statement = prepare("PRAGMA wal_checkpoint(PASSIVE)");
    if (!statement)
        return std::unexpected(statement.error());
    auto row = statement->oneRow([](const sqlite::Statement& r) { return r.int64(0); });
    if (!row)
        return fail(ErrorCode::IoError,
                    "the changes are safe in " + m_path.string() +
                        "-wal but could not be copied into the project file (is the disk full?): " +
                        row.error().message);
    return {};
}

} // namespace dwb
