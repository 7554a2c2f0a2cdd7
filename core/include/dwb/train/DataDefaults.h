#pragma once

// Settings chosen from the data when the configuration leaves them open (0 or "auto"): what a
// user who trains a dataset the project has never seen gets with no flags. Torch-free.

#include "dwb/train/SampleSet.h"

#include <string>
#include <vector>

namespace dwb {

// The network input for images of many sizes: the median height and width, rounded to a
// multiple of 8 and scaled down (keeping the ratio) to at most kMaxDefaultInputPixels, so that
// neither one odd size nor a few huge images decide it.
inline constexpr double kMaxDefaultInputPixels = 256.0 * 1600.0;
InputShape defaultInputShape(const std::vector<SampleRecord>& samples, int channels);

// The sizes of the defects at the network input: the 8-connected blobs of every class.
struct DefectExtents {
    int blobs = 0;
    double smallSide = 0;   // 10th percentile of the blobs' shorter bounding-box side, in pixels
    double typicalSide = 0; // median of the blobs' longer bounding-box side, in pixels
    double largeSide = 0;   // 90th percentile of the blobs' longer bounding-box side, in pixels
};
DefectExtents defectExtents(const std::vector<PreparedSample>& samples, int classes);

// The paper's pooling rule (CanOptions.h: 2 up to about 400 px a side, else 3), lowered while
// the small defects would shrink below two pixels of the pooled map.
int defaultPool(InputShape shape, const DefectExtents& extents);

// The side of the training crops: twice a typical defect's extent (so a defect and its
// surroundings fit) and at least half the input's shorter side (so that the widely dilated
// layers see context), at least 96 px, rounded up to a multiple of 16; 0 (whole images) when such
// a crop would cover more than half of the input, where crops would save little.
int defaultPatchSize(InputShape shape, const DefectExtents& extents);

} // namespace dwb
