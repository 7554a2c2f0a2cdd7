#include "dwb/train/Trainer.h"

#include "TrainingSession.h"

#include "dwb/runtime/Runtime.h"
#include "dwb/train/RunLock.h"

#include <torch/utils.h>

#include <cstdio>
#include <optional>

namespace dwb {
namespace {

// A failed run keeps what it had recorded (epochs, model, checkpoint): a failure at epoch 12
// must not lose the first eleven, and --resume can carry it on.
void markFailed(ProjectDb& project, std::int64_t runId)
{
    // Only the status changes: whatever else the run had recorded stays as it was.
    project.setRunStatus(runId, "failed");
}

Result<TrainingResult> start(ProjectDb& project, const TrainingConfig& config,
                             std::optional<std::int64_t> resumeRun,
                             const std::filesystem::path& checkpoint, CancellationToken& token,
                             TrainingObserver* observer)
{
    configureRuntime(config.threads);
    // Weights start from the seed; the data order is seeded per epoch in trainEpoch.
    torch::manual_seed(config.seed);
    auto setup = prepareTraining(project, config, token, observer);
    if (!setup)
        return std::unexpected(setup.error());
    std::int64_t runId = 0;
    if (resumeRun) {
        runId = *resumeRun;
    } else {
        auto created = project.createRun(toText(setup->config), setup->device.str());
        if (!created)
            return std::unexpected(created.error());
        runId = *created;
    }
    // Held while this process trains the run: others see it running, or else interrupted
    // (dwb/train/RunLock.h), and cannot train it at the same time.
    auto lock = RunLock::acquire(runFolder(project.path(), runId));
    if (!lock)
        return std::unexpected(lock.error());
    try {
        TrainingSession session(project, std::move(*setup), runId, token, observer);
        if (resumeRun && !checkpoint.empty())
            if (auto ok = session.restore(checkpoint); !ok)
                return std::unexpected(ok.error());
        auto result = session.run();
        if (!result)
            markFailed(project, runId);
        return result;
    } catch (const std::exception& e) {
        markFailed(project, runId);
        return fail(ErrorCode::Internal, std::string("training failed: ") + e.what());
    }
}

// A run stopped before its first checkpoint has nothing to continue from: it starts again from
// its first epoch, with its own configuration and id, its partial curves dropped.
Result<TrainingResult> restart(ProjectDb& project, const RunRecord& run, int epochs, double minutes,
                               CancellationToken& token, TrainingObserver* observer)
{
    auto config = trainingConfigFromText(run.config);
    if (!config)
        return fail(ErrorCode::Corrupt, "run " + std::to_string(run.id) +
                                            " has no checkpoint and an unreadable configuration: " +
                                            config.error().message);
    if (epochs > 0)
        config->epochs = epochs;
    if (minutes > 0)
        config->minutes = minutes;
    if (auto ok = project.dropEpochsFrom(run.id, 0); !ok)
        return std::unexpected(ok.error());
    return start(project, *config, run.id, {}, token, observer);
}

} // namespace

const char* stopReasonName(StopReason reason)
{
    switch (reason) {
    case StopReason::Epochs:
        return "epochs";
    case StopReason::Budget:
        return "budget";
    case StopReason::Patience:
        return "patience";
    case StopReason::Cancelled:
        return "cancelled";
    }
    return "epochs";
}

std::filesystem::path runFolder(const std::filesystem::path& projectPath, std::int64_t runId)
{
    const auto absolute = std::filesystem::absolute(projectPath);
    return absolute.parent_path() / (absolute.stem().string() + ".runs") /
           ("run-" + std::to_string(runId));
}

Result<TrainingResult> Trainer::run(ProjectDb& project, const TrainingConfig& config,
                                    CancellationToken& token, TrainingObserver* observer)
{
    return start(project, config, std::nullopt, {}, token, observer);
}

Result<TrainingResult> Trainer::resume(ProjectDb& project, std::int64_t runId, int epochs,
                                       CancellationToken& token, TrainingObserver* observer,
                                       double minutes)
{
    auto run = project.run(runId);
    if (!run)
        return std::unexpected(run.error());
    const auto folder = runFolder(project.path(), runId);
    if (runIsActive(folder))
        return fail(ErrorCode::InvalidArgument,
                    "run " + std::to_string(runId) + " is being trained now by another process");
    // The project may not name a checkpoint written just before a kill: the file checks itself.
    const auto checkpoint = run->checkpointPath.empty()
                                ? folder / "checkpoint.pt"
                                : project.path().parent_path() / run->checkpointPath;
    if (!std::filesystem::exists(checkpoint))
        return restart(project, *run, epochs, minutes, token, observer);
    auto state = readCheckpointState(checkpoint);
    if (!state)
        return std::unexpected(state.error());
    TrainingConfig config = state->config;
    if (epochs > 0)
        config.epochs = epochs;
    if (minutes > 0)
        config.minutes = minutes;
    if (state->nextEpoch >= config.epochs)
        return fail(ErrorCode::InvalidArgument, "run " + std::to_string(runId) + " already has " +
                                                    std::to_string(state->nextEpoch) +
                                                    " epochs; ask for more");
    if (config.minutes > 0 && state->progress.seconds >= config.minutes * 60.0) {
        char budget[32];
        std::snprintf(budget, sizeof budget, "%g", config.minutes);
        return fail(ErrorCode::InvalidArgument, "run " + std::to_string(runId) + " has used its " +
                                                    budget +
                                                    "-minute budget; ask for more with --minutes");
    }
    return start(project, config, runId, checkpoint, token, observer);
}

} // namespace dwb
