#include "ImportWorker.h"

#include "dwb/storage/ProjectDb.h"

#include <system_error>

namespace dwb {
namespace {

// The project file and the journal files SQLite may leave beside it.
void removeProjectFiles(const std::filesystem::path& path)
{
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(path.string() + suffix, ignored);
}

} // namespace

ImportWorker::~ImportWorker()
{
    cancel();
    wait();
}

void ImportWorker::wait()
{
    if (m_thread.joinable())
        m_thread.join();
}

void ImportWorker::start(std::shared_ptr<const ImportPlan> plan, std::filesystem::path projectPath,
                         Finished finished)
{
    wait();
    m_cancel = false;
    m_done = 0;
    m_total = plan->samples.size();
    m_thread = std::thread([this, plan = std::move(plan), path = std::move(projectPath),
                            finished = std::move(finished)] { finished(run(*plan, path)); });
}

Result<ImportReport> ImportWorker::run(const ImportPlan& plan,
                                       const std::filesystem::path& projectPath)
{
    std::error_code error;
    if (std::filesystem::exists(projectPath, error))
        return fail(ErrorCode::InvalidArgument, projectPath.string() + ": the file exists");
    auto result = [&]() -> Result<ImportReport> {
        auto project = ProjectDb::create(projectPath);
        if (!project)
            return std::unexpected(project.error());
        ImportOptions options;
        options.cancel = &m_cancel;
        options.progress = [this](std::size_t done, std::size_t total) {
            m_total = total;
            m_done = done;
        };
        return runImport(*project, plan, options);
    }(); // the project is closed here, before its files may be removed
    if (!result)
        removeProjectFiles(projectPath);
    return result;
}

} // namespace dwb
