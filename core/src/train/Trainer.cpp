#include "dwb/train/Trainer.h"

#include "TrainingSession.h"

#include "dwb/runtime/Runtime.h"
#include "dwb/train/RunLock.h"

#include <torch/utils.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace dwb {
namespace {

// A failed run keeps what it had recorded (epochs, model, checkpoint): a failure at epoch 12
// must not lose the first eleven, and --resume can carry it on.
void markFailed(ProjectDb& project, std::int64_t runId)
{
    // Only the status changes: whatever else the run had recorded stays as it was.
    project.setRunStatus(runId, "failed");
}

// Threads: a rank shares its machine's cores with the other ranks on it.
int threadsFor(const TrainingConfig& config, const DistributedSettings* distributed)
{
    if (config.threads > 0 || !distributed || !distributed->enabled())
        return config.threads;
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return std::max(1, cores / std::max(1, distributed->localWorldSize));
}

// Data-parallel: rank 0 creates the run (or names the resumed one) and tells the others.
Result<std::int64_t> agreeOnRun(ProjectDb& project, const TrainingSetup& setup,
                                std::optional<std::int64_t> resumeRun, Collective* collective)
{
    const bool writer = !collective || collective->rank() == 0;
    Result<std::int64_t> runId = resumeRun ? Result<std::int64_t>(*resumeRun)
                                 : writer
                                     ? project.createRun(toText(setup.config), setup.device.str())
                                     : Result<std::int64_t>(0);
    if (!collective)
        return runId;
    const std::string shared = collective->shareText(
        "run", runId ? std::to_string(*runId) : "error: " + runId.error().message);
    if (shared.rfind("error: ", 0) == 0)
        return fail(ErrorCode::InvalidArgument,
                    "rank 0 could not start the run: " + shared.substr(7));
    return std::stoll(shared);
}

// Data-parallel: this rank's collective (on its own CUDA device when it trains on CUDA); none in
// one process.
Result<std::unique_ptr<Collective>> joinRanks(TrainingSetup& setup,
                                              const DistributedSettings* distributed)
{
    if (!distributed || !distributed->enabled())
        return std::unique_ptr<Collective>();
    if (setup.device.is_cuda())
        setup.device =
            c10::Device(c10::kCUDA, static_cast<c10::DeviceIndex>(distributed->localRank));
    return Collective::connect(*distributed, setup.device);
}

Result<TrainingResult> start(ProjectDb& project, const TrainingConfig& config,
                             std::optional<std::int64_t> resumeRun,
                             const std::filesystem::path& checkpoint, CancellationToken& token,
                             TrainingObserver* observer, const DistributedSettings* distributed)
{
    configureRuntime(threadsFor(config, distributed));
    auto setup = prepareTraining(project, config, token, observer);
    if (!setup)
        return std::unexpected(setup.error());
    // Every rank has read its samples (the slow part) before they meet.
    auto collective = joinRanks(*setup, distributed);
    if (!collective)
        return std::unexpected(collective.error());
    const bool writer = !*collective || (*collective)->rank() == 0;
    std::optional<TrainingSession> session;
    std::int64_t runId = 0;
    try {
        auto agreed = agreeOnRun(project, *setup, resumeRun, collective->get());
        if (!agreed)
            return std::unexpected(agreed.error());
        runId = *agreed;
        // Held while this process trains the run: others see it running, or else interrupted
        // (dwb/train/RunLock.h), and cannot train it at the same time.
        auto lock = writer ? RunLock::acquire(runFolder(project.path(), runId))
                           : Result<RunLock>(fail(ErrorCode::NotFound, "not the writer"));
        if (writer && !lock)
            return std::unexpected(lock.error());
        {
            // Weights start from the seed (the data order is seeded per epoch in trainEpoch),
            // drawn from torch's one generator: one run at a time draws from it.
            static std::mutex drawing;
            std::lock_guard drawingLock(drawing);
            torch::manual_seed(config.seed);
            session.emplace(project, std::move(*setup), runId, token, writer ? observer : nullptr,
                            collective->get());
        }
        if (resumeRun && !checkpoint.empty())
            if (auto ok = session->restore(checkpoint); !ok)
                return std::unexpected(ok.error());
        auto result = session->run();
        if (!result && writer)
            markFailed(project, runId);
        return result;
    } catch (const RankLostError& e) {
        // The epochs completed so far stay: rank 0 keeps the last one's checkpoint.
        if (writer && session) {
            (void)session->keepLastCheckpoint();
            markFailed(project, runId);
        }
        return fail(ErrorCode::RankLost,
                    std::string(e.what()) + "; run " + std::to_string(runId) +
                        " stopped after its last completed epoch: continue it with --resume " +
                        std::to_string(runId) + " (with any number of processes)");
    } catch (const std::exception& e) {
        if (writer && runId > 0)
            markFailed(project, runId);
        return fail(ErrorCode::Internal, std::string("training failed: ") + e.what());
    }
}

// A run stopped before its first checkpoint has nothing to continue from: it starts again from
// its first epoch, with its own configuration and id, its partial curves dropped.
Result<TrainingResult> restart(ProjectDb& project, const RunRecord& run, int epochs, double minutes,
                               CancellationToken& token, TrainingObserver* observer,
                               const DistributedSettings* distributed)
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
    if (!distributed || distributed->writer())
        if (auto ok = project.dropEpochsFrom(run.id, 0); !ok)
            return std::unexpected(ok.error());
    return start(project, *config, run.id, {}, token, observer, distributed);
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
                                    CancellationToken& token, TrainingObserver* observer,
                                    const DistributedSettings* distributed)
{
    return start(project, config, std::nullopt, {}, token, observer, distributed);
}

Result<TrainingResult> Trainer::resume(ProjectDb& project, std::int64_t runId, int epochs,
                                       CancellationToken& token, TrainingObserver* observer,
                                       double minutes, const DistributedSettings* distributed)
{
    auto run = project.run(runId);
    if (!run)
        return std::unexpected(run.error());
    const auto folder = runFolder(project.path(), runId);
    // Rank 0 of a data-parallel run holds the lock: the other ranks do not look.
    if ((!distributed || distributed->writer()) && runIsActive(folder))
        return fail(ErrorCode::InvalidArgument,
                    "run " + std::to_string(runId) + " is being trained now by another process");
    // The project may not name a checkpoint written just before a kill: the file checks itself.
    const auto checkpoint = run->checkpointPath.empty()
                                ? folder / "checkpoint.pt"
                                : project.path().parent_path() / run->checkpointPath;
    if (!std::filesystem::exists(checkpoint))
        return restart(project, *run, epochs, minutes, token, observer, distributed);
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
    return start(project, config, runId, checkpoint, token, observer, distributed);
}

} // namespace dwb
