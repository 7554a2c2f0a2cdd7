#pragma once

// A class mask is a CV_16UC1 image in which bit c of a pixel marks class c, so that classes may
// overlap. Projects hold at most kMaxClasses classes.

#include "dwb/core/Error.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace dwb {

inline constexpr int kMaxClasses = 16;
inline constexpr int kClassMaskType = CV_16UC1;

// An all-background mask of the given size.
cv::Mat emptyClassMask(cv::Size size);

// The OR of all pixels: bit c is set when class c is present anywhere.
std::uint32_t presentClassBits(const cv::Mat& mask);

// A class mask holding only class `classIndex`, wherever `binary` (CV_8UC1, 0 or 255) is 255.
cv::Mat classMaskFromBinary(const cv::Mat& binary, int classIndex);

// Sets bit `classIndex` wherever `binary` (CV_8UC1) is non-zero.
void addClassPixels(cv::Mat& mask, const cv::Mat& binary, int classIndex);

// CV_8UC1 image that is 255 where the mask holds class `classIndex`, else 0.
cv::Mat classPixels(const cv::Mat& mask, int classIndex);

// Moves each bit b of the mask to bit mapping[b]; mapping must cover every set bit.
cv::Mat remapClassBits(const cv::Mat& mask, std::span<const int> mapping);

// Lossless PNG: 8-bit when every value fits, else 16-bit.
Result<std::vector<std::uint8_t>> encodeClassMaskPng(const cv::Mat& mask);

// Decodes what encodeClassMaskPng wrote, always as CV_16UC1.
Result<cv::Mat> decodeClassMaskPng(std::span<const std::uint8_t> png);

} // namespace dwb
