#include "dwb/core/DurableFile.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <unistd.h>

namespace dwb {
namespace {

Status syncPath(const std::filesystem::path& path, int flags, const char* what)
{
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0)
        return fail(ErrorCode::IoError, std::string("cannot open ") + what + " " + path.string() +
                                            " to flush it: " + std::strerror(errno));
    const int synced = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (synced != 0)
        return fail(ErrorCode::IoError,
                    "cannot flush " + path.string() + " to the disk: " + std::strerror(error));
    return {};
}

} // namespace

Status syncFile(const std::filesystem::path& path)
{
    return syncPath(path, O_RDONLY, "file");
}

Status syncDirectory(const std::filesystem::path& folder)
{
    return syncPath(folder.empty() ? std::filesystem::path(".") : folder, O_RDONLY | O_DIRECTORY,
                    "folder");
}

Status replaceDurably(const std::filesystem::path& partial, const std::filesystem::path& target)
{
    if (auto ok = syncFile(partial); !ok) {
        std::error_code ignored;
        std::filesystem::remove(partial, ignored);
        return ok;
    }
    crashPoint(target.filename().string() + ":before-rename");
    std::error_code ec;
    std::filesystem::rename(partial, target, ec);
    if (ec)
        return fail(ErrorCode::IoError, "cannot replace " + target.string() + ": " + ec.message());
    return syncDirectory(target.parent_path());
}

Status writeFileDurably(const std::filesystem::path& target, std::string_view bytes)
{
    const auto partial = std::filesystem::path(target.string() + ".partial");
    const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return fail(ErrorCode::IoError,
                    "cannot write " + partial.string() + ": " + std::strerror(errno));
    const std::string midWrite = target.filename().string() + ":mid-write";
    const char* data = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t written = ::write(fd, data, left);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0) {
            const int error = errno;
            ::close(fd);
            std::filesystem::remove(partial);
            return fail(ErrorCode::IoError, "cannot write " + target.string() + ": " +
                                                (written < 0 ? std::strerror(error) : "no space"));
        }
        data += written;
        left -= static_cast<std::size_t>(written);
        if (left < bytes.size() / 2)
            crashPoint(midWrite);
    }
    ::close(fd);
    return replaceDurably(partial, target); // flushes, renames, flushes the folder
}

void crashPoint(std::string_view point)
{
    // "NAME" or "NAME#N": the first or the N-th time the point is reached.
    // Read each time (the points are rare): a test may set it in a child it forks.
    const char* const wanted = std::getenv("DWB_CRASH_AT");
    if (!wanted || !*wanted)
        return;
    static std::atomic<int> reached{0};
    const std::string_view spec(wanted);
    const auto hash = spec.rfind('#');
    const std::string_view name = hash == std::string_view::npos ? spec : spec.substr(0, hash);
    const int nth = hash == std::string_view::npos ? 1 : std::atoi(spec.data() + hash + 1);
    if (point == name && ++reached >= nth)
        std::raise(SIGKILL);
}

} // namespace dwb
