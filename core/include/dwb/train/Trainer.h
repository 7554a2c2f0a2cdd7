#pragma once

// Training runs: blocking and Qt-free. The GUI runs them on a worker thread; the CLI on its main
// thread. Torch-free header.

#include "dwb/core/Error.h"
#include "dwb/train/CancellationToken.h"
#include "dwb/train/Distributed.h"
#include "dwb/train/TrainingConfig.h"
#include "dwb/train/TrainingSummary.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace dwb {

class ProjectDb;

// Why a run ended.
enum class StopReason {
    Epochs,    // it trained every epoch asked for
    Budget,    // its time budget was used
    Patience,  // the validation score stopped improving (early stopping)
    Cancelled, // it was asked to stop
};

const char* stopReasonName(StopReason reason);

struct TrainingResult {
    std::int64_t runId = 0;
    int epochsCompleted = 0;
    bool cancelled = false;
    StopReason stopReason = StopReason::Epochs;
    int bestEpoch = -1;      // 0-based epoch whose weights the model file holds; -1: none validated
    double bestScore = 0;    // its validation selection score
    bool calibrated = false; // the model file holds per-class thresholds from the validation split
    std::filesystem::path lastModelPath;  // the last epoch's weights when they are not the model's
    std::filesystem::path modelPath;      // absolute
    std::filesystem::path checkpointPath; // absolute
    EpochSummary last;                    // the last completed epoch (validation metrics)
    double seconds = 0;
    // Guided-crop augmentation, when the configuration asks for it.
    int augmentations = 0;     // triggers during this call
    int syntheticImages = 0;   // images they generated
    double augmentSeconds = 0; // time spent generating them
    // Data-parallel training (dwb/train/Distributed.h).
    int ranks = 1;
    std::string backend;              // "gloo" or "nccl"; empty in one process
    double bytesExchangedPerStep = 0; // payload this rank sent into collectives, per step
    bool writer = true;               // false on ranks other than 0: they wrote nothing
};

class Trainer {
public:
    // Trains a new run on the project's train split, validating each epoch on its val split.
    // Stores the run, its configuration, per-epoch per-class losses and metrics in the project
    // and the model and checkpoint files beside it. Cancelling checkpoints the last completed
    // epoch and returns normally with `cancelled` set.
    //
    // With `distributed` settings of more than one rank, this process is one rank of a
    // data-parallel run (docs/distributed.md): every rank calls run (or resume) with the same
    // project and configuration; rank 0 alone writes, and the others return its run's id.
    static Result<TrainingResult> run(ProjectDb& project, const TrainingConfig& config,
                                      CancellationToken& token,
                                      TrainingObserver* observer = nullptr,
                                      const DistributedSettings* distributed = nullptr);

    // Continues a run from its checkpoint up to `epochs` epochs in all (0: the run's own count),
    // or, for a budgeted run, up to `minutes` of budget in all (0: its own), on the same curve as
    // if it had never stopped. Any number of ranks may continue a run trained by any other.
    static Result<TrainingResult> resume(ProjectDb& project, std::int64_t runId, int epochs,
                                         CancellationToken& token,
                                         TrainingObserver* observer = nullptr, double minutes = 0,
                                         const DistributedSettings* distributed = nullptr);
};

// The folder of a run's files: <project folder>/<project name>.runs/run-<id>.
std::filesystem::path runFolder(const std::filesystem::path& projectPath, std::int64_t runId);

// Beside a run's model.pt (its best epoch): the last epoch's weights, when they differ.
inline constexpr const char* kLastModelFile = "last-model.pt";

} // namespace dwb
