#pragma once

// Defect-aware patch training: where to crop a training image. The CAN is fully convolutional,
// so it can learn from crops while validation and inference see whole images; crops centred on
// defects give the rare defect pixels many times their share of the steps. Torch-free.

#include "dwb/core/Random.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>

namespace dwb {

struct PatchChoice {
    cv::Rect rect;            // inside the image
    bool onDefect = false;    // drawn around a defect pixel, which lies inside it
    cv::Point defect{-1, -1}; // that pixel, when onDefect
};

// Chooses the crop of one sample: with probability `defectShare`, and when the mask has defect
// pixels, around a defect pixel of a class drawn uniformly from the classes present (a uniform
// pixel of that class), placed uniformly within the central half of the crop (or nearer its
// edge where the image ends); otherwise
// anywhere. `size` is clipped to the image. `mask` is a CV_16UC1 class mask.
PatchChoice choosePatch(const cv::Mat& mask, int size, double defectShare, Rng& rng);

// The image-level classes of a crop: the classes with pixels inside it, plus the classes the
// sample is labelled with but whose masks are empty (a label without pixels cannot be placed,
// so it stays with every crop).
std::uint32_t patchLabels(const cv::Mat& mask, const cv::Rect& rect, std::uint32_t sampleLabels);

} // namespace dwb
