#pragma once

// The built-in demo dataset: procedurally rendered metal surfaces with three classes of small
// defects and exact masks, sized so that a small segmentation net trains on it on a laptop CPU
// within about a minute.

#include "dwb/core/Error.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dwb {

struct DemoConfig {
    std::uint64_t seed = 2024;
    int imageCount = 160;
    cv::Size imageSize{128, 128};
    double defectFreeShare = 0.25;
};

struct DemoImage {
    cv::Mat image; // CV_8UC1
    cv::Mat mask;  // CV_16UC1 class mask: bit c set where class c is (dwb/imaging/ClassMask.h)
};

struct DemoDatasetInfo {
    int images = 0;
    int defectFree = 0;
    std::vector<int> perClass; // images holding each class, in bit order
};

// The demo's classes in mask-bit order: "Pit", "Scratch", "Patch".
const std::vector<std::string>& demoClassNames();

// InvalidArgument unless imageCount >= 1, the size is at least 32x32 and the share is in [0, 1].
Status validateDemoConfig(const DemoConfig& config);

// Whether image `index` is rendered without defects. Within every run of 16 consecutive images
// the count follows defectFreeShare as closely as whole numbers allow.
bool isDemoImageDefectFree(const DemoConfig& config, int index);

// Image `index` of the demo set; depends only on (config.seed, index, config.imageSize,
// config.defectFreeShare). Requires a valid config and index >= 0 (else throws cv::Exception).
DemoImage generateDemoImage(const DemoConfig& config, int index);

// The defect-free surface under image `index`: equal to the image wherever its mask is empty,
// and at least a few grey levels away from it wherever the mask is set.
cv::Mat generateDemoBackground(const DemoConfig& config, int index);

// Writes a label-folder dataset into `dir`, which must be absent or empty (so that no stale mask
// from an earlier run can label a new image): images/demo_NNN.png, masks/<Class>/demo_NNN.png
// (binary 0/255, only for the classes present in that image) and classes.txt (one class name
// per line, in bit order). IoError names the path that could not be written.
Result<DemoDatasetInfo> writeDemoDataset(const std::filesystem::path& dir,
                                         const DemoConfig& config);

} // namespace dwb
