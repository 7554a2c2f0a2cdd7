#include "dwb/train/Trainer.h"

#include "TrainingSession.h"

#include "dwb/runtime/Runtime.h"

#include <torch/utils.h>

#include <cstdio>
#include <optional>

namespace dwb {
namespace {

// A failed run keeps what it had recorded (epochs, model, checkpoint): a failure at epoch 12
// must not lose the first eleven, and --resume can carry it on.
void markFailed(ProjectDb& project, std::int64_t runId)
{
    auto run = project.run(runId);
    if (!run) {
        project.updateRun(runId, "failed", 0, 0, "", "");
        return;
    }
    project.updateRun(runId, "failed", run->epochsDone, run->seconds, run->modelPath,
                      run->checkpointPath);
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
    try {
        TrainingSession session(project, std::move(*setup), runId, token, observer);
        if (resumeRun)
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
    if (run->checkpointPath.empty())
        return fail(ErrorCode::NotFound, "run " + std::to_string(runId) + " has no checkpoint");
    const auto checkpoint = project.path().parent_path() / run->checkpointPath;
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
