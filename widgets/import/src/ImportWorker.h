#pragma once

#include "dwb/dataset/Importers.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <thread>

namespace dwb {

// Creates a project file and imports a plan into it on a thread of its own; the project is
// created, used and closed on that thread only. A failed or cancelled import removes the file it
// created, so nothing half-made is left behind.
class ImportWorker {
public:
    // Called on the worker thread with the report, or the error (ErrorCode::Cancelled when
    // cancelled), after the project file was closed (and removed on failure).
    using Finished = std::function<void(Result<ImportReport>)>;

    ImportWorker() = default;
    // Cancels a running import and waits for it.
    ~ImportWorker();
    ImportWorker(const ImportWorker&) = delete;
    ImportWorker& operator=(const ImportWorker&) = delete;

    // Requires that no import is running.
    void start(std::shared_ptr<const ImportPlan> plan, std::filesystem::path projectPath,
               Finished finished);
    // From any thread; the import rolls back.
    void cancel() { m_cancel = true; }
    // Waits for the thread to end.
    void wait();

    std::size_t done() const { return m_done; }
    std::size_t total() const { return m_total; }

private:
    Result<ImportReport> run(const ImportPlan& plan, const std::filesystem::path& projectPath);

    std::thread m_thread;
    std::atomic<bool> m_cancel = false;
    std::atomic<std::size_t> m_done = 0;
    std::atomic<std::size_t> m_total = 0;
};

} // namespace dwb
