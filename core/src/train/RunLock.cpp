#include "dwb/train/RunLock.h"

#include "dwb/train/Trainer.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace dwb {
namespace {

constexpr const char* kLockFile = "run.lock";

} // namespace

Result<RunLock> RunLock::acquire(const std::filesystem::path& runFolder)
{
    std::error_code ec;
    std::filesystem::create_directories(runFolder, ec);
    if (ec)
        return fail(ErrorCode::IoError,
                    "cannot create " + runFolder.string() + ": " + ec.message());
    const auto path = runFolder / kLockFile;
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return fail(ErrorCode::IoError,
                    "cannot open " + path.string() + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd);
        if (error == EWOULDBLOCK)
            return fail(ErrorCode::InvalidArgument, "the run in " + runFolder.string() +
                                                        " is being trained by another process");
        return fail(ErrorCode::IoError,
                    "cannot lock " + path.string() + ": " + std::strerror(error));
    }
    return RunLock(fd);
}

RunLock::RunLock(RunLock&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
{
}

RunLock& RunLock::operator=(RunLock&& other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

RunLock::~RunLock()
{
    if (m_fd >= 0)
        ::close(m_fd); // releases the lock
}

bool runIsActive(const std::filesystem::path& runFolder)
{
    const int fd = ::open((runFolder / kLockFile).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false; // never trained here, or by a version without locks
    const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    ::close(fd);
    return held;
}

std::string displayedRunStatus(const std::filesystem::path& projectPath, const RunRecord& run)
{
    if (run.status == "running" && !runIsActive(runFolder(projectPath, run.id)))
        return "interrupted";
    return run.status;
}

} // namespace dwb
