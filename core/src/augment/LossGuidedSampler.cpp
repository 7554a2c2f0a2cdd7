#include "dwb/augment/LossGuidedSampler.h"

#include "dwb/imaging/ClassMask.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace dwb {
namespace {

Status checkWeights(std::span<const double> values, std::size_t classes, const char* what)
{
    if (values.size() != classes)
        return fail(ErrorCode::InvalidArgument, std::string(what) + ": expected " +
                                                    std::to_string(classes) + " values, got " +
                                                    std::to_string(values.size()));
    for (std::size_t c = 0; c < values.size(); ++c)
        if (!std::isfinite(values[c]) || values[c] < 0)
            return fail(ErrorCode::InvalidArgument, std::string(what) + " of class " +
                                                        std::to_string(c) +
                                                        " must be a finite, non-negative number");
    return {};
}

} // namespace

const char* samplerModeName(SamplerMode mode)
{
    switch (mode) {
    case SamplerMode::InverseFrequency:
        return "inverse-frequency";
    case SamplerMode::ValidationLoss:
        return "validation-loss";
    case SamplerMode::Fixed:
        return "fixed";
    }
    return "unknown";
}

int drawWeighted(std::span<const double> weights, Rng& rng)
{
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    if (!(total > 0))
        return -1;
    const double target = rng.uniform() * total;
    double cumulative = 0;
    int last = -1;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (weights[i] <= 0)
            continue;
        cumulative += weights[i];
        last = static_cast<int>(i);
        if (target < cumulative)
            return last;
    }
    return last; // rounding left target at the very top
}

Result<LossGuidedSampler> LossGuidedSampler::create(std::span<const int> imagesPerClass,
                                                    const SamplerConfig& config)
{
    if (imagesPerClass.empty() || imagesPerClass.size() > static_cast<std::size_t>(kMaxClasses))
        return fail(ErrorCode::InvalidArgument, "the sampler needs 1 to 16 classes");
    if (!(config.temperature > 0) || !std::isfinite(config.temperature))
        return fail(ErrorCode::InvalidArgument, "sampler temperature must be positive");
    if (!(config.floor >= 0 && config.floor <= 1))
        return fail(ErrorCode::InvalidArgument, "sampler floor must be in [0, 1]");
    std::vector<double> weights(imagesPerClass.size(), 0.0);
    for (std::size_t c = 0; c < weights.size(); ++c)
        weights[c] = imagesPerClass[c] > 0 ? 1.0 / imagesPerClass[c] : 0.0;
    LossGuidedSampler sampler(config, std::vector<double>(weights.size(), 0.0));
    sampler.applyWeights(weights);
    return sampler;
}

void LossGuidedSampler::applyWeights(std::span<const double> weights)
{
    const auto classes = static_cast<double>(weights.size());
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    for (std::size_t c = 0; c < weights.size(); ++c) {
        // All-zero weights (every loss zero, or no class has images) carry no preference.
        const double share = total > 0 ? weights[c] / total : 1.0 / classes;
        m_probabilities[c] = m_config.floor / classes + (1.0 - m_config.floor) * share;
    }
}

Status LossGuidedSampler::setValidationLosses(std::span<const double> losses)
{
    if (auto ok = checkWeights(losses, m_probabilities.size(), "validation loss"); !ok)
        return ok;
    const double highest = *std::ranges::max_element(losses);
    std::vector<double> weights(losses.size(), 0.0);
    if (highest > 0)
        for (std::size_t c = 0; c < losses.size(); ++c)
            weights[c] = std::pow(losses[c] / highest, 1.0 / m_config.temperature);
    applyWeights(weights);
    m_mode = SamplerMode::ValidationLoss;
    return {};
}

Status LossGuidedSampler::setFixedWeights(std::span<const double> weights)
{
    if (auto ok = checkWeights(weights, m_probabilities.size(), "class weight"); !ok)
        return ok;
    if (std::ranges::all_of(weights, [](double w) { return w == 0; }))
        return fail(ErrorCode::InvalidArgument, "at least one class weight must be positive");
    applyWeights(weights);
    m_mode = SamplerMode::Fixed;
    return {};
}

int LossGuidedSampler::sampleClass(Rng& rng) const
{
    return drawWeighted(m_probabilities, rng);
}

} // namespace dwb
