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

namespace dwb {

class ProjectDb;

struct EvaluateRunOptions {
    std::string device = "auto"; // auto, cpu, cuda or cuda:N
    int threads = 0;             // torch intra-op threads; 0 leaves them as they are
    int batchSize = 8;
    std::optional<double> threshold; // decision threshold; the model's when unset
    const std::atomic<bool>* cancel = nullptr;
};

struct EvaluationReport {
    std::int64_t runId = 0;
    Split split = Split::Test;
    std::string device; // the device it ran on, as torch names it
    double threshold = 0.5;
    LossBreakdown loss;
    MetricsReport metrics;
    std::size_t cached = 0; // images whose predictions were cached
    double seconds = 0;     // the evaluation's forward passes
};

// Loads the run's model, evaluates it on the split's samples, stores the metrics with the run
// (epoch -1) and every image's predictions as the cache of (runId, split), replacing an earlier
// one. Fails when the run has no model, the split is empty or unassigned, or on cancel.
Result<EvaluationReport> evaluateRun(ProjectDb& project, std::int64_t runId, Split split,
                                     const EvaluateRunOptions& options = {});

} // namespace dwb
