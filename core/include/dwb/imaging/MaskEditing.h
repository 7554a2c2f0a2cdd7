#pragma once

// The arithmetic of mask editing, Qt-free: what a brush stroke, an eraser, a flood fill and a
// polygon change in a class mask (CV_16UC1, bit c = class c; ClassMask.h), and the diffs that
// make each edit undoable. The editor widgets only translate mouse input into these calls.

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace dwb {

// The pixels an edit touches: a CV_8UC1 0/255 image of `rect`'s size, placed at `rect` in the
// mask. An empty rect means nothing is touched.
struct MaskRegion {
    cv::Rect rect;
    cv::Mat pixels;

    bool empty() const { return rect.empty(); }
    // The number of touched pixels.
    int area() const;
};

// A disc of the given diameter (at least 1 pixel) at each point and the segments between
// consecutive points, clipped to `size`. Diameter 1 is a one-pixel, 8-connected line.
MaskRegion strokeRegion(std::span<const cv::Point> points, int diameter, cv::Size size);

// The filled polygon (its edges included), clipped to `size`; fewer than 3 points give an
// empty region.
MaskRegion polygonRegion(std::span<const cv::Point> points, cv::Size size);

// Flood fill of one class plane: the 4-connected pixels around `seed` whose bit `classIndex`
// equals the seed's. Filling inside a class outline gives its interior; filling on the class
// gives the class blob under the seed (for erasing it). Empty when the seed is outside.
MaskRegion floodRegion(const cv::Mat& mask, cv::Point seed, int classIndex);

// The values a region had before and after an edit, enough to apply or revert it.
struct MaskDiff {
    cv::Rect rect;
    cv::Mat before; // CV_16UC1, rect's size
    cv::Mat after;  // CV_16UC1, rect's size

    bool empty() const { return rect.empty(); }
    // Changed pixels only count: an edit that changes nothing has an empty diff.
    int changedPixels() const;
    // Writes `after` (apply) or `before` (revert) into the mask at rect.
    void apply(cv::Mat& mask) const;
    void revert(cv::Mat& mask) const;
};

// The diff between two masks of the same size, on the bounding rectangle of the pixels that
// differ (empty when none do). An editor keeps the mask from before a brush stroke and makes
// the whole stroke one undoable diff with this.
MaskDiff diffMasks(const cv::Mat& before, const cv::Mat& after);

// Sets (paint) or clears (erase) bit `classIndex` on the region's pixels, in place, and returns
// the diff; the diff's rect is shrunk to the pixels that changed (empty when none did).
MaskDiff paintRegion(cv::Mat& mask, const MaskRegion& region, int classIndex, bool erase);

} // namespace dwb
