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

// A checkpoint serialised in memory, so that a cancel can write the last completed epoch's state.
struct CheckpointBytes {
    std::string bytes;
    int nextEpoch = 0;
};

Result<CheckpointBytes> snapshot(Can& model, torch::optim::Adam& optimizer, int nextEpoch,
                                 const TrainingConfig& config);
Status writeCheckpoint(const std::filesystem::path& path, const CheckpointBytes& checkpoint);

struct CheckpointState {
    int nextEpoch = 0;
    TrainingConfig config;
};

// Reads the configuration and next epoch only.
Result<CheckpointState> readCheckpointState(const std::filesystem::path& path);
// Restores model and optimizer (already built with the checkpoint's configuration).
Result<CheckpointState> restoreCheckpoint(const std::filesystem::path& path, Can& model,
                                          torch::optim::Adam& optimizer, const c10::Device& device);

} // namespace dwb
