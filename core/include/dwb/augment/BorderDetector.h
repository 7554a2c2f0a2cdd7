#pragma once

// Finds the bands of near-constant dark (or saturated) background along an image's edges, as in
// Magnetic Tile crops and Severstal strips. The augmenter never scrolls an image along an axis
// with such a band, because wrapping would drag the band into the middle of the surface.

#include <opencv2/core/mat.hpp>

namespace dwb {

struct BorderSides {
    bool top = false;
    bool bottom = false;
    bool left = false;
    bool right = false;

    // Whether a horizontal (left-right) or vertical (up-down) scroll is allowed.
    bool allowsHorizontalShift() const { return !left && !right; }
    bool allowsVerticalShift() const { return !top && !bottom; }
    bool operator==(const BorderSides&) const = default;
};

struct BorderConfig {
    int depth = 2;              // outermost rows/columns that must all look like background
    double maxStdDev = 6.0;     // grey-level spread within one such line
    double darkLevel = 40.0;    // a line whose mean is at or below this is dark background
    double brightLevel = 250.0; // ... or at or above this: saturated background
};

// Which sides of a CV_8UC1 or CV_8UC3 image carry a border: each of the `depth` outermost lines
// of that side is near-constant (standard deviation <= maxStdDev) and dark or saturated.
BorderSides detectBorders(const cv::Mat& image, const BorderConfig& config = {});

} // namespace dwb
