#include "dwb/augment/BlobExtractor.h"
#include "dwb/imaging/ClassMask.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

namespace dwb {
namespace {

cv::Mat maskWith(cv::Size size, const std::vector<std::pair<int, cv::Rect>>& rects)
{
    cv::Mat mask = emptyClassMask(size);
    for (const auto& [classIndex, rect] : rects) {
        cv::Mat binary = cv::Mat::zeros(size, CV_8UC1);
        binary(rect).setTo(255);
        addClassPixels(mask, binary, classIndex);
    }
    return mask;
}

TEST(BlobExtractor, FindsEachComponentWithBoxAreaAndPixels)
{
    const cv::Mat mask = maskWith({40, 30}, {{1, {20, 2, 5, 3}}, {1, {2, 10, 4, 6}}});
    const auto blobs = extractBlobs(mask, 1);
    ASSERT_EQ(blobs.size(), 2u);
    // Raster order of the first pixel: the blob starting on row 2 comes first.
    EXPECT_EQ(blobs[0].id, 0);
    EXPECT_EQ(blobs[0].box, cv::Rect(20, 2, 5, 3));
    EXPECT_EQ(blobs[0].area, 15);
    EXPECT_EQ(blobs[1].id, 1);
    EXPECT_EQ(blobs[1].box, cv::Rect(2, 10, 4, 6));
    EXPECT_EQ(blobs[1].area, 24);
    for (const Blob& blob : blobs) {
        EXPECT_EQ(blob.classIndex, 1);
        ASSERT_EQ(blob.pixels.size(), blob.box.size());
        EXPECT_EQ(blob.pixels.type(), CV_8UC1);
        EXPECT_EQ(cv::countNonZero(blob.pixels), blob.area);
    }
    EXPECT_TRUE(extractBlobs(mask, 0).empty());
}

TEST(BlobExtractor, DiagonalNeighboursJoinAndPixelsExcludeOtherBlobsInTheBox)
{
    cv::Mat mask = emptyClassMask({12, 12});
    // A square ring (rows and columns 1..5) around a lone pixel, plus a pixel touching the
    // ring's corner diagonally.
    for (int i = 1; i <= 5; ++i) {
        mask.at<std::uint16_t>(1, i) = 1;
        mask.at<std::uint16_t>(5, i) = 1;
        mask.at<std::uint16_t>(i, 1) = 1;
        mask.at<std::uint16_t>(i, 5) = 1;
    }
    mask.at<std::uint16_t>(6, 6) = 1;
    mask.at<std::uint16_t>(3, 3) = 1;
    const auto blobs = extractBlobs(mask, 0);
    ASSERT_EQ(blobs.size(), 2u);
    EXPECT_EQ(blobs[0].box, cv::Rect(1, 1, 6, 6));
    EXPECT_EQ(blobs[0].area, 17);
    EXPECT_EQ(blobs[0].pixels.at<std::uint8_t>(2, 2), 0) << "the lone pixel is another blob";
    EXPECT_EQ(blobs[0].pixels.at<std::uint8_t>(5, 5), 255);
    EXPECT_EQ(blobs[1].box, cv::Rect(3, 3, 1, 1));
    EXPECT_EQ(blobs[1].area, 1);
}

TEST(BlobExtractor, OverlappingClassesGiveSeparateBlobs)
{
    const cv::Mat mask = maskWith({20, 20}, {{0, {2, 2, 8, 8}}, {2, {6, 6, 8, 8}}});
    const auto all = extractBlobs(mask, 0b111u, 3);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].classIndex, 0);
    EXPECT_EQ(all[0].area, 64);
    EXPECT_EQ(all[1].classIndex, 2);
    EXPECT_EQ(all[1].box, cv::Rect(6, 6, 8, 8));
    // Only the requested classes.
    EXPECT_EQ(extractBlobs(mask, 0b100u, 3).size(), 1u);
}

} // namespace
} // namespace dwb
