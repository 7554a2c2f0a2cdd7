#pragma once

// Training runs: blocking and Qt-free. The GUI runs them on a worker thread; the CLI on its main
// thread. Torch-free header.

#include "dwb/core/Error.h"
#include "dwb/train/CancellationToken.h"
#include "dwb/train/TrainingConfig.h"
#include "dwb/train/TrainingSummary.h"

#include <cstdint>
#include <filesystem>

namespace dwb {

class ProjectDb;

struct TrainingResult {
    std::int64_t runId = 0;
    int epochsCompleted = 0;
    bool cancelled = false;
    std::filesystem::path modelPath;      // absolute
    std::filesystem::path checkpointPath; // absolute
    EpochSummary last;                    // the last completed epoch (validation metrics)
    double seconds = 0;
    // Guided-crop augmentation, when the configuration asks for it.
    int augmentations = 0;     // triggers during this call
    int syntheticImages = 0;   // images they generated
    double augmentSeconds = 0; // time spent generating them
};

class Trainer {
public:
    // Trains a new run on the project's train split, validating each epoch on its val split.
    // Stores the run, its configuration, per-epoch per-class losses and metrics in the project
    // and the model and checkpoint files beside it. Cancelling checkpoints the last completed
    // epoch and returns normally with `cancelled` set.
    static Result<TrainingResult> run(ProjectDb& project, const TrainingConfig& config,
                                      CancellationToken& token,
                                      TrainingObserver* observer = nullptr);

    // Continues a run from its checkpoint up to `epochs` epochs in all (0: the run's own count),
    // on the same curve as if it had never stopped.
    static Result<TrainingResult> resume(ProjectDb& project, std::int64_t runId, int epochs,
                                         CancellationToken& token,
                                         TrainingObserver* observer = nullptr);
};

// The folder of a run's files: <project folder>/<project name>.runs/run-<id>.
std::filesystem::path runFolder(const std::filesystem::path& projectPath, std::int64_t runId);

} // namespace dwb
