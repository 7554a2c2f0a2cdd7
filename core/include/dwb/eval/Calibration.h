#pragma once

// Per-class thresholds calibrated on a validation split, and the score that picks a run's best
// epoch. Plain C++; the evaluator fills the histograms (dwb/eval/Evaluator.h). Definitions in
// docs/metrics.md.

#include "dwb/eval/Metrics.h"

#include <cstdint>
#include <vector>

namespace dwb {

// Bins of the pixel-probability histograms: bin k holds probabilities in [k / B, (k + 1) / B).
inline constexpr int kThresholdBins = 100;

// The pixel probabilities of one class over a split.
struct PixelHistogram {
    std::vector<std::int64_t> all;   // kThresholdBins: every pixel
    std::vector<std::int64_t> truth; // kThresholdBins: the class's true pixels

    PixelHistogram();
};

struct IouChoice {
    double threshold = 0.5;
    double iou = 0; // pooled pixel IoU at that threshold (1 when nothing is true or predicted)
};

// The pixel threshold k / B (k = 1 .. B - 1) with the highest pooled IoU, ties going to the one
// nearest 0.5; `fallback` (with its IoU) when the class has no true pixels.
IouChoice bestIouThreshold(const PixelHistogram& histogram, double fallback);

// The image-level threshold of class `c` with the highest F1 of results[i][c], placed halfway
// between the lowest score taken and the highest left out; `fallback` when the class has no
// positive image or no threshold gives a true positive.
double bestF1Threshold(const std::vector<std::vector<ImageClassResult>>& results, std::size_t c,
                       double fallback);

struct ClassThresholds {
    std::vector<double> image; // per class: present when the image score > image[c]
    std::vector<double> pixel; // per class: a pixel is the class's when its probability > pixel[c]
};

// Both kinds for every class.
ClassThresholds calibrateThresholds(const std::vector<std::vector<ImageClassResult>>& results,
                                    const std::vector<PixelHistogram>& histograms, double fallback);

// What picks a run's best epoch: the mean over the classes with positives of
// (AP + best-threshold pooled pixel IoU) / 2, so that ranking and segmentation count alike and
// neither depends on a threshold chosen later. 0 when no class has positives.
double selectionScore(const MetricsReport& metrics, const std::vector<PixelHistogram>& histograms);

} // namespace dwb
