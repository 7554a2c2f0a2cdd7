#include "dwb/augment/GuidedCropAugmenter.h"

#include "GuidedCropRender.h"
#include "dwb/augment/LossGuidedSampler.h"
#include "dwb/imaging/ClassMask.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>
#include <thread>

namespace dwb {

// The random decisions for one image, drawn before anything is rendered.
struct GuidedCropAugmenter::Plan {
    Provenance provenance;
    std::size_t base = 0;
    DefectLayout layout;
    std::vector<detail::ResolvedPaste> resolved; // parallel to provenance.pastes
};

namespace {

Status validateConfig(const AugmentConfig& config)
{
    for (const JitterRange* range : {&config.cropJitter, &config.finalJitter})
        if (!(range->brightness >= 0) || !(range->contrastMin > 0) ||
            !(range->contrastMin <= range->contrastMax))
            return fail(ErrorCode::InvalidArgument,
                        "jitter needs brightness >= 0 and 0 < contrast min <= contrast max");
    if (!(config.flipProbability >= 0 && config.flipProbability <= 1))
        return fail(ErrorCode::InvalidArgument, "flip probability must be in [0, 1]");
    if (!(config.maxShiftFraction >= 0 && config.maxShiftFraction <= 1))
        return fail(ErrorCode::InvalidArgument, "maximum shift fraction must be in [0, 1]");
    if (config.fallbackTries < 1)
        return fail(ErrorCode::InvalidArgument, "fallback tries must be at least 1");
    return {};
}

Status validatePool(const std::vector<PreparedSample>& pool, int classCount)
{
    if (classCount < 1 || classCount > kMaxClasses)
        return fail(ErrorCode::InvalidArgument, "the augmenter needs 1 to 16 classes");
    if (pool.empty())
        return fail(ErrorCode::InvalidArgument, "the augmenter needs at least one training image");
    const cv::Size size = pool.front().image.size();
    const int type = pool.front().image.type();
    if (type != CV_8UC1 && type != CV_8UC3)
        return fail(ErrorCode::InvalidArgument, "the augmenter needs 8-bit grey or colour images");
    for (const PreparedSample& sample : pool) {
        const std::string name = "sample " + std::to_string(sample.id);
        if (sample.image.size() != size || sample.image.type() != type || size.area() == 0)
            return fail(ErrorCode::InvalidArgument,
                        name + " differs in size or type from the rest of the pool");
        if (sample.mask.size() != size || sample.mask.type() != kClassMaskType)
            return fail(ErrorCode::InvalidArgument, name + " has no class mask of its size");
    }
    return {};
}

ColourJitter drawJitter(const JitterRange& range, Rng& rng)
{
    ColourJitter jitter;
    jitter.brightness = rng.uniform(-range.brightness, range.brightness);
    jitter.contrast = rng.uniform(range.contrastMin, range.contrastMax);
    return jitter;
}

std::size_t pick(std::size_t count, Rng& rng)
{
    return static_cast<std::size_t>(rng.uniformInt(0, static_cast<std::int64_t>(count) - 1));
}

std::uint64_t splitMix(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

} // namespace

Result<GuidedCropAugmenter> GuidedCropAugmenter::create(std::vector<PreparedSample> pool,
                                                        int classCount, const AugmentConfig& config)
{
    if (auto ok = validateConfig(config); !ok)
        return std::unexpected(ok.error());
    if (auto ok = validatePool(pool, classCount); !ok)
        return std::unexpected(ok.error());
    GuidedCropAugmenter augmenter;
    augmenter.m_config = config;
    augmenter.m_classCount = classCount;
    augmenter.m_sources.resize(static_cast<std::size_t>(classCount));
    std::vector<DefectLayout> layouts;
    for (std::size_t i = 0; i < pool.size(); ++i) {
        const PreparedSample& sample = pool[i];
        const std::uint32_t present = presentClassBits(sample.mask);
        auto& blobs = augmenter.m_blobs.emplace_back(static_cast<std::size_t>(classCount));
        DefectLayout layout;
        for (int c = 0; c < classCount; ++c) {
            if (!(present & (1u << c)))
                continue;
            blobs[static_cast<std::size_t>(c)] = extractBlobs(sample.mask, c);
            augmenter.m_sources[static_cast<std::size_t>(c)].push_back(i);
            augmenter.m_available |= 1u << c;
            layout.classBits |= 1u << c;
            layout.blobCount += static_cast<int>(blobs[static_cast<std::size_t>(c)].size());
        }
        layouts.push_back(layout);
        if (present == 0 && sample.labels == 0)
            augmenter.m_defectFree.push_back(i);
        augmenter.m_borders.push_back(detectBorders(sample.image, config.borders));
    }
    if (augmenter.m_available == 0)
        return fail(ErrorCode::InvalidArgument,
                    "no training image has a defect blob to crop (all masks are empty)");
    augmenter.m_table = DefectLayoutTable::fromLayouts(layouts);
    augmenter.m_pool = std::move(pool);
    return augmenter;
}

std::uint64_t GuidedCropAugmenter::imageSeed(std::uint64_t batchSeed, int index)
{
    const auto stream = splitMix(batchSeed) + static_cast<std::uint64_t>(index);
    return splitMix(stream) & ((std::uint64_t{1} << 53) - 1);
}

Result<SyntheticSample> GuidedCropAugmenter::generate(std::span<const double> classProbabilities,
                                                      std::uint64_t seed,
                                                      SyntheticTrace* trace) const
{
    if (std::cmp_not_equal(classProbabilities.size(), m_classCount))
        return fail(ErrorCode::InvalidArgument, "expected " + std::to_string(m_classCount) +
                                                    " class probabilities, got " +
                                                    std::to_string(classProbabilities.size()));
    std::vector<double> restricted(classProbabilities.begin(), classProbabilities.end());
    for (std::size_t c = 0; c < restricted.size(); ++c) {
        if (!std::isfinite(restricted[c]) || restricted[c] < 0)
            return fail(ErrorCode::InvalidArgument, "class probabilities must be non-negative");
        if (!(m_available & (1u << c)))
            restricted[c] = 0;
    }

    Rng rng(seed);
    Plan plan;
    Provenance& p = plan.provenance;
    p.seed = seed;
    p.width = m_pool.front().image.cols;
    p.height = m_pool.front().image.rows;
    p.classProbabilities.assign(classProbabilities.begin(), classProbabilities.end());
    p.primaryClass = drawWeighted(restricted, rng);
    if (p.primaryClass < 0)
        return fail(ErrorCode::InvalidArgument,
                    "no class with a positive probability has a blob in the training images");
    plan.layout = m_table.sampleLayout(p.primaryClass, m_available, rng);
    p.layoutBits = plan.layout.classBits;
    p.baseDefective = m_defectFree.empty();
    plan.base =
        p.baseDefective ? pick(m_pool.size(), rng) : m_defectFree[pick(m_defectFree.size(), rng)];
    p.baseSampleId = m_pool[plan.base].id;
    choosePastes(plan, rng);
    chooseTransforms(plan, rng);
    return detail::renderSynthetic(p, m_pool[plan.base], plan.resolved, trace);
}

void GuidedCropAugmenter::choosePastes(Plan& plan, Rng& rng) const
{
    std::vector<int> classes;
    for (int c = 0; c < m_classCount; ++c)
        if (plan.layout.classBits & (1u << c))
            classes.push_back(c);
    // At least one blob per class; the layout's extra blobs go to random classes.
    std::vector<int> counts(classes.size(), 1);
    for (int extra = plan.layout.blobCount - static_cast<int>(classes.size()); extra > 0; --extra)
        ++counts[pick(classes.size(), rng)];

    for (std::size_t k = 0; k < classes.size(); ++k) {
        const auto c = static_cast<std::size_t>(classes[k]);
        const std::size_t source = m_sources[c][pick(m_sources[c].size(), rng)];
        const std::vector<Blob>& blobs = m_blobs[source][c];
        // A random subset of the source's blobs: a partial Fisher-Yates shuffle of their ids.
        std::vector<std::size_t> ids(blobs.size());
        std::iota(ids.begin(), ids.end(), std::size_t{0});
        const std::size_t take = std::min(static_cast<std::size_t>(counts[k]), ids.size());
        for (std::size_t i = 0; i < take; ++i) {
            std::swap(ids[i], ids[i + pick(ids.size() - i, rng)]);
            planPaste(plan, source, blobs[ids[i]], rng);
        }
    }
    // Random priority: shuffle the paste order, a later paste covering earlier ones.
    auto& pastes = plan.provenance.pastes;
    for (std::size_t i = pastes.size(); i > 1; --i) {
        const std::size_t j = pick(i, rng);
        std::swap(pastes[i - 1], pastes[j]);
        std::swap(plan.resolved[i - 1], plan.resolved[j]);
    }
}

void GuidedCropAugmenter::planPaste(Plan& plan, std::size_t source, const Blob& blob,
                                    Rng& rng) const
{
    PasteRecord paste;
    paste.sourceSampleId = m_pool[source].id;
    paste.classIndex = blob.classIndex;
    paste.blobId = blob.id;
    paste.crop = blob.box;
    if (m_config.rotate) {
        const cv::Size image = m_pool.front().image.size();
        const cv::Size turned = detail::rotatedSize(blob.box.size(), 1);
        const bool quarterFits = turned.width <= image.width && turned.height <= image.height;
        paste.rotation =
            static_cast<int>(quarterFits ? rng.uniformInt(0, 3) : 2 * rng.uniformInt(0, 1));
    }
    paste.position =
        choosePosition(plan, detail::rotatedSize(blob.box.size(), paste.rotation), rng);
    paste.jitter = drawJitter(m_config.cropJitter, rng);
    plan.provenance.pastes.push_back(paste);
    plan.resolved.push_back({&m_pool[source], &blob});
}

cv::Point GuidedCropAugmenter::choosePosition(const Plan& plan, cv::Size size, Rng& rng) const
{
    const cv::Mat& baseMask = m_pool[plan.base].mask;
    // On a defective base (the fallback) keep clear of its own defects when a try allows.
    const int tries = plan.provenance.baseDefective ? m_config.fallbackTries : 1;
    cv::Point position;
    for (int t = 0; t < tries; ++t) {
        position = {static_cast<int>(rng.uniformInt(0, baseMask.cols - size.width)),
                    static_cast<int>(rng.uniformInt(0, baseMask.rows - size.height))};
        if (!plan.provenance.baseDefective ||
            cv::countNonZero(baseMask(cv::Rect(position, size))) == 0)
            break;
    }
    return position;
}

void GuidedCropAugmenter::chooseTransforms(Plan& plan, Rng& rng) const
{
    Provenance& p = plan.provenance;
    p.borders = m_borders[plan.base];
    p.flipHorizontal = rng.chance(m_config.flipProbability);
    p.flipVertical = rng.chance(m_config.flipProbability);
    const auto maxShift = [&](int size) {
        return static_cast<std::int64_t>(std::floor(m_config.maxShiftFraction * size));
    };
    p.shiftMode = m_config.shiftMode;
    if (p.shiftMode != ShiftMode::None && p.borders.allowsHorizontalShift()) {
        const auto m = maxShift(p.width);
        p.shiftX = static_cast<int>(rng.uniformInt(-m, m));
    }
    if (p.shiftMode != ShiftMode::None && p.borders.allowsVerticalShift()) {
        const auto m = maxShift(p.height);
        p.shiftY = static_cast<int>(rng.uniformInt(-m, m));
    }
    p.finalJitter = drawJitter(m_config.finalJitter, rng);
}

Result<std::vector<SyntheticSample>>
GuidedCropAugmenter::generateMany(std::span<const double> classProbabilities, int count,
                                  std::uint64_t seed, unsigned threads) const
{
    if (count < 0)
        return fail(ErrorCode::InvalidArgument, "image count must not be negative");
    if (count == 0)
        return std::vector<SyntheticSample>{};
    // The first image checks the arguments; the rest cannot fail after it.
    auto first = generate(classProbabilities, imageSeed(seed, 0));
    if (!first)
        return std::unexpected(first.error());
    std::vector<SyntheticSample> samples(static_cast<std::size_t>(count));
    samples[0] = std::move(*first);
    const unsigned workers = std::clamp(threads, 1u, static_cast<unsigned>(count));
    std::vector<std::jthread> pool;
    for (unsigned w = 0; w < workers; ++w)
        pool.emplace_back([&, w] {
            for (int i = 1 + static_cast<int>(w); i < count; i += static_cast<int>(workers))
                samples[static_cast<std::size_t>(i)] =
                    *generate(classProbabilities, imageSeed(seed, i));
        });
    pool.clear(); // joins
    return samples;
}

} // namespace dwb
