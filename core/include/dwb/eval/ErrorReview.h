#pragma once

// Error review of cached predictions (ProjectDb::predictions) against the ground truth: the
// image-level and blob-level false positives and false negatives of each class at a threshold.
// A pure function of the cache: moving a threshold never runs the model. Definitions in
// docs/metrics.md ("Error review").

#include "dwb/core/Error.h"
#include "dwb/eval/Metrics.h"

#include <opencv2/core/mat.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dwb {

class ProjectDb;

// One sample as the review sees it: what the model predicted and what is true.
struct ReviewSample {
    std::int64_t sampleId = 0;
    std::vector<float> scores;          // per class: image-level probability
    std::vector<cv::Mat> probabilities; // per class: CV_8UC1, round(255 p), all of one size
    std::uint32_t labels = 0;           // bit c: the image holds class c (mask or dataset label)
    cv::Mat truth; // CV_16UC1 class mask at the maps' size; read only when there are maps
};

// An image-level error: the image's score for the class.
struct ImageError {
    std::size_t sample = 0; // index into the reviewed samples
    std::int64_t sampleId = 0;
    float score = 0;
};

// A blob-level error: a predicted blob that touches no true pixel of its class (false positive),
// or a true blob that no predicted pixel touches (false negative). In map pixels.
struct BlobError {
    std::size_t sample = 0;
    std::int64_t sampleId = 0;
    cv::Rect box;
    int area = 0;
    double meanProbability = 0; // mean predicted probability over the blob's pixels
};

struct ClassReview {
    double threshold = 0.5;
    // Image level, decided exactly as computeMetrics does (score > threshold as float).
    std::int64_t tp = 0, fp = 0, fn = 0, tn = 0;
    double precision = 0, recall = 0;       // 0 when the denominator is 0
    std::vector<ImageError> falsePositives; // highest score first, ties by sample order
    std::vector<ImageError> falseNegatives; // lowest score first, ties by sample order
    // Blob level: 8-connected components of (probability > threshold) and of the true mask.
    std::int64_t predictedBlobs = 0, truthBlobs = 0;
    std::vector<BlobError> falsePositiveBlobs; // highest mean probability first
    std::vector<BlobError> falseNegativeBlobs; // lowest mean probability first
};

// The review of class `classIndex` at `threshold`. Every sample must hold classIndex + 1 scores;
// maps, when present, one per class, all of the truth's size. Corrupt otherwise (a cache older
// than a class, or maps that do not fit), InvalidArgument for a class index out of range.
Result<ClassReview> reviewClass(const std::vector<ReviewSample>& samples, int classIndex,
                                double threshold);

// As above, with the image-level decision at `imageThreshold` and the blobs cut from the maps at
// `pixelThreshold` (a calibrated model's two per-class thresholds); `threshold` of the result is
// the image-level one.
Result<ClassReview> reviewClass(const std::vector<ReviewSample>& samples, int classIndex,
                                double imageThreshold, double pixelThreshold);

// reviewClass for every class c at thresholds[c].
Result<std::vector<ClassReview>> reviewErrors(const std::vector<ReviewSample>& samples,
                                              const std::vector<double>& thresholds);

// The metrics of the cached predictions with one threshold per class (thresholds[c]), both kinds
// (Metrics.h): each class exactly as computeMetrics computes it at its own threshold, the means
// by the same rules. Pixel IoU uses the cached maps (the network's mask resolution), so it can
// differ slightly from an evaluation at the input size. `threshold` of the report is the first
// class's. The same errors as reviewClass.
Result<MetricsReport> reviewMetrics(const std::vector<ReviewSample>& samples,
                                    const std::vector<double>& thresholds);
// The same with the pixels of class c cut at pixelThresholds[c] (a calibrated model's), the
// image-level decisions at imageThresholds[c]; as many of each as classes (InvalidArgument
// otherwise).
Result<MetricsReport> reviewMetrics(const std::vector<ReviewSample>& samples,
                                    const std::vector<double>& imageThresholds,
                                    const std::vector<double>& pixelThresholds);

// One point of a class's image-level precision-recall curve: deciding "present" for scores above
// `threshold` gives this precision and recall.
struct PrecisionRecallPoint {
    double threshold = 0;
    double precision = 0;
    double recall = 0;
};

// The curve from the highest score down: one point per distinct score (its threshold just below
// that score), recall rising to 1. Empty when no sample holds the class; the same errors as
// reviewClass.
Result<std::vector<PrecisionRecallPoint>>
precisionRecallCurve(const std::vector<ReviewSample>& samples, int classIndex);

// The cached predictions of (run, split) joined with each sample's latest mask (resized to the
// maps' size, nearest neighbour) and image-level classes. NotFound when nothing is cached.
Result<std::vector<ReviewSample>> loadReviewSamples(const ProjectDb& project, std::int64_t runId,
                                                    const std::string& split);

} // namespace dwb
