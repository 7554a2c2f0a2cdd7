#include "dwb/imaging/MaskEditing.h"

#include "dwb/imaging/ClassMask.h"

#include "support/Fixtures.h"

#include <opencv2/imgproc.hpp>

#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace dwb {
namespace {

// The region as a full-size 0/255 image.
cv::Mat placed(const MaskRegion& region, cv::Size size)
{
    cv::Mat image = cv::Mat::zeros(size, CV_8UC1);
    if (!region.empty())
        region.pixels.copyTo(image(region.rect));
    return image;
}

std::set<std::pair<int, int>> pixelSet(const MaskRegion& region, cv::Size size)
{
    const cv::Mat image = placed(region, size);
    std::set<std::pair<int, int>> pixels;
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
            if (image.at<std::uint8_t>(y, x))
                pixels.insert({x, y});
    return pixels;
}

MaskRegion disc(cv::Point centre, int diameter, cv::Size size)
{
    const cv::Point points[] = {centre};
    return strokeRegion(points, diameter, size);
}

} // namespace

TEST(MaskEditing, DiameterOneStrokeIsAnEightConnectedLine)
{
    const cv::Size size(10, 6);
    const cv::Point points[] = {{1, 1}, {7, 3}};
    const MaskRegion line = strokeRegion(points, 1, size);
    // Slope 1/3: one pixel per column, y = 1 + (x - 1) / 3 rounded.
    const std::set<std::pair<int, int>> expected = {{1, 1}, {2, 1}, {3, 2}, {4, 2},
                                                    {5, 2}, {6, 3}, {7, 3}};
    EXPECT_EQ(pixelSet(line, size), expected);
    EXPECT_EQ(line.rect, cv::Rect(1, 1, 7, 3));
    EXPECT_EQ(line.area(), 7);

    const cv::Point polyline[] = {{0, 5}, {3, 2}, {6, 2}};
    const std::set<std::pair<int, int>> expectedPolyline = {{0, 5}, {1, 4}, {2, 3}, {3, 2},
                                                            {4, 2}, {5, 2}, {6, 2}};
    EXPECT_EQ(pixelSet(strokeRegion(polyline, 1, size), size), expectedPolyline);
}

TEST(MaskEditing, DiscsHaveTheExpectedArea)
{
    const cv::Size size(20, 20);
    EXPECT_EQ(disc({10, 10}, 1, size).area(), 1);
    EXPECT_EQ(disc({10, 10}, 0, size).area(), 1) << "a diameter below 1 paints one pixel";
    EXPECT_EQ(disc({10, 10}, 3, size).area(), 9);
    const MaskRegion five = disc({10, 10}, 5, size);
    // A 5x5 square without its four corners.
    EXPECT_EQ(five.area(), 21);
    EXPECT_EQ(five.rect, cv::Rect(8, 8, 5, 5));
    EXPECT_EQ(five.pixels.at<std::uint8_t>(0, 0), 0);
    EXPECT_EQ(five.pixels.at<std::uint8_t>(0, 1), 255);
    EXPECT_EQ(five.pixels.at<std::uint8_t>(4, 4), 0);
    EXPECT_EQ(five.pixels.at<std::uint8_t>(2, 2), 255);
    // A diameter-5 stroke along a row: the disc swept 4 pixels to the right.
    const cv::Point points[] = {{5, 10}, {9, 10}};
    EXPECT_EQ(strokeRegion(points, 5, size).area(), 21 + 4 * 5);
}

