#pragma once

// What training reports: torch-free, for observers, the CLI, the GUI and the database.

#include "dwb/eval/Metrics.h"
#include "dwb/storage/ProjectTypes.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dwb {

struct ClassLoss {
    double cls = 0;
    double seg = 0;
};

struct LossBreakdown {
    std::vector<ClassLoss> perClass;
    double cls = 0;   // mean over classes
    double seg = 0;   // mean over classes
    double total = 0; // lambda * cls + (1 - lambda) * seg
};

struct EpochSummary {
    int epoch = 0; // 0-based
    int epochs = 0;
    double lambda = 0;
    LossBreakdown train;
    LossBreakdown validation;
    MetricsReport metrics; // on the validation split
    double seconds = 0;
    double imagesPerSecond = 0; // training images per second of this epoch
    double score = 0;           // the validation selection score (dwb/eval/Calibration.h)
    bool best = false;          // the best epoch so far: the run's model is now this epoch's
    double learningRate = 0;    // at the epoch's last batch
    bool partial = false;       // the time budget ended it before its last batch
};

struct BatchProgress {
    int epoch = 0;
    int epochs = 0;
    int batch = 0; // 1-based
    int batches = 0;
    double loss = 0;
    double learningRate = 0;
    double lambda = 0;
    double progress = 0;    // of the whole run, in [0, 1]: epochs or time budget used
    double elapsed = 0;     // seconds of training and validation so far, resumed parts included
    double budget = 0;      // the time budget in seconds; 0: none
    double etaSeconds = -1; // estimated seconds to the end of the run; -1: not known yet
};

struct RunStart {
    std::int64_t runId = 0;
    std::string device;
    int threads = 0;
    int firstEpoch = 0;
    std::size_t trainSamples = 0;
    std::size_t validationSamples = 0;
    int inputHeight = 0;
    int inputWidth = 0;
    int pool = 0;
    double budgetSeconds = 0; // 0: the run lasts its epochs
    int patchSize = 0;        // 0: whole images
};

// The validation loss of each class of a stored epoch, as the guided-crop sampler weighs it:
// lambda * classification + (1 - lambda) * segmentation, indexed by class bit. Nothing unless
// the record has a row for every one of `classes` classes.
inline std::optional<std::vector<double>> classValidationLosses(const RunEpochRecord& record,
                                                                int classes)
{
    std::vector<double> losses(static_cast<std::size_t>(classes), 0.0);
    int found = 0;
    for (const LossRow& row : record.validation)
        if (row.classBit >= 0 && row.classBit < classes) {
            losses[static_cast<std::size_t>(row.classBit)] =
                record.lambda * row.cls + (1 - record.lambda) * row.seg;
            ++found;
        }
    if (found != classes)
        return std::nullopt;
    return losses;
}

// One guided-crop trigger: the synthetic set made for the training set from `epoch` on.
struct AugmentEvent {
    int epoch = 0;                     // 0-based: the first epoch trained with the set
    std::string mode;                  // where the probabilities came from (samplerModeName)
    std::vector<double> probabilities; // per class, as used
    std::vector<int> generated;        // per class: synthetic images whose mask shows it
    int images = 0;
    double seconds = 0; // generating the images
    int lossEpoch = -1; // the epoch whose validation losses guided it; -1: none yet
};

// Receives progress from the training thread. Implementations must be thread-safe with respect to
// whoever reads what they collect; they must not block for long.
class TrainingObserver {
public:
    virtual ~TrainingObserver() = default;
    virtual void onStarted(const RunStart&) {}
    virtual void onBatch(const BatchProgress&) {}
    virtual void onEpoch(const EpochSummary&) {}
    virtual void onAugment(const AugmentEvent&) {}
    virtual void onMessage(const std::string&) {}
};

} // namespace dwb
