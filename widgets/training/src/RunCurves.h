#pragma once

#include "dwb/core/Error.h"
#include "dwb/storage/ProjectTypes.h"
#include "dwb/train/TrainingSummary.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace dwb {

class ProjectDb;

// What the training charts plot of one epoch. Per-class vectors are in class-bit order.
struct EpochPoint {
    int epoch = 0; // 0-based
    double lambda = 0;
    double trainTotal = 0, trainCls = 0, trainSeg = 0;
    double valTotal = 0, valCls = 0, valSeg = 0;
    std::vector<double> classLoss; // validation: lambda * cls + (1 - lambda) * seg
    std::vector<double> classIou;  // pixel IoU on the validation split
    std::vector<double> classAp;   // average precision on the validation split
    double seconds = 0;
    double imagesPerSecond = 0;
    double score = 0;    // the validation selection score
    bool scored = false; // the score is known (runs before selection stored none)
    bool best = false;   // the best score so far: the run's model became this epoch's
};

// The curves of one run: live from the worker's epochs or loaded from the project.
struct RunCurves {
    std::int64_t runId = 0; // 0: none
    std::vector<EpochPoint> epochs;
    std::vector<int> augmentEpochs; // guided-crop triggers: the first epoch trained with each set

    // Adds or replaces (a resumed run repeats nothing, but a reload may) the epoch's point.
    void add(const EpochSummary& summary);
    void addAugmentation(int epoch);
    // The latest epoch marked best (0-based); -1 when none is.
    int bestEpoch() const;
};

// The run's epochs, validation metrics and augmentation triggers as stored. An epoch is marked
// best when its stored selection score beats every earlier one, as training marks it.
Result<RunCurves> loadRunCurves(const ProjectDb& project, std::int64_t runId);

// One line per epoch: epoch (1-based), lambda, the six losses, then per class its validation
// loss, IoU and AP, then whether guided-crop augmentation fired before it.
QString curvesToCsv(const RunCurves& curves, const std::vector<ClassInfo>& classes);

} // namespace dwb
