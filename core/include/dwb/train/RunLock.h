#pragma once

// Which runs are being trained now. The process training a run holds an exclusive lock (flock)
// on run.lock in the run's folder; the kernel drops it when the process ends, however it ends
// (a kill -9, the OOM killer, a closed window), so a run recorded as running whose lock is free
// was interrupted, and can be continued from its last checkpoint.

#include "dwb/core/Error.h"
#include "dwb/storage/ProjectTypes.h"

#include <filesystem>
#include <string>

namespace dwb {

class RunLock {
public:
    // Takes the lock of the run folder (creating both). Busy when another process (or another
    // RunLock here) holds it: that run is being trained.
    static Result<RunLock> acquire(const std::filesystem::path& runFolder);

    RunLock(RunLock&& other) noexcept;
    RunLock& operator=(RunLock&& other) noexcept;
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;
    ~RunLock();

private:
    explicit RunLock(int fd)
        : m_fd(fd)
    {
    }
    int m_fd = -1;
};

// Whether a process holds the lock of the run folder now.
bool runIsActive(const std::filesystem::path& runFolder);

// The status a user should see: the stored one, except "interrupted" for a run stored as
// running that no process is training.
std::string displayedRunStatus(const std::filesystem::path& projectPath, const RunRecord& run);

} // namespace dwb
