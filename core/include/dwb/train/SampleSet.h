#pragma once

#include "dwb/core/Error.h"
#include "dwb/storage/ProjectTypes.h"

#include <opencv2/core/mat.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace dwb {

class ProjectDb;

struct InputShape {
    int height = 0;
    int width = 0;
    int channels = 1;
};

// A sample decoded and resized to the network's input once, so that epochs never decode again.
struct PreparedSample {
    std::int64_t id = 0;
    cv::Mat image;            // CV_8UC1 or CV_8UC3, input size
    cv::Mat mask;             // CV_16UC1 class mask, input size (nearest neighbour)
    std::uint32_t labels = 0; // image-level classes (mask classes plus dataset labels)
};

// The project's samples of one split, in id order.
Result<std::vector<SampleRecord>> samplesOfSplit(const ProjectDb& project, Split split);

// Reads each sample's latest mask, decodes its image (on all cores), converts it to `shape`'s
// channels and resizes both. An unreadable image is an error naming the file.
Result<std::vector<PreparedSample>> prepareSamples(const ProjectDb& project,
                                                   const std::vector<SampleRecord>& samples,
                                                   InputShape shape,
                                                   const std::atomic<bool>* cancel = nullptr);

// The images of each class among `samples` (bit c of `labels` is class c): what inverse class
// frequency counts.
std::vector<int> imagesPerClass(std::span<const PreparedSample> samples, int classCount);

// Resizes one decoded image to the input (area averaging when shrinking).
cv::Mat resizeImage(const cv::Mat& image, InputShape shape);

} // namespace dwb
