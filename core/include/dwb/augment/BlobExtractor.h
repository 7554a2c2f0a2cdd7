#pragma once

// Defect blobs: the 8-connected components of one class's ground-truth pixels in a class mask
// (dwb/imaging/ClassMask.h). The guided-crop augmenter pastes blobs, and its provenance names
// them by (sample, class, blob id).

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <vector>

namespace dwb {

struct Blob {
    int id = 0;         // position among the class's blobs, in raster order of their first pixel
    int classIndex = 0; // the class whose pixels form the blob
    cv::Rect box;       // bounding box in the mask
    cv::Mat pixels;     // CV_8UC1 of the box's size: 255 on the blob, 0 elsewhere (own data)
    int area = 0;       // pixels on the blob
};

// The blobs of class `classIndex` (0..kMaxClasses-1) in a CV_16UC1 class mask; other inputs are a
// programming error (cv::Exception), as in ClassMask.h. Ids run 0..n-1 in the raster order of
// each blob's first pixel, so they do not depend on OpenCV's labelling algorithm.
std::vector<Blob> extractBlobs(const cv::Mat& classMask, int classIndex);

// The blobs of every class whose bit is set in `classes`, class by class in bit order.
std::vector<Blob> extractBlobs(const cv::Mat& classMask, std::uint32_t classes, int classCount);

} // namespace dwb
