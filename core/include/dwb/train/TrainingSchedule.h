#pragma once

// How a run moves over its course: the learning rate, lambda and the guided-crop triggers as
// functions of its progress, the fraction of its epochs or of its time budget used. Torch-free.

#include "dwb/train/TrainingConfig.h"

namespace dwb {

// The learning rate at `progress` in [0, 1], as a multiple of config.learningRate.
double learningRateFactor(const TrainingConfig& config, double progress);

// Whether a run with a time budget should start a guided-crop set at an epoch that begins at
// `progress`, given how many sets it has made so far: set j is due from progress j / augmentSets.
bool augmentationDue(const TrainingConfig& config, double progress, int setsMade);

// The time of a budgeted run, split so that the last validation and the calibration fit in the
// budget: training stops when the time used plus the reserve for what follows reaches it.
class TimeBudget {
public:
    explicit TimeBudget(double seconds)
        : m_seconds(seconds)
    {
    }

    bool enabled() const { return m_seconds > 0; }
    double seconds() const { return m_seconds; }
    // Progress at `elapsed` seconds, in [0, 1]; the share of the training time available.
    double progress(double elapsed) const;
    // True once training should stop to leave time for the final validation.
    bool exhausted(double elapsed) const;
    // Seconds kept back for the validation and calibration after the last batch (the time the
    // last validation took; before the first, an estimate).
    void setReserve(double seconds);
    double reserve() const { return m_reserve; }

private:
    double m_seconds = 0;
    double m_reserve = 0;
};

} // namespace dwb
