// drawClassOutlines: predictions outlined in their class colours over the image.

#include "dwb/imaging/ClassMask.h"
#include "dwb/imaging/Overlay.h"

#include "support/Fixtures.h"

#include <gtest/gtest.h>

namespace dwb {
namespace {

TEST(Overlay, OutlinesEachClassAroundItsPixelsInItsColour)
{
    const cv::Mat image = test::rampImage({40, 30});
    cv::Mat mask = emptyClassMask({40, 30});
    mask(cv::Rect(10, 10, 2, 2)).setTo(1u << 0); // a 4-pixel "pit"
    mask(cv::Rect(25, 5, 3, 12)).setTo(1u << 1); // a scratch
    auto drawn = drawClassOutlines(image, mask, {"#ff0000", "#00ff00", "#0000ff"}, 1);
    ASSERT_TRUE(drawn) << drawn.error().message;
    ASSERT_EQ(drawn->type(), CV_8UC3);
    ASSERT_EQ(drawn->size(), image.size());
    // The defect's own pixels keep the image: small defects stay visible inside the outline.
    for (int y = 10; y < 12; ++y)
        for (int x = 10; x < 12; ++x) {
            const uchar grey = image.at<uchar>(y, x);
            EXPECT_EQ(drawn->at<cv::Vec3b>(y, x), cv::Vec3b(grey, grey, grey)) << x << "," << y;
        }
    EXPECT_EQ(drawn->at<cv::Vec3b>(9, 10), cv::Vec3b(0, 0, 255)) << "red ring, BGR";
    EXPECT_EQ(drawn->at<cv::Vec3b>(12, 11), cv::Vec3b(0, 0, 255));
    EXPECT_EQ(drawn->at<cv::Vec3b>(10, 24), cv::Vec3b(0, 255, 0)) << "the scratch in green";
    const uchar far = image.at<uchar>(25, 35);
    EXPECT_EQ(drawn->at<cv::Vec3b>(25, 35), cv::Vec3b(far, far, far)) << "untouched elsewhere";
}

TEST(Overlay, RejectsAMaskOfAnotherSizeAndBadColours)
{
    const cv::Mat image = test::rampImage({20, 20});
    EXPECT_FALSE(drawClassOutlines(image, emptyClassMask({10, 20}), {"#ff0000"}));
    EXPECT_FALSE(drawClassOutlines(image, cv::Mat::zeros(20, 20, CV_8UC1), {"#ff0000"}));
    cv::Mat mask = emptyClassMask({20, 20});
    mask(cv::Rect(5, 5, 2, 2)).setTo(1);
    const auto bad = drawClassOutlines(image, mask, {"red"});
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("'red'"), std::string::npos);
}

} // namespace
} // namespace dwb
