#include "dwb/imaging/ClassMask.h"

#include "support/Fixtures.h"

#include <gtest/gtest.h>

namespace dwb {

TEST(ClassMask, AddAndReadBackClassPixels)
{
    cv::Mat mask = emptyClassMask({8, 6});
    addClassPixels(mask, test::rectMask({8, 6}, {1, 1, 3, 2}), 0);
    addClassPixels(mask, test::rectMask({8, 6}, {2, 2, 4, 3}), 3);
    EXPECT_EQ(mask.at<std::uint16_t>(1, 1), 1u);
    EXPECT_EQ(mask.at<std::uint16_t>(2, 2), 1u | 8u); // classes overlap
    EXPECT_EQ(mask.at<std::uint16_t>(4, 5), 8u);
    EXPECT_EQ(presentClassBits(mask), 1u | 8u);
    EXPECT_EQ(cv::countNonZero(classPixels(mask, 0)), 6);
    EXPECT_EQ(cv::countNonZero(classPixels(mask, 3)), 12);
    EXPECT_EQ(cv::countNonZero(classPixels(mask, 1)), 0);
}

TEST(ClassMask, FromBinaryMatchesAddingToAnEmptyMask)
{
    const cv::Mat binary = test::rectMask({9, 7}, {2, 1, 4, 5});
    for (const int c : {0, 5, 15}) {
        cv::Mat expected = emptyClassMask({9, 7});
        addClassPixels(expected, binary, c);
        EXPECT_TRUE(test::sameMat(classMaskFromBinary(binary, c), expected)) << "class " << c;
    }
}

TEST(ClassMask, PngRoundTripIsExactForFewAndManyClasses)
{
    for (const int topClass : {2, 7, 15}) {
        cv::Mat mask = emptyClassMask({33, 17});
        for (int c = 0; c <= topClass; c += 2)
            addClassPixels(mask, test::rectMask({33, 17}, {c, c % 5, 9, 7}), c);
        auto png = encodeClassMaskPng(mask);
        ASSERT_TRUE(png) << png.error().message;
        auto decoded = decodeClassMaskPng(*png);
        ASSERT_TRUE(decoded) << decoded.error().message;
        EXPECT_TRUE(test::sameMat(mask, *decoded)) << "top class " << topClass;
    }
}

TEST(ClassMask, RejectsWrongTypesAndGarbage)
{
    EXPECT_FALSE(encodeClassMaskPng(cv::Mat::zeros(4, 4, CV_8UC1)));
    const std::vector<std::uint8_t> garbage = {1, 2, 3, 4, 5};
    auto decoded = decodeClassMaskPng(garbage);
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().code, ErrorCode::BadMask);
}

TEST(ClassMask, RemapMovesEveryBit)
{
    cv::Mat mask = emptyClassMask({4, 1});
    mask.at<std::uint16_t>(0, 0) = 0b001;
    mask.at<std::uint16_t>(0, 1) = 0b010;
    mask.at<std::uint16_t>(0, 2) = 0b111;
    const std::vector<int> mapping = {4, 0, 9};
    const cv::Mat out = remapClassBits(mask, mapping);
    EXPECT_EQ(out.at<std::uint16_t>(0, 0), 1u << 4);
    EXPECT_EQ(out.at<std::uint16_t>(0, 1), 1u);
    EXPECT_EQ(out.at<std::uint16_t>(0, 2), (1u << 4) | 1u | (1u << 9));
    EXPECT_EQ(out.at<std::uint16_t>(0, 3), 0u);
}

} // namespace dwb
