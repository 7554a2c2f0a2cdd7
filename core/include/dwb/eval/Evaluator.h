#pragma once

// Runs a model over prepared samples without gradients: per-class losses, per-(image, class)
// results and metrics. Torch: include only where needed.

#include "dwb/eval/Calibration.h"
#include "dwb/eval/Metrics.h"
#include "dwb/model/Can.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/train/SampleSet.h"
#include "dwb/train/TrainingSummary.h"

#include <atomic>
#include <vector>

namespace dwb {

class ProgressiveLoss;

struct Evaluation {
    LossBreakdown loss;
    std::vector<std::vector<ImageClassResult>> results; // [sample][class]
    MetricsReport metrics;
    std::vector<PixelHistogram> histograms; // per class, over the samples
    double seconds = 0;
};

struct EvaluationOptions {
    int batchSize = 8;
    double threshold = 0.5;
    // Per class, when given (as many as classes): the image-level and the pixel thresholds that
    // replace `threshold` (calibrated ones, dwb/eval/Calibration.h).
    std::vector<double> imageThresholds;
    std::vector<double> pixelThresholds;
    double lambda = 0.5;
    bool mixedPrecision = false;
    const std::atomic<bool>* cancel = nullptr;
    // When set, receives every sample's cache record (dwb/eval/PredictionCache.h), in the
    // samples' order, from the same forward passes.
    std::vector<PredictionRecord>* predictions = nullptr;
};

Result<Evaluation> evaluate(Can& model, const std::vector<PreparedSample>& samples, int classes,
                            const ProgressiveLoss& loss, const at::Device& device,
                            const EvaluationOptions& options);

} // namespace dwb