TEST(MaskEditing, StrokesAreClippedAtTheBorders)
{
    const cv::Size size(10, 5);
    const MaskRegion corner = disc({0, 0}, 5, size);
    // The quarter of the disc with x, y in 0..2, less (2, 2).
    EXPECT_EQ(corner.rect, cv::Rect(0, 0, 3, 3));
    EXPECT_EQ(corner.area(), 8);

    const cv::Point entering[] = {{-5, 2}, {3, 2}};
    const MaskRegion line = strokeRegion(entering, 1, size);
    EXPECT_EQ(line.rect, cv::Rect(0, 2, 4, 1));
    EXPECT_EQ(line.area(), 4);

    const cv::Point outside[] = {{-9, -9}, {-3, -4}};
    EXPECT_TRUE(strokeRegion(outside, 3, size).empty());
    EXPECT_TRUE(strokeRegion({}, 3, size).empty());
}

TEST(MaskEditing, PolygonCoversItsInteriorAndEdges)
{
    const cv::Size size(10, 10);
    const cv::Point square[] = {{2, 2}, {6, 2}, {6, 6}, {2, 6}};
    const MaskRegion filled = polygonRegion(square, size);
    EXPECT_EQ(filled.rect, cv::Rect(2, 2, 5, 5));
    EXPECT_EQ(filled.area(), 25);
    EXPECT_EQ(cv::countNonZero(filled.pixels), 25) << "every pixel of the 5x5 square";

    const cv::Point triangle[] = {{0, 0}, {6, 0}, {0, 6}};
    const MaskRegion half = polygonRegion(triangle, size);
    EXPECT_EQ(half.area(), 7 + 6 + 5 + 4 + 3 + 2 + 1) << "x + y <= 6, the diagonal included";
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 7; ++x)
            EXPECT_EQ(half.pixels.at<std::uint8_t>(y, x) != 0, x + y <= 6) << x << "," << y;

    const cv::Point clipped[] = {{-3, -3}, {3, -3}, {3, 3}, {-3, 3}};
    const MaskRegion corner = polygonRegion(clipped, size);
    EXPECT_EQ(corner.rect, cv::Rect(0, 0, 4, 4));
    EXPECT_EQ(corner.area(), 16);

    const cv::Point segment[] = {{1, 1}, {5, 5}};
    EXPECT_TRUE(polygonRegion(segment, size).empty());
}

TEST(MaskEditing, FloodInsideARingFillsTheInteriorAndStopsAtTheRing)
{
    cv::Mat mask = emptyClassMask({12, 12});
    cv::Mat ring = cv::Mat::zeros(mask.size(), CV_8UC1);
    cv::rectangle(ring, cv::Rect(2, 2, 8, 8), cv::Scalar(255), 1);
    addClassPixels(mask, ring, 1);
    mask.at<std::uint16_t>(5, 5) = 1u << 0; // another class inside does not stop class 1's fill

    const MaskRegion inside = floodRegion(mask, {5, 5}, 1);
    EXPECT_EQ(inside.rect, cv::Rect(3, 3, 6, 6));
    EXPECT_EQ(inside.area(), 36);
    EXPECT_EQ(floodRegion(mask, {0, 0}, 1).area(), 144 - 64);
    EXPECT_TRUE(floodRegion(mask, {12, 3}, 1).empty());
    EXPECT_TRUE(floodRegion(mask, {-1, 3}, 1).empty());

    const MaskDiff diff = paintRegion(mask, inside, 1, false);
    EXPECT_EQ(diff.rect, cv::Rect(3, 3, 6, 6));
    EXPECT_EQ(diff.changedPixels(), 36);
    EXPECT_EQ(cv::countNonZero(classPixels(mask, 1)), 64);
    EXPECT_EQ(mask.at<std::uint16_t>(5, 5), (1u << 0) | (1u << 1));
}

