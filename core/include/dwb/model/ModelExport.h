#pragma once

// Exports a trained model for deployment: model.onnx (the folded CAN, dynamic batch) and
// model.json (DeploymentMeta.h), then runs the file through OpenCV's DNN module on real images
// and compares its outputs with LibTorch's. Torch: include only where needed.

#include "dwb/core/Error.h"
#include "dwb/model/DeploymentMeta.h"
#include "dwb/model/ModelFile.h"
#include "dwb/model/RunExport.h"

#include <filesystem>
#include <vector>

namespace dwb {

// Writes `outDir`/model.onnx and model.json (creating `outDir`), then compares the two runtimes
// on `images` (decoded and resized to the model's input as predict does; unreadable ones are
// skipped). When no image could be compared, or the largest difference of logits exceeds
// `tolerance`, both files are removed and the call fails (Internal, with the numbers). Files
// are written beside and renamed, so a reader never sees half of one.
Result<ExportReport> exportOnnx(const LoadedModel& model, const ModelSource& source,
                                const std::vector<std::filesystem::path>& images,
                                const std::filesystem::path& outDir,
                                double tolerance = kExportTolerance);

} // namespace dwb
