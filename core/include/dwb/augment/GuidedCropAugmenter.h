#pragma once

// Guided-crop augmentation (Orti, Moreno-Noguer and Puig): new training images made by cutting
// defect blobs out of defective training images and pasting them onto defect-free ones, with
// the classes chosen by a LossGuidedSampler and the layout by a DefectLayoutTable. Every random
// decision is drawn first into a Provenance record; the image is then rendered from that record
// alone, so replay() rebuilds any synthetic image exactly. docs/augmentation.md has the steps.

#include "dwb/augment/BlobExtractor.h"
#include "dwb/augment/BorderDetector.h"
#include "dwb/augment/DefectLayoutTable.h"
#include "dwb/augment/Provenance.h"
#include "dwb/core/Error.h"
#include "dwb/train/SampleSet.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace dwb {

// v' = contrast * (v - mean) + mean + brightness with brightness uniform in [-brightness,
// brightness] and contrast uniform in [contrastMin, contrastMax]; all zero/one turns it off.
struct JitterRange {
    double brightness = 0.0;
    double contrastMin = 1.0;
    double contrastMax = 1.0;
};

struct AugmentConfig {
    JitterRange cropJitter{20.0, 0.8, 1.2};  // per pasted blob
    JitterRange finalJitter{10.0, 0.9, 1.1}; // over the whole image, last
    bool rotate = false;          // quarter turns of each crop (the paper only displaces them)
    double flipProbability = 0.5; // for each axis, after pasting
    // Scroll by up to this fraction of the size, each way, on each axis whose base image has no
    // border on either side; 0 or ShiftMode::None turns shifts off. docs/augmentation.md has
    // the measurement behind the default mode.
    ShiftMode shiftMode = ShiftMode::None;
    double maxShiftFraction = 0.5;
    // Fallback without defect-free images: random positions tried per crop to keep it off the
    // base image's own defects (the last try is used when none is clear).
    int fallbackTries = 30;
    BorderConfig borders;
};

struct SyntheticSample {
    cv::Mat image; // the pool's type and size
    cv::Mat mask;  // CV_16UC1 class mask: exactly what is visible
    std::uint32_t classBits = 0;
    Provenance provenance;
};

// Where each pixel of a synthetic image came from, for tests and inspection.
struct SyntheticTrace {
    cv::Mat paste;       // CV_32SC1: 0 for the base image, i + 1 for provenance.pastes[i]
    cv::Mat sourcePixel; // CV_32SC1: y * width + x of the pixel in that base or source image
};

class GuidedCropAugmenter {
public:
    // Takes a pool of same-size training samples (shallow copies: the Mats are shared, never
    // written). InvalidArgument when the pool is empty, sizes or types differ, classCount is
    // not in 1..16, or no sample has a blob of any class.
    static Result<GuidedCropAugmenter> create(std::vector<PreparedSample> pool, int classCount,
                                              const AugmentConfig& config = {});

    const AugmentConfig& config() const { return m_config; }
    const DefectLayoutTable& layoutTable() const { return m_table; }
    const std::vector<PreparedSample>& pool() const { return m_pool; }
    int classCount() const { return m_classCount; }
    // Classes with at least one blob in the pool: the only ones that can be pasted.
    std::uint32_t availableClasses() const { return m_available; }
    // Samples with no class at all; 0 means every image uses the fallback base.
    int defectFreeCount() const { return static_cast<int>(m_defectFree.size()); }

    // One image from Rng(seed). `classProbabilities` has one entry per class (a sampler's
    // probabilities()); classes without blobs are left out and the rest renormalised.
    // InvalidArgument when no available class has a positive probability. Thread-safe.
    Result<SyntheticSample> generate(std::span<const double> classProbabilities, std::uint64_t seed,
                                     SyntheticTrace* trace = nullptr) const;
    // `count` images, image i from imageSeed(seed, i), on up to `threads` threads.
    Result<std::vector<SyntheticSample>> generateMany(std::span<const double> classProbabilities,
                                                      int count, std::uint64_t seed,
                                                      unsigned threads = 1) const;
    // A per-image seed below 2^53 (exact in JSON readers) derived from a batch seed and index.
    static std::uint64_t imageSeed(std::uint64_t batchSeed, int index);

private:
    struct Plan;
    GuidedCropAugmenter() = default;
    void choosePastes(Plan& plan, Rng& rng) const;
    void planPaste(Plan& plan, std::size_t source, const Blob& blob, Rng& rng) const;
    cv::Point choosePosition(const Plan& plan, cv::Size size, Rng& rng) const;
    void chooseTransforms(Plan& plan, Rng& rng) const;

    AugmentConfig m_config;
    std::vector<PreparedSample> m_pool;
    int m_classCount = 0;
    std::vector<std::vector<std::vector<Blob>>> m_blobs; // [sample][class] -> blobs
    std::vector<std::vector<std::size_t>> m_sources;     // [class] -> samples with its blobs
    std::vector<std::size_t> m_defectFree;
    std::vector<BorderSides> m_borders; // [sample]
    std::uint32_t m_available = 0;
    DefectLayoutTable m_table;
};

// Rebuilds the image a provenance record describes from the same pool (sample ids looked up;
// blobs found again). NotFound when a sample is missing, Corrupt when the record does not fit
// the pool (size, blob ids, crops, positions). Equal to the original, pixel for pixel.
Result<SyntheticSample> replay(const Provenance& provenance, std::span<const PreparedSample> pool,
                               SyntheticTrace* trace = nullptr);

} // namespace dwb
