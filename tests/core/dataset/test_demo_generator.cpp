#include "dwb/dataset/DemoGenerator.h"
#include "dwb/imaging/ClassMask.h"

#include "support/TempDir.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <vector>

namespace {

using dwb::DemoConfig;
using dwb::DemoImage;
using dwb::ErrorCode;

constexpr int kPit = 0;
constexpr int kScratch = 1;
constexpr int kPatch = 2;

bool samePixels(const cv::Mat& a, const cv::Mat& b)
{
    return a.size() == b.size() && a.type() == b.type() && cv::countNonZero(a != b) == 0;
}

// The default set is rendered once; several tests look at it from different sides.
const std::vector<DemoImage>& defaultSet()
{
    static const std::vector<DemoImage> images = [] {
        std::vector<DemoImage> out;
        const DemoConfig config;
        for (int i = 0; i < config.imageCount; ++i)
            out.push_back(dwb::generateDemoImage(config, i));
        return out;
    }();
    return images;
}

struct Blob {
    cv::Mat pixels; // CV_8UC1, 255 inside
    int area = 0;
};

std::vector<Blob> blobs(const cv::Mat& binary)
{
    cv::Mat labels;
    cv::Mat stats;
    cv::Mat centroids;
    const int count = cv::connectedComponentsWithStats(binary, labels, stats, centroids, 8);
    std::vector<Blob> out;
    for (int label = 1; label < count; ++label)
        out.push_back({labels == label, stats.at<int>(label, cv::CC_STAT_AREA)});
    return out;
}

std::vector<Blob> classBlobs(int classIndex, int imageLimit)
{
    std::vector<Blob> out;
    const auto& images = defaultSet();
    for (int i = 0; i < imageLimit; ++i) {
        auto found = blobs(dwb::classPixels(images[static_cast<std::size_t>(i)].mask, classIndex));
        out.insert(out.end(), found.begin(), found.end());
    }
    return out;
}

double longSide(const Blob& blob)
{
    std::vector<cv::Point> points;
    cv::findNonZero(blob.pixels, points);
    const cv::Size2f size = cv::minAreaRect(points).size;
    return std::max(size.width, size.height) + 1.0; // the rectangle runs through pixel centres
}

std::string readText(const std::filesystem::path& path)
{
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

TEST(DemoGeneratorTest, SameSeedGivesSamePixels)
{
    const DemoConfig config;
    for (int i = 0; i < 12; ++i) {
        const DemoImage first = dwb::generateDemoImage(config, i);
        const DemoImage second = dwb::generateDemoImage(config, i);
        EXPECT_TRUE(samePixels(first.image, second.image)) << "image " << i;
        EXPECT_TRUE(samePixels(first.mask, second.mask)) << "image " << i;
        EXPECT_TRUE(samePixels(first.image, defaultSet()[static_cast<std::size_t>(i)].image));
    }
}

TEST(DemoGeneratorTest, DifferentSeedGivesDifferentImages)
{
    DemoConfig other;
    other.seed = DemoConfig{}.seed + 1;
    for (int i = 0; i < 6; ++i) {
        const DemoImage mine = dwb::generateDemoImage(DemoConfig{}, i);
        const DemoImage theirs = dwb::generateDemoImage(other, i);
        EXPECT_GT(cv::countNonZero(mine.image != theirs.image), mine.image.total() / 2);
    }
}

TEST(DemoGeneratorTest, ImageDependsOnlyOnSeedAndIndex)
{
    DemoConfig small;
    small.imageCount = 8;
    const DemoImage alone = dwb::generateDemoImage(small, 7);
    EXPECT_TRUE(samePixels(alone.image, defaultSet()[7].image));
    EXPECT_TRUE(samePixels(alone.mask, defaultSet()[7].mask));
    // Neighbours are not copies of each other.
    EXPECT_GT(cv::countNonZero(defaultSet()[6].image != defaultSet()[7].image),
              alone.image.total() / 2);
}

TEST(DemoGeneratorTest, ImagesHaveConfiguredSizeAndTypes)
{
    DemoConfig config;
    config.imageSize = {96, 48};
    for (int i = 0; i < 8; ++i) {
        const DemoImage demo = dwb::generateDemoImage(config, i);
        EXPECT_EQ(demo.image.size(), cv::Size(96, 48));
        EXPECT_EQ(demo.image.type(), CV_8UC1);
        EXPECT_EQ(demo.mask.size(), cv::Size(96, 48));
        EXPECT_EQ(demo.mask.type(), dwb::kClassMaskType);
        EXPECT_EQ(dwb::presentClassBits(demo.mask) & ~7u, 0u) << "only the three demo classes";
    }
    EXPECT_EQ(dwb::demoClassNames(), (std::vector<std::string>{"Pit", "Scratch", "Patch"}));
}

TEST(DemoGeneratorTest, DefectFreeShareFollowsConfig)
{
    int defectFree = 0;
    for (std::size_t i = 0; i < defaultSet().size(); ++i) {
        const bool empty = dwb::presentClassBits(defaultSet()[i].mask) == 0;
        EXPECT_EQ(empty, dwb::isDemoImageDefectFree(DemoConfig{}, static_cast<int>(i)));
        defectFree += empty ? 1 : 0;
    }
    EXPECT_NEAR(defectFree, 40, 1);

    for (const double share : {0.0, 0.1, 0.6, 1.0}) {
        DemoConfig config;
        config.defectFreeShare = share;
        int count = 0;
        for (int i = 0; i < 100; ++i)
            count += dwb::isDemoImageDefectFree(config, i) ? 1 : 0;
        EXPECT_NEAR(count, share * 100, 1.0) << "share " << share;
    }
}

TEST(DemoGeneratorTest, EveryClassAppearsInManyDefectiveImages)
{
    std::vector<int> perClass(3, 0);
    int defective = 0;
    for (const auto& demo : defaultSet()) {
        const std::uint32_t bits = dwb::presentClassBits(demo.mask);
        defective += bits ? 1 : 0;
        for (int c = 0; c < 3; ++c)
            perClass[static_cast<std::size_t>(c)] += (bits >> c) & 1u;
    }
    for (int c = 0; c < 3; ++c)
        EXPECT_GE(perClass[static_cast<std::size_t>(c)], defective / 4)
            << dwb::demoClassNames()[static_cast<std::size_t>(c)];
}

TEST(DemoGeneratorTest, PitsAreSmall)
{
    const auto pits = classBlobs(kPit, 160);
    ASSERT_GE(pits.size(), 20u);
    int small = 0;
    int tiny = 0;
    for (const auto& pit : pits) {
        // A filled circle of radius 4 covers 49 pixels; only pits that touch merge beyond it.
        small += pit.area <= 49 ? 1 : 0;
        tiny += pit.area <= 5 ? 1 : 0;
        EXPECT_LE(longSide(pit), 2 * 9.0);
    }
    EXPECT_GE(small, static_cast<int>(pits.size()) * 95 / 100);
    EXPECT_GE(tiny, 1) << "some pits are only a few pixels across";
}

TEST(DemoGeneratorTest, ScratchesAreThinAndLong)
{
    const auto scratches = classBlobs(kScratch, 160);
    ASSERT_GE(scratches.size(), 20u);
    int thin = 0;
    for (const auto& scratch : scratches) {
        const double length = longSide(scratch);
        EXPECT_GE(length, 10.0);
        // One or two pixels wide, whatever the angle: area per unit of length stays small.
        thin += scratch.area / length <= 2.5 ? 1 : 0;
    }
    EXPECT_GE(thin, static_cast<int>(scratches.size()) * 9 / 10);
}

TEST(DemoGeneratorTest, PatchesAreLargerThanPits)
{
    const auto patches = classBlobs(kPatch, 160);
    ASSERT_GE(patches.size(), 20u);
    std::vector<int> areas;
    for (const auto& patch : patches) {
        areas.push_back(patch.area);
        EXPECT_LE(longSide(patch), 34.0);
    }
    std::ranges::sort(areas);
    EXPECT_GT(areas[areas.size() / 2], 49) << "the median patch outgrows the largest pit";
    EXPECT_GT(areas.back(), 200);
}

TEST(DemoGeneratorTest, MasksCoverExactlyTheChangedPixels)
{
    const DemoConfig config;
    for (int i = 0; i < 60; ++i) {
        const DemoImage& demo = defaultSet()[static_cast<std::size_t>(i)];
        const cv::Mat background = dwb::generateDemoBackground(config, i);
        cv::Mat change;
        cv::absdiff(demo.image, background, change);
        const cv::Mat defect = demo.mask != 0;
        // Outside every mask the image is the untouched surface ...
        EXPECT_EQ(cv::countNonZero(change & ~defect), 0) << "image " << i;
        // ... and inside, every pixel moved by a clearly visible amount.
        EXPECT_EQ(cv::countNonZero((change < 8) & defect), 0) << "image " << i;
    }
}

TEST(DemoGeneratorTest, DefectsStandOutFromTheirSurroundings)
{
    const auto& images = defaultSet();
    int blobCount = 0;
    int visible = 0;
    for (const auto& demo : images) {
        const cv::Mat anyDefect = demo.mask != 0;
        for (int c = 0; c < 3; ++c) {
            for (const auto& blob : blobs(dwb::classPixels(demo.mask, c))) {
                cv::Mat ring;
                cv::dilate(blob.pixels, ring, cv::Mat::ones(7, 7, CV_8UC1));
                ring &= ~anyDefect;
                if (cv::countNonZero(ring) < 10)
                    continue;
                ++blobCount;
                const double inside = cv::mean(demo.image, blob.pixels)[0];
                const double around = cv::mean(demo.image, ring)[0];
                visible += std::abs(inside - around) > 10 ? 1 : 0;
            }
        }
    }
    ASSERT_GE(blobCount, 100);
    EXPECT_GE(visible, blobCount * 9 / 10);
}

TEST(DemoGeneratorTest, BackgroundsAreBrushedMetal)
{
    int directional = 0;
    int horizontal = 0;
    std::vector<double> levels;
    const DemoConfig config;
    for (int i = 0; i < 40; ++i) {
        const cv::Mat surface = dwb::generateDemoBackground(config, i);
        cv::Scalar mean;
        cv::Scalar deviation;
        cv::meanStdDev(surface, mean, deviation);
        EXPECT_GT(deviation[0], 4.0) << "image " << i << " is flat";
        levels.push_back(mean[0]);
        cv::Mat wide;
        surface.convertTo(wide, CV_32F);
        // Along the brushing, neighbours are alike; across it they differ.
        const double alongX =
            cv::norm(wide.colRange(1, wide.cols) - wide.colRange(0, wide.cols - 1), cv::NORM_L1);
        const double alongY =
            cv::norm(wide.rowRange(1, wide.rows) - wide.rowRange(0, wide.rows - 1), cv::NORM_L1);
        directional += std::max(alongX, alongY) > 1.5 * std::min(alongX, alongY) ? 1 : 0;
        horizontal += alongX < alongY ? 1 : 0;
    }
    EXPECT_GE(directional, 36);
    EXPECT_GT(horizontal, 5);
    EXPECT_LT(horizontal, 35);
    cv::Scalar levelMean;
    cv::Scalar levelSpread;
    cv::meanStdDev(levels, levelMean, levelSpread);
    EXPECT_GT(levelSpread[0], 10.0) << "the base grey level varies between images";
}

TEST(DemoGeneratorTest, WrittenDatasetMatchesGeneratedImages)
{
    const dwb::test::TempDir temp;
    DemoConfig config;
    config.imageCount = 20;
    const auto dir = temp / "demo";
    const auto info = dwb::writeDemoDataset(dir, config);
    ASSERT_TRUE(info) << info.error().message;
    EXPECT_EQ(readText(dir / "classes.txt"), "Pit\nScratch\nPatch\n");

    dwb::DemoDatasetInfo expected;
    expected.perClass.assign(3, 0);
    for (int i = 0; i < config.imageCount; ++i) {
        const DemoImage demo = dwb::generateDemoImage(config, i);
        const std::string name = "demo_" + std::string(i < 10 ? "00" : "0") + std::to_string(i);
        const cv::Mat image =
            cv::imread((dir / "images" / (name + ".png")).string(), cv::IMREAD_UNCHANGED);
        EXPECT_TRUE(samePixels(image, demo.image)) << name;
        const std::uint32_t bits = dwb::presentClassBits(demo.mask);
        ++expected.images;
        expected.defectFree += bits ? 0 : 1;
        for (int c = 0; c < 3; ++c) {
            const auto maskPath = dir / "masks" /
                                  dwb::demoClassNames()[static_cast<std::size_t>(c)] /
                                  (name + ".png");
            const bool present = (bits >> c) & 1u;
            ASSERT_EQ(std::filesystem::exists(maskPath), present) << maskPath;
            if (!present)
                continue;
            ++expected.perClass[static_cast<std::size_t>(c)];
            const cv::Mat mask = cv::imread(maskPath.string(), cv::IMREAD_UNCHANGED);
            EXPECT_TRUE(samePixels(mask, dwb::classPixels(demo.mask, c))) << maskPath;
        }
    }
    EXPECT_EQ(info->images, expected.images);
    EXPECT_EQ(info->defectFree, expected.defectFree);
    EXPECT_EQ(info->perClass, expected.perClass);
    const auto files = std::distance(std::filesystem::directory_iterator(dir / "images"),
                                     std::filesystem::directory_iterator());
    EXPECT_EQ(files, 20);
}

TEST(DemoGeneratorTest, WriteRefusesAFolderThatHoldsFiles)
{
    const dwb::test::TempDir temp;
    DemoConfig config;
    config.imageCount = 2;
    std::ofstream(temp / "keep.txt") << "mine";
    const auto refused = dwb::writeDemoDataset(temp.path(), config);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(refused.error().message.find(temp.path().string()), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(temp / "images"));

    std::filesystem::create_directories(temp / "empty");
    EXPECT_TRUE(dwb::writeDemoDataset(temp / "empty", config));
}

TEST(DemoGeneratorTest, WriteReportsIoErrorsWithThePath)
{
    const dwb::test::TempDir temp;
    DemoConfig config;
    config.imageCount = 2;
    const auto file = temp / "file.txt";
    std::ofstream(file) << "not a folder";
    for (const auto& dir : {file, file / "inside"}) {
        const auto result = dwb::writeDemoDataset(dir, config);
        ASSERT_FALSE(result) << dir;
        EXPECT_EQ(result.error().code, ErrorCode::IoError) << dir;
        EXPECT_NE(result.error().message.find(file.string()), std::string::npos)
            << result.error().message;
    }
}

TEST(DemoGeneratorTest, InvalidConfigIsRejected)
{
    std::vector<DemoConfig> invalid(6);
    invalid[0].imageCount = 0;
    invalid[1].imageSize = {31, 64};
    invalid[2].imageSize = {64, 16};
    invalid[3].defectFreeShare = -0.1;
    invalid[4].defectFreeShare = 1.5;
    invalid[5].defectFreeShare = std::numeric_limits<double>::quiet_NaN();
    const dwb::test::TempDir temp;
    for (std::size_t i = 0; i < invalid.size(); ++i) {
        const auto status = dwb::validateDemoConfig(invalid[i]);
        ASSERT_FALSE(status) << "config " << i;
        EXPECT_EQ(status.error().code, ErrorCode::InvalidArgument);
        const auto written = dwb::writeDemoDataset(temp / "out", invalid[i]);
        ASSERT_FALSE(written);
        EXPECT_EQ(written.error().code, ErrorCode::InvalidArgument);
        EXPECT_FALSE(std::filesystem::exists(temp / "out")) << "nothing written for config " << i;
        EXPECT_THROW(dwb::generateDemoImage(invalid[i], 0), cv::Exception);
    }
    EXPECT_THROW(dwb::generateDemoImage(DemoConfig{}, -1), cv::Exception);
    EXPECT_TRUE(dwb::validateDemoConfig(DemoConfig{}));
}

} // namespace
