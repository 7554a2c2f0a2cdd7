#pragma once

// COCO's run-length encoding of binary masks, as its reference API (pycocotools' maskApi.c)
// defines it: runs over the pixels in column-major order, alternately background and foreground,
// starting with background (a mask whose first pixel is set starts with a run of 0), and the
// compressed string form of those counts. Torch-free.

#include "dwb/core/Error.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace dwb {

// Runs of `mask` (CV_8UC1, non-zero = foreground), column by column.
std::vector<std::uint32_t> cocoRleCounts(const cv::Mat& mask);

// The CV_8UC1 0/1 mask of `counts` at height x width; BadRle when the runs do not add up to the
// image.
Result<cv::Mat> cocoRleDecode(const std::vector<std::uint32_t>& counts, int height, int width);

// The compressed string form ("counts" as a string in a COCO file): each count, less the count
// two before it from the fourth on, in 5-bit groups with a continuation bit, offset by 48.
std::string cocoRleString(const std::vector<std::uint32_t>& counts);
// BadRle when the string is malformed (a character outside the alphabet, a negative or
// overflowing count, a group cut short).
Result<std::vector<std::uint32_t>> cocoRleFromString(const std::string& text);

} // namespace dwb
