#pragma once

// Exporting a project's run for deployment (ModelExport.h has the whole story): what the window
// and the command line call. Torch-free.

#include "dwb/core/Error.h"

#include <cstdint>
#include <filesystem>
#include <string>
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

// Up to `count` of the project's images, validation split first, then test, train and unassigned:
// what an export is checked on when no images are given.
Result<std::vector<std::filesystem::path>> exportCheckImages(const std::filesystem::path& project,
                                                             std::size_t count);

// Exports run `runId` of `project` (its model file, the project's images to check on): what
// `dwb export P.dwb` and the Train page's Export ONNX do. NotFound when the run has no model.
Result<ExportReport> exportRun(const std::filesystem::path& project, std::int64_t runId,
                               const std::filesystem::path& outDir, std::size_t checkCount,
                               const std::string& programVersion,
                               double tolerance = kExportTolerance);

} // namespace dwb
