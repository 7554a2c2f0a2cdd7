#include "dwb/train/TrainingSchedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace dwb {
namespace {

// Half a cosine from 1 (t = 0) to `floor` (t = 1).
double cosineFall(double t, double floor)
{
    return floor + (1.0 - floor) * 0.5 * (1.0 + std::cos(std::numbers::pi * std::clamp(t, 0., 1.)));
}

// One-cycle warms up over 30% of the run unless told otherwise, from a 25th of the peak rate.
constexpr double kOneCycleWarmup = 0.3;
constexpr double kOneCycleStart = 1.0 / 25.0;

} // namespace

double learningRateFactor(const TrainingConfig& config, double progress)
{
    const double p = std::clamp(progress, 0.0, 1.0);
    switch (config.lrSchedule) {
    case LearningRateSchedule::Constant:
        return config.warmup > 0 && p < config.warmup ? p / config.warmup : 1.0;
    case LearningRateSchedule::Cosine:
        if (config.warmup > 0 && p < config.warmup)
            return p / config.warmup;
        return cosineFall((p - config.warmup) / (1.0 - config.warmup), config.lrFinal);
    case LearningRateSchedule::OneCycle: {
        const double warmup = config.warmup > 0 ? config.warmup : kOneCycleWarmup;
        if (p < warmup)
            return 1.0 - (1.0 - kOneCycleStart) * cosineFall(p / warmup, 0.0);
        return cosineFall((p - warmup) / (1.0 - warmup), config.lrFinal);
    }
    }
    return 1.0;
}

bool augmentationDue(const TrainingConfig& config, double progress, int setsMade)
{
    if (setsMade >= config.augmentSets)
        return false;
    // A little slack, so that a trigger due at exactly j / n is not missed by rounding.
    return progress + 1e-9 >= static_cast<double>(setsMade) / config.augmentSets;
}

double TimeBudget::progress(double elapsed) const
{
    if (!enabled())
        return 0;
    const double usable = std::max(m_seconds - m_reserve, 1e-9);
    return std::clamp(elapsed / usable, 0.0, 1.0);
}

bool TimeBudget::exhausted(double elapsed) const
{
    return enabled() && elapsed + m_reserve >= m_seconds;
}

void TimeBudget::setReserve(double seconds)
{
    // Never more than a third of the budget: a slow validation must not eat the training.
    m_reserve = std::clamp(seconds, 0.0, m_seconds / 3.0);
}

} // namespace dwb
