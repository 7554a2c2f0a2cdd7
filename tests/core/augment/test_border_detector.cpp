#include "dwb/augment/BorderDetector.h"
#include "dwb/core/Random.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

namespace dwb {
namespace {

cv::Mat noisySurface(cv::Size size, std::uint64_t seed, int type = CV_8UC1)
{
    Rng rng(seed);
    cv::Mat image(size, type);
    for (int y = 0; y < size.height; ++y)
        for (int i = 0; i < size.width * image.channels(); ++i)
            image.ptr<std::uint8_t>(y)[i] = static_cast<std::uint8_t>(rng.uniformInt(80, 200));
    return image;
}

TEST(BorderDetector, TexturedSurfaceHasNoBorder)
{
    EXPECT_EQ(detectBorders(noisySurface({60, 40}, 1)), BorderSides{});
}

TEST(BorderDetector, DarkBandsOnTheSidesAreBorders)
{
    cv::Mat image = noisySurface({60, 40}, 2);
    image.colRange(0, 5).setTo(8);
    image.colRange(56, 60).setTo(12);
    const BorderSides sides = detectBorders(image);
    EXPECT_TRUE(sides.left);
    EXPECT_TRUE(sides.right);
    EXPECT_FALSE(sides.top);
    EXPECT_FALSE(sides.bottom);
    EXPECT_FALSE(sides.allowsHorizontalShift());
    EXPECT_TRUE(sides.allowsVerticalShift());
}

TEST(BorderDetector, NearConstantWithSlightNoiseAndSaturatedBandsCount)
{
    cv::Mat image = noisySurface({50, 50}, 3);
    Rng rng(9);
    for (int x = 0; x < 50; ++x) {
        image.at<std::uint8_t>(0, x) = static_cast<std::uint8_t>(rng.uniformInt(10, 16));
        image.at<std::uint8_t>(1, x) = static_cast<std::uint8_t>(rng.uniformInt(10, 16));
        image.at<std::uint8_t>(49, x) = 255;
        image.at<std::uint8_t>(48, x) = 254;
    }
    const BorderSides sides = detectBorders(image);
    EXPECT_TRUE(sides.top);
    EXPECT_TRUE(sides.bottom);
    EXPECT_FALSE(sides.left);
    EXPECT_FALSE(sides.right);
}

TEST(BorderDetector, OneDarkLineIsNotABandAndMidGreyIsNotBackground)
{
    cv::Mat line = noisySurface({50, 50}, 4);
    line.row(0).setTo(5); // only one line deep: depth 2 needs two
    EXPECT_EQ(detectBorders(line), BorderSides{});
    BorderConfig shallow;
    shallow.depth = 1;
    EXPECT_EQ(detectBorders(line, shallow), (BorderSides{true, false, false, false}));

    cv::Mat grey = noisySurface({50, 50}, 5);
    grey.colRange(0, 6).setTo(128); // flat but neither dark nor saturated
    EXPECT_EQ(detectBorders(grey), BorderSides{});
}

TEST(BorderDetector, ColourImagesUseTheirGreyLevels)
{
    cv::Mat image = noisySurface({40, 30}, 5, CV_8UC3);
    image.rowRange(27, 30).setTo(cv::Scalar(5, 10, 15));
    const BorderSides sides = detectBorders(image);
    EXPECT_TRUE(sides.bottom);
    EXPECT_FALSE(sides.top);
}

} // namespace
} // namespace dwb
