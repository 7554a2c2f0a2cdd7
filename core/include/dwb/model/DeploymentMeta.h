#pragma once

// model.json, written beside an exported model.onnx: what a deployment needs to run it (input,
// classes in output-channel order, thresholds, where the model came from). Torch-free.

#include "dwb/core/Error.h"
#include "dwb/model/ModelMeta.h"

#include <string>

namespace dwb {

inline constexpr const char* kDeploymentFormat = "dwb-onnx/1";

// Where an exported model came from.
struct ModelSource {
    std::string project; // the project file's name; empty when unknown
    int run = -1;        // the run's id; -1 when unknown
    std::string programVersion;
};

// The "dwb-onnx/1" document (docs/deploy.md).
std::string deploymentJson(const ModelMeta& meta, const ModelSource& source, bool anySize);

// The model description a "dwb-onnx/1" document gives (for predicting with the ONNX file).
// Corrupt when the text is not such a document or misses what inference needs.
Result<ModelMeta> modelMetaFromDeploymentJson(const std::string& text);

} // namespace dwb
