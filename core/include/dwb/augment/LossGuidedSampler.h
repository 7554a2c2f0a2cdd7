#pragma once

// Chooses the class of each new synthetic image: more images for the classes the model finds
// hardest (highest validation loss), but never none for any class.

#include "dwb/core/Error.h"
#include "dwb/core/Random.h"

#include <cstdint>
#include <span>
#include <vector>

namespace dwb {

struct SamplerConfig {
    // Weights are (loss / max loss)^(1 / temperature): 1 is proportional to the loss, larger
    // values flatten towards uniform, smaller ones sharpen towards the worst class.
    double temperature = 1.0;
    // Share of the probability mass spread evenly over all classes, so that every class keeps
    // at least floor / classCount: p = floor / K + (1 - floor) * weight / sum(weights).
    double floor = 0.2;
};

// Where the current probabilities came from.
enum class SamplerMode {
    InverseFrequency, // before any validation: 1 / (training images holding the class)
    ValidationLoss,   // from the latest per-class validation losses
    Fixed,            // weights given by the user
};

const char* samplerModeName(SamplerMode mode);

class LossGuidedSampler {
public:
    // Starts in InverseFrequency mode from the training images per class (a class with no
    // images gets weight 0 before the floor). InvalidArgument on a bad config or no classes.
    static Result<LossGuidedSampler> create(std::span<const int> imagesPerClass,
                                            const SamplerConfig& config = {});

    // Switches to ValidationLoss mode. InvalidArgument unless there is one finite, non-negative
    // loss per class; all-zero losses give uniform probabilities.
    Status setValidationLosses(std::span<const double> losses);
    // Switches to Fixed mode with the given non-negative weights (one per class, not all zero);
    // the floor still applies.
    Status setFixedWeights(std::span<const double> weights);

    SamplerMode mode() const { return m_mode; }
    int classCount() const { return static_cast<int>(m_probabilities.size()); }
    // One probability per class, summing to 1.
    const std::vector<double>& probabilities() const { return m_probabilities; }
    // A class drawn with probabilities().
    int sampleClass(Rng& rng) const;

private:
    LossGuidedSampler(SamplerConfig config, std::vector<double> probabilities)
        : m_config(config)
        , m_probabilities(std::move(probabilities))
    {
    }
    void applyWeights(std::span<const double> weights);

    SamplerConfig m_config;
    std::vector<double> m_probabilities;
    SamplerMode m_mode = SamplerMode::InverseFrequency;
};

// An index drawn with probability weights[i] / sum(weights) (one uniform draw); -1 when every
// weight is zero or the span is empty.
int drawWeighted(std::span<const double> weights, Rng& rng);

} // namespace dwb
