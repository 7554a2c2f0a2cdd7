#pragma once

// Evaluates a stored run's model on a split of its project, as `dwb eval` does: blocking and
// Qt-free, for the CLI's main thread and the GUI's worker threads. Torch-free header.

#include "dwb/core/Error.h"
#include "dwb/eval/Metrics.h"
#include "dwb/storage/ProjectTypes.h"
#include "dwb/train/TrainingSummary.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dwb {

class ProjectDb;

struct EvaluateRunOptions {
    std::string device = "auto"; // auto, cpu, cuda or cuda:N
    int threads = 0;             // torch intra-op threads; 0 leaves them as they are
    int batchSize = 8;
    // One decision threshold for everything; unset: the model's own (its per-class calibrated
    // thresholds when it has them).
    std::optional<double> threshold;
    bool lastModel = false; // the run's last epoch instead of its best (when they differ)
    const std::atomic<bool>* cancel = nullptr;
};

struct EvaluationReport {
    std::int64_t runId = 0;
    Split split = Split::Test;
    std::string device; // the device it ran on, as torch names it
    double threshold = 0.5;
    std::vector<double> pixelThresholds; // per class (the image-level ones are the metrics')
    bool calibrated = false;             // the thresholds are the model's calibrated ones
    int modelEpoch = -1;                 // the 0-based epoch of the weights; -1: unknown
    LossBreakdown loss;
    MetricsReport metrics;
    std::size_t cached = 0; // images whose predictions were cached
    double seconds = 0;     // the evaluation's forward passes
};

// Loads the run's model (its best epoch unless options.lastModel), evaluates it on the split's
// samples, stores the metrics with the run (epoch -1) and every image's predictions as the cache of
// (runId, split), replacing an earlier one. Fails when the run has no model, the split is empty or
// unassigned, or on cancel.
Result<EvaluationReport> evaluateRun(ProjectDb& project, std::int64_t runId, Split split,
                                     const EvaluateRunOptions& options = {});

} // namespace dwb
