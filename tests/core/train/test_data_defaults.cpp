#include "dwb/imaging/ClassMask.h"
#include "dwb/train/DataDefaults.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

namespace dwb {
namespace {

SampleRecord sized(int height, int width)
{
    SampleRecord record;
    record.height = height;
    record.width = width;
    return record;
}

// A 300x400 sample with one square defect of `side` pixels.
PreparedSample withDefect(int side)
{
    cv::Mat mask = emptyClassMask({400, 300});
    mask(cv::Rect(20, 30, side, side)).setTo(1);
    return {1, cv::Mat::zeros(300, 400, CV_8UC1), mask, 1u};
}

} // namespace

TEST(DataDefaults, TheInputIsTheMedianSizeNotTheMostCommonOne)
{
    // Two images share 100x100, but most are near 300x400.
    const std::vector<SampleRecord> samples{sized(100, 100), sized(100, 100), sized(298, 401),
                                            sized(303, 398), sized(310, 420)};
    const InputShape shape = defaultInputShape(samples, 1);
    EXPECT_EQ(shape.height, 296) << "298 rounded to a multiple of 8";
    EXPECT_EQ(shape.width, 400);
    EXPECT_EQ(defaultInputShape({}, 3).height, 0);
}

TEST(DataDefaults, HugeImagesAreScaledDownKeepingTheirShape)
{
    const InputShape shape = defaultInputShape({sized(4000, 6000)}, 1);
    EXPECT_LE(shape.height * shape.width, kMaxDefaultInputPixels * 1.02);
    EXPECT_NEAR(static_cast<double>(shape.width) / shape.height, 1.5, 0.02);
}

TEST(DataDefaults, PoolingShrinksForTinyDefects)
{
    const InputShape shape{300, 400, 1};
    const DefectExtents large = defectExtents({withDefect(20)}, 1);
    EXPECT_EQ(large.blobs, 1);
    EXPECT_EQ(large.smallSide, 20);
    EXPECT_EQ(defaultPool(shape, large), 2) << "the paper's rule";
    EXPECT_EQ(defaultPool(shape, defectExtents({withDefect(3)}, 1)), 1)
        << "a 3-pixel defect would be under two pooled pixels";
    EXPECT_EQ(defaultPool(shape, DefectExtents{}), 2) << "no defects: the paper's rule";
}

TEST(DataDefaults, PatchesFitTheDefectsOrAreNotUsed)
{
    const InputShape shape{300, 400, 1};
    EXPECT_EQ(defaultPatchSize(shape, defectExtents({withDefect(20)}, 1)), 160)
        << "half the shorter side, 150, rounded up to a multiple of 16";
    EXPECT_EQ(defaultPatchSize(shape, defectExtents({withDefect(100)}, 1)), 208)
        << "twice the defect";
    EXPECT_EQ(defaultPatchSize(shape, defectExtents({withDefect(150)}, 1)), 0)
        << "a 300 px crop would cover most of the image";
    EXPECT_EQ(defaultPatchSize(shape, DefectExtents{}), 0);
    EXPECT_EQ(defaultPatchSize({64, 64, 1}, defectExtents({withDefect(3)}, 1)), 0)
        << "the 96 px minimum covers a small image whole";
}

} // namespace dwb
