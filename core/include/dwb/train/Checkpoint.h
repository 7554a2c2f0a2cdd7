#pragma once

// Training checkpoints: model and optimizer state, the next epoch, the configuration. Torch:
// include only where needed.

#include "dwb/core/Error.h"
#include "dwb/model/Can.h"
#include "dwb/train/TrainingConfig.h"

#include <torch/optim/adam.h>

#include <filesystem>
#include <string>

namespace dwb {

// Where a run stands between two epochs, beyond its weights: what a resumed run needs to go on
// on the same curve (its time budget, guided-crop triggers and best epoch so far).
struct RunProgress {
    int nextEpoch = 0;
    double seconds = 0;        // training and validation time used so far
    int augmentSets = 0;       // guided-crop sets made so far
    int lastAugmentEpoch = -1; // the epoch the current synthetic set was made for; -1: none
    double bestScore = -1;     // the best validation selection score; -1: none yet
    int bestEpoch = -1;        // its epoch
    double reserveSeconds = 0; // what a budgeted run keeps back for its last validation
};

// A checkpoint serialised in memory, so that a cancel can write the last completed epoch's state.
struct CheckpointBytes {
    std::string bytes;
    int nextEpoch = 0;
};

Result<CheckpointBytes> snapshot(Can& model, torch::optim::Adam& optimizer,
                                 const RunProgress& progress, const TrainingConfig& config);
Status writeCheckpoint(const std::filesystem::path& path, const CheckpointBytes& checkpoint);

struct CheckpointState {
    int nextEpoch = 0;
    TrainingConfig config;
    RunProgress progress; // checkpoints of older versions hold only nextEpoch
};

// Reads the configuration and next epoch only.
Result<CheckpointState> readCheckpointState(const std::filesystem::path& path);
// Restores model and optimizer (already built with the checkpoint's configuration).
Result<CheckpointState> restoreCheckpoint(const std::filesystem::path& path, Can& model,
                                          torch::optim::Adam& optimizer, const c10::Device& device);

} // namespace dwb
