// The augmenter on the demo data and on real Magnetic Tile images (skipped when the dataset is
// not beside the checkout).

#include "dwb/augment/GuidedCropAugmenter.h"
#include "dwb/dataset/DemoGenerator.h"
#include "dwb/dataset/Importers.h"

#include "AugmentFixtures.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <bit>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace dwb {
namespace {

namespace fs = std::filesystem;

void expectFaithful(const GuidedCropAugmenter& augmenter, const std::vector<double>& weights,
                    int images, bool exactPixels)
{
    for (int i = 0; i < images; ++i) {
        SyntheticTrace trace;
        auto sample = augmenter.generate(weights, GuidedCropAugmenter::imageSeed(11, i), &trace);
        ASSERT_TRUE(sample) << sample.error().message;
        const auto report = test::checkTrace(*sample, trace, augmenter.pool());
        EXPECT_EQ(report.maskMismatches, 0) << "image " << i;
        EXPECT_EQ(report.wrongClass, 0) << "image " << i;
        EXPECT_EQ(report.outsideCrop, 0) << "image " << i;
        EXPECT_EQ(report.labelledBase, 0) << "image " << i;
        if (exactPixels) {
            EXPECT_EQ(report.imageMismatches, 0) << "image " << i;
        }
        EXPECT_NE(sample->classBits, 0u) << "image " << i;
    }
}

TEST(GuidedCropData, DemoDataset)
{
    DemoConfig demo;
    demo.imageCount = 40;
    std::vector<PreparedSample> pool;
    for (int i = 0; i < demo.imageCount; ++i) {
        const DemoImage image = generateDemoImage(demo, i);
        pool.push_back({i + 1, image.image, image.mask, presentClassBits(image.mask)});
    }
    auto augmenter = GuidedCropAugmenter::create(pool, 3, test::noJitter());
    ASSERT_TRUE(augmenter) << augmenter.error().message;
    EXPECT_GT(augmenter->defectFreeCount(), 0);
    EXPECT_EQ(augmenter->availableClasses(), 0b111u);
    expectFaithful(*augmenter, {1, 1, 1}, 30, true);
    auto jittered = GuidedCropAugmenter::create(pool, 3);
    ASSERT_TRUE(jittered);
    expectFaithful(*jittered, {1, 1, 1}, 30, false);
}

fs::path magneticTileDir()
{
    if (const char* overridden = std::getenv("DWB_MAGNETIC_TILE_DIR"))
        return overridden;
    return DWB_DEFAULT_MAGNETIC_TILE_DIR;
}

// A few images of each class and some defect-free ones, decoded at their own (varied) sizes.
std::vector<PreparedSample> magneticTileSample(const ImportPlan& plan, int perClass, int free)
{
    std::vector<int> taken(plan.classNames.size() + 1, 0);
    std::vector<PreparedSample> samples;
    for (const PlannedSample& planned : plan.samples) {
        const std::size_t slot =
            planned.imageLabels ? static_cast<std::size_t>(std::countr_zero(planned.imageLabels))
                                : plan.classNames.size();
        if (taken[slot] >= (planned.imageLabels ? perClass : free))
            continue;
        cv::Mat image = cv::imread(planned.imagePath.string(), cv::IMREAD_GRAYSCALE);
        if (image.empty())
            continue;
        auto mask = planned.loadMask(image.size());
        if (!mask || (planned.imageLabels && presentClassBits(*mask) == 0))
            continue;
        ++taken[slot];
        samples.push_back({static_cast<std::int64_t>(samples.size()) + 1, image, *mask,
                           presentClassBits(*mask) | planned.imageLabels});
    }
    return samples;
}

TEST(GuidedCropData, MagneticTileAtTwoSizes)
{
    const fs::path root = magneticTileDir();
    if (!fs::is_directory(root))
        GTEST_SKIP() << "Magnetic Tile dataset not found at " << root.string()
                     << " (set DWB_MAGNETIC_TILE_DIR); skipping the real-data check";
    auto plan = scanMagneticTile(root);
    ASSERT_TRUE(plan) << plan.error().message;
    const auto original = magneticTileSample(*plan, 4, 8);
    ASSERT_GE(original.size(), 20u);
    const int classes = static_cast<int>(plan->classNames.size());
    for (const InputShape shape : {InputShape{300, 400, 1}, InputShape{160, 224, 1}}) {
        std::vector<PreparedSample> pool;
        int bordered = 0;
        for (const PreparedSample& s : original) {
            cv::Mat mask;
            cv::resize(s.mask, mask, {shape.width, shape.height}, 0, 0, cv::INTER_NEAREST);
            pool.push_back({s.id, resizeImage(s.image, shape), mask, s.labels});
            const BorderSides sides = detectBorders(pool.back().image);
            bordered += !sides.allowsHorizontalShift() || !sides.allowsVerticalShift();
        }
        std::cout << "[          ] " << shape.height << "x" << shape.width << ": " << bordered
                  << " of " << pool.size() << " images have a border\n";
        auto augmenter = GuidedCropAugmenter::create(pool, classes, test::noJitter());
        ASSERT_TRUE(augmenter) << augmenter.error().message;
        EXPECT_EQ(augmenter->availableClasses(), (1u << classes) - 1);
        EXPECT_GT(augmenter->defectFreeCount(), 0);
        expectFaithful(*augmenter, std::vector<double>(static_cast<std::size_t>(classes), 1.0), 20,
                       true);
    }
}

} // namespace
} // namespace dwb
