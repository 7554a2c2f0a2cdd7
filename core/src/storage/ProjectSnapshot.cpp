// ProjectDb: copies of a project and of its images elsewhere.

#include "Sqlite.h"
#include "dwb/storage/ProjectDb.h"

#include <sqlite3.h>

namespace dwb {

Status ProjectDb::setSampleImagePath(std::int64_t sampleId, const std::string& imagePath)
{
    if (auto known = sample(sampleId); !known)
        return std::unexpected(known.error());
    auto update = prepare("UPDATE samples SET image_path = ?2 WHERE id = ?1");
    if (!update)
        return std::unexpected(update.error());
    update->bind(1, sampleId).bind(2, std::string_view(imagePath));
    return update->run();
}

Status ProjectDb::backupTo(const std::filesystem::path& path) const
{
    if (std::filesystem::exists(path))
        return fail(ErrorCode::InvalidArgument, path.string() + " already exists");
    sqlite3* copy = nullptr;
    const auto close = [&] { sqlite3_close(copy); };
    if (sqlite3_open_v2(path.c_str(), &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
        SQLITE_OK) {
        const std::string message = copy ? sqlite3_errmsg(copy) : "out of memory";
        close();
        return fail(ErrorCode::IoError, "cannot create " + path.string() + ": " + message);
    }
    sqlite3_backup* backup = sqlite3_backup_init(copy, "main", handle(), "main");
    int rc = backup ? sqlite3_backup_step(backup, -1) : SQLITE_ERROR;
    if (backup)
        rc = sqlite3_backup_finish(backup) == SQLITE_OK && rc == SQLITE_DONE ? SQLITE_OK : rc;
    const std::string message = sqlite3_errmsg(copy);
    close();
    if (rc != SQLITE_OK) {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
        return fail(ErrorCode::IoError,
                    "cannot copy the project to " + path.string() + ": " + message);
    }
    return {};
}

} // namespace dwb
