#pragma once

// Run-length encoding as in the Kaggle Severstal competition: "start length start length ...",
// starts 1-based, pixels numbered column-major (down each column, then left to right).

#include "dwb/core/Error.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dwb {

struct RleRun {
    std::int64_t start = 0; // 1-based pixel number
    std::int64_t length = 0;
};

// Parses the text of one EncodedPixels field. Rejects an odd number of values, anything that is
// not a positive integer, and runs that are unsorted or overlap. An empty text is no runs.
Result<std::vector<RleRun>> parseRle(std::string_view text);

// Paints the runs into a CV_8UC1 mask of `size` (255 = set). Rejects runs past the last pixel.
Result<cv::Mat> decodeRle(std::span<const RleRun> runs, cv::Size size);

// The runs of the non-zero pixels of a CV_8UC1 mask, as text; "" for an empty mask.
std::string encodeRle(const cv::Mat& binary);

} // namespace dwb
