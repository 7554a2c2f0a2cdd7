#pragma once

#include <cstdint>
#include <vector>

// Evaluation metrics from cached per-(image, class) results; definitions in docs/metrics.md.

namespace dwb {

// What the model did on one class of one image.
struct ImageClassResult {
    float score = 0;               // image-level probability of the class (sigmoid of max logit)
    bool label = false;            // ground truth: the image holds the class
    std::int64_t intersection = 0; // pixels both predicted (prob > threshold) and true
    std::int64_t predicted = 0;    // pixels predicted
    std::int64_t truth = 0;        // pixels true
};

struct ClassMetrics {
    // Standard metrics.
    double ap = 0; // area under the image-level precision-recall curve; 0 when positives == 0
    double precision = 0, recall = 0, f1 = 0; // image level, decision score > threshold; 0/0 = 0
    std::int64_t tp = 0, fp = 0, fn = 0, tn = 0;
    double pixelIou = 0; // sum of intersections / sum of unions over the split; 0/0 = 1
    // Paper-comparable metrics (our reading of the Guided-Crop paper's Table I).
    double decisionAccuracy = 0; // mean over images of [(score > threshold) == label]
    double pairIou = 0;          // mean over images of IoU, empty versus empty counted as 1
    double presentIou = 0;       // mean IoU over images with label true; 0 when positives == 0
    std::int64_t positives = 0;  // images with label true; 0 means ap and presentIou are "n/a"

    bool hasPositives() const { return positives > 0; }
};

struct MetricsReport {
    double threshold = 0.5;         // the first class's image-level threshold
    std::vector<double> thresholds; // per class: the image-level decision threshold
    std::vector<ClassMetrics> perClass;
    // Means over classes of the standard metrics; meanAp only over classes with positives.
    double meanAp = 0, meanPrecision = 0, meanRecall = 0, meanF1 = 0, meanPixelIou = 0;
    // Paper-comparable "all classes" columns, means over all (image, class) pairs.
    double paperMap = 0;       // decision correctness
    double paperMiou = 0;      // IoU, empty versus empty = 1
    double meanPresentIou = 0; // mean of presentIou over classes with positives
    std::int64_t images = 0;
    std::int64_t classesWithPositives = 0; // 0 means meanAp and meanPresentIou are "n/a"
};

// IoU of one (image, class) pair: intersection / (predicted + truth - intersection), with
// nothing predicted and nothing true counted as 1.
double pairIou(const ImageClassResult& result);

// Metrics of results[i][c] (image i, class c) at an image-level decision threshold (a class is
// predicted present when score > threshold). Pixel counts are taken as given, so re-scoring cached
// results at another threshold only moves the image-level metrics. Every row must have the same
// number of classes (std::invalid_argument otherwise).
MetricsReport computeMetrics(const std::vector<std::vector<ImageClassResult>>& results,
                             double threshold);
// The same with an image-level threshold per class (thresholds[c]; as many as classes, or one
// for all).
MetricsReport computeMetrics(const std::vector<std::vector<ImageClassResult>>& results,
                             const std::vector<double>& thresholds);

} // namespace dwb
