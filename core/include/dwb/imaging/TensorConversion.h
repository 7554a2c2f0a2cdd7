#pragma once

// The one place where OpenCV images become torch tensors and back. Torch: include only where
// needed.

#include <ATen/core/Tensor.h>
#include <opencv2/core/mat.hpp>

#include <cstdint>

namespace dwb {

// CV_8UC1 or CV_8UC3 (BGR) image -> float tensor C x H x W in [0, 1], owning its memory. Colour
// images keep OpenCV's BGR order (the model sees what it was trained on).
at::Tensor imageToTensor(const cv::Mat& image);

// CV_16UC1 class mask -> float tensor classes x H x W of 0 and 1.
at::Tensor classMaskToTensor(const cv::Mat& mask, int classes);

// bool or 0/1 tensor classes x H x W (on any device) -> CV_16UC1 class mask.
cv::Mat tensorToClassMask(const at::Tensor& binary);

// Single-channel float or bool tensor H x W -> CV_8UC1 image of 0 and 255.
cv::Mat tensorToBinaryImage(const at::Tensor& binary);

} // namespace dwb
