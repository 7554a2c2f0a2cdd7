#pragma once

// A trained model as one file that loads without its project: weights plus what inference needs
// (network shape, class names and colours, input size, threshold). Torch: include only where
// needed.

#include "dwb/core/Error.h"
#include "dwb/model/Can.h"
#include "dwb/model/ModelMeta.h"

#include <c10/core/Device.h>
#include <torch/serialize/archive.h>

#include <filesystem>
#include <string>
#include <vector>

namespace dwb {

struct LoadedModel {
    Can model{nullptr};
    ModelMeta meta;
};

// A checksum of a module's parameters and buffers (names and bytes, in registration order), on
// any device: 16 hex digits. Model and checkpoint files carry it, and loading checks it, so a
// damaged file is refused rather than run.
std::string weightsChecksum(const torch::nn::Module& module);
// Stores weightsChecksum(module) in an archive; checks a loaded module against the one stored
// (Corrupt naming `path` when they differ; nothing to check in files from before checksums).
void writeWeightsChecksum(torch::serialize::OutputArchive& archive,
                          const torch::nn::Module& module);
Status verifyWeights(const std::filesystem::path& path, torch::serialize::InputArchive& archive,
                     const torch::nn::Module& module);

// Written beside, flushed, renamed (dwb/core/DurableFile.h), with the weights' checksum.
Status saveModel(const std::filesystem::path& path, Can& model, const ModelMeta& meta);
// Loads onto `device`, in evaluation mode. Corrupt when the file is damaged: unreadable, or its
// weights do not match the checksum written with them (files from before checksums have none).
Result<LoadedModel> loadModel(const std::filesystem::path& path, const c10::Device& device);

} // namespace dwb
