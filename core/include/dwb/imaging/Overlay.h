#pragma once

// Class masks drawn over their image for people to look at: each class outlined in its colour.

#include "dwb/core/Error.h"

#include <opencv2/core/mat.hpp>

#include <string>
#include <vector>

namespace dwb {

// 255 on the ring `width` pixels wide (8-connected steps) just outside the non-zero pixels of
// `binary` (CV_8UC1), 0 elsewhere: an outline that leaves the outlined pixels themselves visible.
cv::Mat outerRing(const cv::Mat& binary, int width);

// `image` (8-bit grey, BGR or BGRA) as an 8-bit BGR picture with each class c of `classMask`
// (CV_16UC1, the image's size) outlined in colours[c] ("#rrggbb"): a ring `width` pixels wide
// just outside the class's pixels, so that a defect of a few pixels stays visible inside it.
// InvalidArgument for a mask of another size or type, or a colour that is not "#rrggbb".
Result<cv::Mat> drawClassOutlines(const cv::Mat& image, const cv::Mat& classMask,
                                  const std::vector<std::string>& colours, int width = 2);

} // namespace dwb
