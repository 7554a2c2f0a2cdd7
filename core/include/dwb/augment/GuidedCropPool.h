#pragma once

// A project's training images prepared once for guided-crop generation, with the choices of
// class probabilities that the Guided Crop page and `dwb augment` offer. Headless: the page and
// the command only present what it makes.

#include "dwb/augment/GuidedCropAugmenter.h"
#include "dwb/augment/LossGuidedSampler.h"
#include "dwb/core/Error.h"
#include "dwb/train/SampleSet.h"

#include <atomic>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace dwb {

class ProjectDb;

// Where the class probabilities of a batch come from.
enum class ClassWeighting {
    InverseFrequency, // what training uses before its first validation
    LatestRun,        // the latest run's last per-class validation losses
    Manual,           // one weight per class, used as given (no floor under them)
};

struct GuidedCropPoolOptions {
    // The images' size; by default the train split's (defaultInputShape: the median size).
    std::optional<InputShape> shape;
    // > 0: the default size is shrunk (keeping its ratio) so its longer side is at most this.
    int maxSide = 0;
    // A project without a train split uses every sample (a preview); otherwise it is an error.
    bool anySplitWithoutTrain = false;
    AugmentConfig augment;
};

class GuidedCropPool {
public:
    // Reads the project's classes and train split, decodes the images at the chosen size and
    // finds their blobs. InvalidArgument when the project has no classes, no train split (unless
    // allowed) or no blob of any class; the errors of prepareSamples() otherwise.
    static Result<GuidedCropPool> prepare(const ProjectDb& project,
                                          const GuidedCropPoolOptions& options = {},
                                          const std::atomic<bool>* cancel = nullptr);

    const std::vector<ClassInfo>& classes() const { return m_classes; }
    int classCount() const { return static_cast<int>(m_classes.size()); }
    InputShape shape() const { return m_shape; }
    const GuidedCropAugmenter& augmenter() const { return m_augmenter; }
    const std::vector<int>& imagesPerClass() const { return m_imagesPerClass; }
    // The latest run with validation losses for every class; 0 when there is none.
    std::int64_t latestRun() const { return m_latestRun; }

    // The sampler for a weighting. InvalidArgument for LatestRun without such a run, and for
    // Manual weights that are not one non-negative number per class, not all zero.
    Result<LossGuidedSampler> sampler(ClassWeighting weighting,
                                      std::span<const double> manualWeights = {}) const;
    // `count` images, image i from GuidedCropAugmenter::imageSeed(seed, i), on `threads`
    // threads (0: every core).
    Result<std::vector<SyntheticSample>> generate(const LossGuidedSampler& sampler, int count,
                                                  std::uint64_t seed, unsigned threads = 0) const;

    // A pool image by sample id; nullptr when it is not in the pool.
    const PreparedSample* sample(std::int64_t id) const;
    // A sample's name (any split); empty when unknown.
    std::string sampleName(std::int64_t id) const;

private:
    GuidedCropPool(GuidedCropAugmenter augmenter)
        : m_augmenter(std::move(augmenter))
    {
    }

    GuidedCropAugmenter m_augmenter;
    std::vector<ClassInfo> m_classes;
    InputShape m_shape;
    std::vector<int> m_imagesPerClass;
    std::unordered_map<std::int64_t, std::size_t> m_indexOf;
    std::unordered_map<std::int64_t, std::string> m_names;
    std::vector<double> m_latestLosses;
    std::int64_t m_latestRun = 0;
};

} // namespace dwb