TEST(MaskEditing, FloodOnTheClassErasesOneBlobNotTheOther)
{
    cv::Mat mask = emptyClassMask({10, 10});
    addClassPixels(mask, test::rectMask(mask.size(), {1, 1, 3, 3}), 0);
    addClassPixels(mask, test::rectMask(mask.size(), {6, 6, 2, 2}), 0);
    // Touching only diagonally: 4-connected fills keep it apart.
    mask.at<std::uint16_t>(4, 4) = 1u << 0;

    const MaskRegion blob = floodRegion(mask, {2, 2}, 0);
    EXPECT_EQ(blob.rect, cv::Rect(1, 1, 3, 3));
    EXPECT_EQ(blob.area(), 9);
    paintRegion(mask, blob, 0, true);
    EXPECT_EQ(cv::countNonZero(classPixels(mask, 0)), 4 + 1);
    EXPECT_EQ(mask.at<std::uint16_t>(2, 2), 0);
    EXPECT_EQ(mask.at<std::uint16_t>(6, 6), 1u << 0);
}

TEST(MaskEditing, PaintThenRevertRestoresTheMaskExactly)
{
    cv::Mat mask = emptyClassMask({16, 9});
    for (int y = 0; y < mask.rows; ++y)
        for (int x = 0; x < mask.cols; ++x)
            mask.at<std::uint16_t>(y, x) = static_cast<std::uint16_t>(((x * 3 + y) % 7) & 0b101);
    const cv::Mat original = mask.clone();
    const cv::Point points[] = {{2, 2}, {12, 6}};

    const MaskDiff diff = paintRegion(mask, strokeRegion(points, 3, mask.size()), 3, false);
    ASSERT_FALSE(diff.empty());
    const cv::Mat painted = mask.clone();
    EXPECT_FALSE(test::sameMat(painted, original));

    diff.revert(mask);
    EXPECT_TRUE(test::sameMat(mask, original));
    diff.apply(mask);
    EXPECT_TRUE(test::sameMat(mask, painted));
    EXPECT_TRUE(test::sameMat(diffMasks(original, painted).after, diff.after));
}

TEST(MaskEditing, ErasingClearsOnlyTheChosenBit)
{
    cv::Mat mask = emptyClassMask({8, 8});
    mask(cv::Rect(2, 2, 3, 2)).setTo(0b111);
    mask.at<std::uint16_t>(7, 7) = 0b001;
    const MaskRegion everything =
        polygonRegion(std::vector<cv::Point>{{0, 0}, {7, 0}, {7, 7}, {0, 7}}, mask.size());
    ASSERT_EQ(everything.area(), 64);

    const MaskDiff diff = paintRegion(mask, everything, 1, true);
    EXPECT_EQ(diff.rect, cv::Rect(2, 2, 3, 2)) << "shrunk to the pixels that changed";
    EXPECT_EQ(diff.changedPixels(), 6);
    EXPECT_EQ(mask.at<std::uint16_t>(3, 3), 0b101);
    EXPECT_EQ(mask.at<std::uint16_t>(7, 7), 0b001);
    EXPECT_EQ(cv::countNonZero(mask), 7);

    EXPECT_TRUE(paintRegion(mask, everything, 1, true).empty()) << "nothing left to erase";
}

TEST(MaskEditing, DiffOfEqualMasksIsEmptyAndOfOnePixelIsOneByOne)
{
    cv::Mat before = emptyClassMask({7, 5});
    before.at<std::uint16_t>(1, 1) = 0b10;
    EXPECT_TRUE(diffMasks(before, before.clone()).empty());
    EXPECT_EQ(diffMasks(before, before.clone()).changedPixels(), 0);

    cv::Mat after = before.clone();
    after.at<std::uint16_t>(3, 6) = 0b1001;
    const MaskDiff diff = diffMasks(before, after);
    EXPECT_EQ(diff.rect, cv::Rect(6, 3, 1, 1));
    EXPECT_EQ(diff.changedPixels(), 1);
    EXPECT_EQ(diff.before.at<std::uint16_t>(0, 0), 0);
    EXPECT_EQ(diff.after.at<std::uint16_t>(0, 0), 0b1001);

    cv::Mat target = before.clone();
    diff.apply(target);
    EXPECT_TRUE(test::sameMat(target, after));
}

} // namespace dwb
