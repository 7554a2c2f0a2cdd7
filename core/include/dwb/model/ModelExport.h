#pragma once

// Exports a trained model for deployment: model.onnx (the folded CAN, dynamic batch) and
// model.json (DeploymentMeta.h), then runs the file through OpenCV's DNN module on real images
// and compares its outputs with LibTorch's. Torch: include only where needed.

#include "dwb/core/Error.h"
#include "dwb/model/DeploymentMeta.h"
#include "dwb/model/ModelFile.h"

#include <filesystem>
#include <vector>

namespace dwb {

// The largest absolute difference of logits the export accepts between the two runtimes. Both
// compute in float32, with different convolution kernels and summation orders, through 14
// layers: differences of 1e-5 to 1e-4 are rounding; a wrong graph gives differences of 1 and
// more.
inline constexpr double kExportTolerance = 1e-3;

struct ExportReport {
    std::filesystem::path onnxFile;
    std::filesystem::path jsonFile;
    bool anySize = false; // the graph takes any multiple of the pooling (onnxTakesAnySize)
    int imagesCompared = 0;
    double maskDifference = 0;  // largest |LibTorch - ONNX| over every mask logit compared
    double imageDifference = 0; // the same over the image logits
    double scoreDifference = 0; // the same over the image scores (sigmoid of the logits)
    double largestLogit = 0;    // the largest |mask logit| seen, for scale
    double exportSeconds = 0;   // writing model.onnx and model.json
    double checkSeconds = 0;    // the comparison
};

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
