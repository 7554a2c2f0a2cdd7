#pragma once

// A trained model as one file that loads without its project: weights plus what inference needs
// (network shape, class names and colours, input size, threshold). Torch: include only where
// needed.

#include "dwb/core/Error.h"
#include "dwb/model/Can.h"

#include <c10/core/Device.h>

#include <filesystem>
#include <string>
#include <vector>

namespace dwb {

struct ModelMeta {
    CanOptions options;
    std::vector<std::string> classNames;
    std::vector<std::string> classColors;
    int inputHeight = 0;
    int inputWidth = 0;
    double threshold = 0.5;
};

struct LoadedModel {
    Can model{nullptr};
    ModelMeta meta;
};

std::string toText(const ModelMeta& meta);
Result<ModelMeta> modelMetaFromText(const std::string& text);

Status saveModel(const std::filesystem::path& path, Can& model, const ModelMeta& meta);
// Loads onto `device`, in evaluation mode.
Result<LoadedModel> loadModel(const std::filesystem::path& path, const c10::Device& device);

} // namespace dwb
