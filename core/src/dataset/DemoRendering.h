#pragma once

// Rendering of the demo dataset's surfaces and defects, private to DemoGenerator.cpp. Everything
// random comes from dwb::Rng and every filter is written out here rather than taken from
// OpenCV, whose float paths differ between CPU dispatch levels: the pixels then depend only on
// the seed.

#include "dwb/core/Random.h"

#include <opencv2/core/mat.hpp>

namespace dwb::demo {

// Every defect pixel differs from the background by at least this many grey levels, so that a
// pixel lies in a mask exactly when the rendering changed it.
inline constexpr double kMinContrast = 8.0;

// A brushed or ground metal surface (CV_8UC1). Its values stay far enough from 0 and 255 that
// adding a defect's change never saturates below kMinContrast.
cv::Mat renderBackground(Rng& rng, cv::Size size);

// Each draws one defect at a random place: inside the returned binary mask (CV_8UC1, 0/255) it
// sets `image` to `background` plus the defect's change, and leaves every other pixel alone.
// Later defects thus replace earlier ones where they overlap instead of cancelling them.
cv::Mat renderPit(Rng& rng, const cv::Mat& background, cv::Mat& image);
cv::Mat renderScratch(Rng& rng, const cv::Mat& background, cv::Mat& image);
cv::Mat renderPatch(Rng& rng, const cv::Mat& background, cv::Mat& image);

} // namespace dwb::demo
