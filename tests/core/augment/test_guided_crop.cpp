// size: one suite over shared fixtures; each test reads best top to bottom, as a scenario.

#include "dwb/augment/GuidedCropAugmenter.h"
#include "dwb/augment/LossGuidedSampler.h"

#include "AugmentFixtures.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <bit>
#include <cmath>

namespace dwb {
namespace {

const std::vector<double> kUniform = {1.0 / 3, 1.0 / 3, 1.0 / 3};

bool sameImage(const cv::Mat& a, const cv::Mat& b)
{
    return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0.0;
}

GuidedCropAugmenter makeAugmenter(std::vector<PreparedSample> pool, const AugmentConfig& config,
                                  int classes = 3)
{
    auto augmenter = GuidedCropAugmenter::create(std::move(pool), classes, config);
    EXPECT_TRUE(augmenter) << augmenter.error().message;
    return std::move(*augmenter);
}

// Pasted pixels that a later paste of another class covers: where the mask must drop the
// earlier class. Computed from the provenance alone, before flips and shifts.
int countCovered(const Provenance& p, std::span<const PreparedSample> pool)
{
    cv::Mat owner(p.height, p.width, CV_32SC1, cv::Scalar(-1)); // class of the topmost paste
    int covered = 0;
    for (const PasteRecord& paste : p.pastes) {
        const auto source = std::ranges::find(pool, paste.sourceSampleId, &PreparedSample::id);
        cv::Mat pixels = extractBlobs(source->mask, paste.classIndex)[paste.blobId].pixels;
        for (int turn = 0; turn < paste.rotation; ++turn) {
            cv::Mat turned;
            cv::rotate(pixels, turned, cv::ROTATE_90_CLOCKWISE);
            pixels = turned;
        }
        cv::Mat target = owner(cv::Rect(paste.position, pixels.size()));
        for (int y = 0; y < pixels.rows; ++y)
            for (int x = 0; x < pixels.cols; ++x) {
                if (!pixels.at<std::uint8_t>(y, x))
                    continue;
                int& top = target.at<int>(y, x);
                covered += top >= 0 && top != paste.classIndex;
                top = paste.classIndex;
            }
    }
    return covered;
}

struct PoolCase {
    int type;
    cv::Size size;
};

class GuidedCropTrace : public ::testing::TestWithParam<PoolCase> {};

// The core property: every pixel is a base pixel or a pasted blob pixel; the mask there is the
// mask of where it came from, so a pixel marked class c was on a blob of class c; without
// jitter the image pixels are the source's exactly.
TEST_P(GuidedCropTrace, EveryPixelComesFromTheBaseOrABlobOfItsClass)
{
    auto config = test::noJitter();
    config.rotate = true;
    const auto pool = test::mixedPool(GetParam().type, GetParam().size);
    const auto augmenter = makeAugmenter(pool, config);
    int pasted = 0;
    int covered = 0; // pixels where a later paste hides an earlier one of another class
    int twoBits = 0; // pasted pixels carrying two classes from their source
    for (std::uint64_t seed = 0; seed < 60; ++seed) {
        SyntheticTrace trace;
        auto sample = augmenter.generate(kUniform, seed, &trace);
        ASSERT_TRUE(sample) << sample.error().message;
        const auto report = test::checkTrace(*sample, trace, pool);
        EXPECT_EQ(report.maskMismatches, 0) << "seed " << seed;
        EXPECT_EQ(report.imageMismatches, 0) << "seed " << seed;
        EXPECT_EQ(report.wrongClass, 0) << "seed " << seed;
        EXPECT_EQ(report.outsideCrop, 0) << "seed " << seed;
        EXPECT_EQ(report.labelledBase, 0) << "seed " << seed;
        EXPECT_EQ(sample->image.type(), GetParam().type);
        EXPECT_EQ(sample->image.size(), GetParam().size);
        EXPECT_FALSE(sample->provenance.pastes.empty());
        EXPECT_NE(sample->classBits, 0u);
        EXPECT_EQ(sample->classBits, presentClassBits(sample->mask));
        pasted += cv::countNonZero(trace.paste);
        covered += countCovered(sample->provenance, pool);
        for (int y = 0; y < sample->mask.rows; ++y)
            for (int x = 0; x < sample->mask.cols; ++x)
                twoBits += std::popcount(sample->mask.at<std::uint16_t>(y, x)) == 2;
    }
    EXPECT_GT(pasted, 0);
    // The pool makes both cases happen, so the checks above are not vacuous.
    EXPECT_GT(covered, 0);
    EXPECT_GT(twoBits, 0);
}

INSTANTIATE_TEST_SUITE_P(TypesAndSizes, GuidedCropTrace,
                         ::testing::Values(PoolCase{CV_8UC1, {64, 48}}, PoolCase{CV_8UC3, {64, 48}},
                                           PoolCase{CV_8UC1, {41, 63}}),
                         [](const ::testing::TestParamInfo<PoolCase>& param) {
                             const PoolCase& c = param.param;
                             return std::string(c.type == CV_8UC3 ? "colour" : "grey") + "_" +
                                    std::to_string(c.size.width) + "x" +
                                    std::to_string(c.size.height);
                         });

TEST(GuidedCrop, JitterChangesPixelsButNotTheMask)
{
    AugmentConfig config; // default jitter
    const auto pool = test::smallPool();
    const auto augmenter = makeAugmenter(pool, config);
    int changed = 0;
    for (std::uint64_t seed = 0; seed < 10; ++seed) {
        SyntheticTrace trace;
        auto sample = augmenter.generate(kUniform, seed, &trace);
        ASSERT_TRUE(sample);
        const auto report = test::checkTrace(*sample, trace, pool);
        EXPECT_EQ(report.maskMismatches, 0);
        EXPECT_EQ(report.wrongClass, 0);
        changed += report.imageMismatches;
        EXPECT_NE(sample->provenance.finalJitter, ColourJitter{});
    }
    EXPECT_GT(changed, 0);
}

// Where output position i of a line of n reads from, by the definition of each shift mode
// (written out here, independently of the renderer).
int shiftedIndex(ShiftMode mode, int i, int shift, int n)
{
    if (mode == ShiftMode::Wrap)
        return ((i - shift) % n + n) % n;
    int j = i - shift; // Mirror: reflected at both ends, the edge pixel repeated
    while (j < 0 || j >= n)
        j = j < 0 ? -1 - j : 2 * n - 1 - j;
    return j;
}

class GuidedCropShift : public ::testing::TestWithParam<ShiftMode> {};

// Rebuilds the expected output by index arithmetic from the unscrolled image of the same seed
// (the same pastes and flips: the shift is drawn after them): out(y, x) = still(shifted(y),
// shifted(x)).
TEST_P(GuidedCropShift, MaskAndImageStayAlignedThroughFlipsAndShifts)
{
    auto config = test::noJitter();
    config.flipProbability = 0.5;
    const auto pool = test::smallPool();
    config.shiftMode = ShiftMode::None;
    const auto unscrolled = makeAugmenter(pool, config);
    config.shiftMode = GetParam();
    const auto augmenter = makeAugmenter(pool, config);
    int flipped = 0;
    int shifted = 0;
    for (std::uint64_t seed = 0; seed < 24; ++seed) {
        auto sample = augmenter.generate(kUniform, seed);
        auto still = unscrolled.generate(kUniform, seed);
        ASSERT_TRUE(sample && still);
        const Provenance& p = sample->provenance;
        EXPECT_EQ(p.shiftMode, GetParam());
        EXPECT_EQ(p.pastes, still->provenance.pastes);
        const int w = p.width;
        const int h = p.height;
        int misaligned = 0;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const int sy = shiftedIndex(p.shiftMode, y, p.shiftY, h);
                const int sx = shiftedIndex(p.shiftMode, x, p.shiftX, w);
                misaligned +=
                    sample->image.at<std::uint8_t>(y, x) != still->image.at<std::uint8_t>(sy, sx);
                misaligned +=
                    sample->mask.at<std::uint16_t>(y, x) != still->mask.at<std::uint16_t>(sy, sx);
            }
        EXPECT_EQ(misaligned, 0) << "seed " << seed;
        flipped += p.flipHorizontal + p.flipVertical;
        shifted += (p.shiftX != 0) + (p.shiftY != 0);
    }
    EXPECT_GT(flipped, 0);
    EXPECT_GT(shifted, 0);
}

INSTANTIATE_TEST_SUITE_P(Modes, GuidedCropShift,
                         ::testing::Values(ShiftMode::Wrap, ShiftMode::Mirror),
                         [](const ::testing::TestParamInfo<ShiftMode>& mode) {
                             return std::string(shiftModeName(mode.param));
                         });

// By default nothing is scrolled: no seam joins two image edges and no pasted blob is split
// (measured on Magnetic Tile, docs/augmentation.md "Shifts"). Every base pixel of the output
// sits next to the pixels it sat next to in the base image.
TEST(GuidedCrop, DefaultMakesNoSeams)
{
    EXPECT_EQ(AugmentConfig{}.shiftMode, ShiftMode::None);
    auto config = test::noJitter();
    config.flipProbability = 0.5;
    const auto pool = test::smallPool(1);
    const auto augmenter = makeAugmenter(pool, config);
    for (std::uint64_t seed = 0; seed < 24; ++seed) {
        SyntheticTrace trace;
        auto sample = augmenter.generate(kUniform, seed, &trace);
        ASSERT_TRUE(sample);
        const Provenance& p = sample->provenance;
        EXPECT_EQ(p.shiftMode, ShiftMode::None);
        EXPECT_EQ(p.shiftX, 0);
        EXPECT_EQ(p.shiftY, 0);
        const int w = p.width;
        int seams = 0;
        for (int y = 0; y < p.height; ++y)
            for (int x = 1; x < w; ++x)
                if (trace.paste.at<int>(y, x) == 0 && trace.paste.at<int>(y, x - 1) == 0)
                    seams += std::abs(trace.sourcePixel.at<int>(y, x) % w -
                                      trace.sourcePixel.at<int>(y, x - 1) % w) != 1;
        EXPECT_EQ(seams, 0) << "seed " << seed;
        // Pastes stay whole: each is one 8-connected piece unless a later paste covers it.
        if (p.pastes.size() == 1) {
            cv::Mat labels;
            EXPECT_EQ(cv::connectedComponents(trace.paste == 1, labels, 8, CV_32S), 2);
        }
    }
}

TEST_P(GuidedCropShift, ShiftsOnlyAlongAxesWithoutBorders)
{
    auto pool = test::smallPool(0);
    // The only defect-free base has dark bands left and right.
    PreparedSample banded = test::makeSample(99, {64, 48}, 7, {});
    banded.image.colRange(0, 4).setTo(6);
    banded.image.colRange(60, 64).setTo(6);
    pool.push_back(banded);
    auto config = test::noJitter();
    config.flipProbability = 0.5;
    config.shiftMode = GetParam();
    const auto augmenter = makeAugmenter(pool, config);
    int vertical = 0;
    for (std::uint64_t seed = 0; seed < 30; ++seed) {
        SyntheticTrace trace;
        auto sample = augmenter.generate(kUniform, seed, &trace);
        ASSERT_TRUE(sample);
        const Provenance& p = sample->provenance;
        ASSERT_EQ(p.baseSampleId, 99);
        EXPECT_TRUE(p.borders.left && p.borders.right);
        EXPECT_EQ(p.shiftX, 0);
        vertical += p.shiftY != 0;
        // The bands stay at the sides wherever no crop covers them (flips swap them, no shift
        // moves them).
        const cv::Mat bands =
            (sample->image.colRange(0, 4) != 6) & (trace.paste.colRange(0, 4) == 0);
        EXPECT_EQ(cv::countNonZero(bands), 0) << "seed " << seed;
    }
    EXPECT_GT(vertical, 20) << "vertical shifts happen on the borderless axis";

    // A borderless base: both axes shift.
    const auto free = makeAugmenter(test::smallPool(1), config);
    int horizontal = 0;
    for (std::uint64_t seed = 0; seed < 30; ++seed)
        horizontal += free.generate(kUniform, seed)->provenance.shiftX != 0;
    EXPECT_GT(horizontal, 20);
}

// The primary class of each image is drawn from the sampler: over n images its count is
// Binomial(n, p_c), checked within 3 standard deviations. Single-class images here, so the
// visible classes are exactly the drawn one.
TEST(GuidedCrop, ClassCountsFollowTheSamplersProbabilities)
{
    const auto augmenter = makeAugmenter(test::smallPool(), test::noJitter());
    auto sampler = LossGuidedSampler::create(std::vector<int>{3, 3, 3});
    ASSERT_TRUE(sampler->setValidationLosses(std::vector<double>{0.2, 1.0, 0.5}));
    const auto& probabilities = sampler->probabilities();
    const int n = 1500;
    auto samples = augmenter.generateMany(probabilities, n, 2024, 2);
    ASSERT_TRUE(samples);
    std::vector<int> counts(3, 0);
    for (const auto& sample : *samples) {
        ++counts[static_cast<std::size_t>(sample.provenance.primaryClass)];
        EXPECT_EQ(sample.classBits, 1u << sample.provenance.primaryClass);
    }
    for (std::size_t c = 0; c < 3; ++c) {
        const double p = probabilities[c];
        EXPECT_NEAR(counts[c], n * p, 3 * std::sqrt(n * p * (1 - p))) << "class " << c;
    }
}

TEST(GuidedCrop, CooccurringClassesFollowTheLayoutTable)
{
    // Class 0 appears alone in two images and with class 1 in two others.
    std::vector<PreparedSample> pool = {
        test::makeSample(1, {64, 48}, 1, {{0, {4, 4, 10, 8}}}),
        test::makeSample(2, {64, 48}, 2, {{0, {30, 20, 10, 8}}}),
        test::makeSample(3, {64, 48}, 3, {{0, {4, 4, 10, 8}}, {1, {40, 30, 12, 9}}}),
        test::makeSample(4, {64, 48}, 4, {{0, {20, 4, 10, 8}}, {1, {10, 30, 12, 9}}}),
        test::makeSample(5, {64, 48}, 5, {}),
    };
    const auto augmenter = makeAugmenter(pool, test::noJitter(), 2);
    int pairs = 0;
    const int n = 400;
    for (int i = 0; i < n; ++i) {
        auto sample = augmenter.generate(std::vector<double>{1.0, 0.0}, static_cast<unsigned>(i));
        ASSERT_TRUE(sample);
        ASSERT_EQ(sample->provenance.primaryClass, 0);
        const std::uint32_t layout = sample->provenance.layoutBits;
        ASSERT_TRUE(layout == 0b01u || layout == 0b11u);
        pairs += layout == 0b11u;
        int pastedClasses = 0;
        for (const auto& paste : sample->provenance.pastes)
            pastedClasses |= 1 << paste.classIndex;
        EXPECT_EQ(static_cast<std::uint32_t>(pastedClasses), layout);
    }
    EXPECT_NEAR(pairs, n / 2, 3 * std::sqrt(n * 0.25));
}

TEST(GuidedCrop, SameSeedSameImageOtherSeedAnother)
{
    const auto pool = test::smallPool();
    const auto augmenter = makeAugmenter(pool, AugmentConfig{});
    auto a = augmenter.generate(kUniform, 42);
    auto b = augmenter.generate(kUniform, 42);
    auto c = augmenter.generate(kUniform, 43);
    ASSERT_TRUE(a && b && c);
    EXPECT_TRUE(sameImage(a->image, b->image));
    EXPECT_TRUE(sameImage(a->mask, b->mask));
    EXPECT_EQ(a->provenance, b->provenance);
    EXPECT_FALSE(sameImage(a->image, c->image));
    // A second augmenter over the same pool agrees too, and so does the threaded batch.
    const auto again = makeAugmenter(pool, AugmentConfig{});
    EXPECT_TRUE(sameImage(again.generate(kUniform, 42)->image, a->image));
    auto serial = augmenter.generateMany(kUniform, 6, 9, 1);
    auto threaded = augmenter.generateMany(kUniform, 6, 9, 3);
    ASSERT_TRUE(serial && threaded);
    for (std::size_t i = 0; i < 6; ++i) {
        EXPECT_TRUE(sameImage((*serial)[i].image, (*threaded)[i].image)) << i;
        EXPECT_EQ((*serial)[i].provenance.seed,
                  GuidedCropAugmenter::imageSeed(9, static_cast<int>(i)));
    }
    EXPECT_LT(GuidedCropAugmenter::imageSeed(~0ull, 5), 1ull << 53);
}

TEST(GuidedCrop, ReplayRebuildsTheImageExactly)
{
    auto config = AugmentConfig{};
    config.rotate = true;
    const auto pool = test::smallPool();
    const auto augmenter = makeAugmenter(pool, config);
    for (std::uint64_t seed = 100; seed < 110; ++seed) {
        auto sample = augmenter.generate(kUniform, seed);
        ASSERT_TRUE(sample);
        auto parsed = provenanceFromJson(provenanceToJson(sample->provenance));
        ASSERT_TRUE(parsed) << parsed.error().message;
        auto replayed = replay(*parsed, pool);
        ASSERT_TRUE(replayed) << replayed.error().message;
        EXPECT_TRUE(sameImage(replayed->image, sample->image));
        EXPECT_TRUE(sameImage(replayed->mask, sample->mask));
        EXPECT_EQ(replayed->provenance, sample->provenance);
    }
}

TEST(GuidedCrop, ReplayRejectsRecordsThatDoNotFitThePool)
{
    const auto pool = test::smallPool();
    const auto augmenter = makeAugmenter(pool, AugmentConfig{});
    const Provenance good = augmenter.generate(kUniform, 5)->provenance;

    Provenance missing = good;
    missing.pastes[0].sourceSampleId = 999;
    auto notFound = replay(missing, pool);
    ASSERT_FALSE(notFound);
    EXPECT_EQ(notFound.error().code, ErrorCode::NotFound);
    EXPECT_NE(notFound.error().message.find("sample 999"), std::string::npos);

    Provenance badBlob = good;
    badBlob.pastes[0].blobId = 7;
    ASSERT_FALSE(replay(badBlob, pool));
    EXPECT_EQ(replay(badBlob, pool).error().code, ErrorCode::Corrupt);

    Provenance outside = good;
    outside.pastes[0].position = {good.width - 1, 0};
    auto placed = replay(outside, pool);
    ASSERT_FALSE(placed);
    EXPECT_NE(placed.error().message.find("outside the image"), std::string::npos);

    Provenance otherSize = good;
    otherSize.width += 1;
    EXPECT_FALSE(replay(otherSize, pool));
}

// Without defect-free images the base is a defective image: its own defects stay labelled and
// the crops are placed clear of them when there is room.
TEST(GuidedCrop, FallbackPastesOntoDefectiveImagesAwayFromTheirDefects)
{
    const auto pool = test::smallPool(0);
    const auto augmenter = makeAugmenter(pool, test::noJitter());
    EXPECT_EQ(augmenter.defectFreeCount(), 0);
    std::map<std::int64_t, const PreparedSample*> byId;
    for (const auto& s : pool)
        byId[s.id] = &s;
    for (std::uint64_t seed = 0; seed < 30; ++seed) {
        SyntheticTrace trace;
        auto sample = augmenter.generate(kUniform, seed, &trace);
        ASSERT_TRUE(sample) << sample.error().message;
        const Provenance& p = sample->provenance;
        EXPECT_TRUE(p.baseDefective);
        const auto report = test::checkTrace(*sample, trace, pool);
        EXPECT_EQ(report.maskMismatches + report.imageMismatches + report.wrongClass, 0);
        const cv::Mat& baseMask = byId.at(p.baseSampleId)->mask;
        for (const auto& paste : p.pastes) {
            const cv::Rect target(paste.position, paste.crop.size());
            EXPECT_EQ(cv::countNonZero(baseMask(target)), 0)
                << "seed " << seed << ": crop placed on the base's own defect";
        }
    }
}

TEST(GuidedCrop, RejectsBadPoolsAndProbabilities)
{
    EXPECT_FALSE(GuidedCropAugmenter::create({}, 3));
    auto mixed = test::smallPool();
    mixed.push_back(test::makeSample(50, {32, 32}, 1, {}));
    auto sizes = GuidedCropAugmenter::create(mixed, 3);
    ASSERT_FALSE(sizes);
    EXPECT_NE(sizes.error().message.find("sample 50"), std::string::npos);
    std::vector<PreparedSample> clean = {test::makeSample(1, {32, 32}, 1, {})};
    auto noBlobs = GuidedCropAugmenter::create(clean, 3);
    ASSERT_FALSE(noBlobs);
    EXPECT_NE(noBlobs.error().message.find("no training image has a defect blob"),
              std::string::npos);
    AugmentConfig bad;
    bad.flipProbability = 2;
    EXPECT_FALSE(GuidedCropAugmenter::create(test::smallPool(), 3, bad));

    const auto augmenter = makeAugmenter(test::smallPool(), AugmentConfig{});
    EXPECT_FALSE(augmenter.generate(std::vector<double>{1.0}, 1));
    EXPECT_FALSE(augmenter.generate(std::vector<double>{0.0, 0.0, 0.0}, 1));
    EXPECT_FALSE(augmenter.generate(std::vector<double>{-1.0, 1.0, 1.0}, 1));
}

TEST(GuidedCrop, ClassesWithoutBlobsAreLeftOut)
{
    // Class 2 is in no mask: all its probability goes to the others.
    std::vector<PreparedSample> pool = {
        test::makeSample(1, {48, 48}, 1, {{0, {4, 4, 10, 8}}}),
        test::makeSample(2, {48, 48}, 2, {{1, {20, 20, 10, 8}}}),
        test::makeSample(3, {48, 48}, 3, {}),
    };
    const auto augmenter = makeAugmenter(pool, AugmentConfig{});
    EXPECT_EQ(augmenter.availableClasses(), 0b011u);
    for (std::uint64_t seed = 0; seed < 50; ++seed)
        EXPECT_NE(
            augmenter.generate(std::vector<double>{0.1, 0.1, 0.8}, seed)->provenance.primaryClass,
            2);
    EXPECT_FALSE(augmenter.generate(std::vector<double>{0.0, 0.0, 1.0}, 1));
}

} // namespace
} // namespace dwb
