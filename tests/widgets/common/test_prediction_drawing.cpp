// Predictions drawn over pictures for the review gallery: outlined, with context around blobs.

#include "PredictionDrawing.h"

#include "dwb/imaging/ClassMask.h"

#include "widgets/WidgetTestSupport.h"

#include <gtest/gtest.h>

namespace dwb {
namespace {

// A 4-pixel blob in a 128 x 128 map used to fill its tile: the crop was 6 map pixels wide.
TEST(PredictionDrawing, ABlobTileKeepsContextAroundATinyBlob)
{
    const cv::Size map(128, 128);
    const QSize picture(512, 512);
    const QRect crop = blobCrop(cv::Rect(60, 70, 2, 2), map, picture);
    EXPECT_GE(crop.width(), 32 * 4) << "at least a quarter of the map";
    EXPECT_GE(crop.height(), 32 * 4);
    EXPECT_TRUE(crop.contains(QRect(60 * 4, 70 * 4, 2 * 4, 2 * 4))) << "the blob inside";
    // Near an edge the crop moves inside the picture rather than shrinking.
    const QRect corner = blobCrop(cv::Rect(0, 126, 2, 2), map, picture);
    EXPECT_GE(corner.width(), 32 * 4);
    EXPECT_GE(corner.height(), 32 * 4);
    EXPECT_TRUE(QRect(QPoint(0, 0), picture).contains(corner));
    // A large blob keeps its own margin.
    const QRect large = blobCrop(cv::Rect(20, 20, 60, 40), map, picture);
    EXPECT_GE(large.width(), (60 + 60) * 4 - 4);
}

// The predicted pixels stay visible: the line runs around them, not over them.
TEST(PredictionDrawing, PredictionsAreOutlinedAroundTheirPixels)
{
    test::ensureApplication();
    QImage picture(64, 64, QImage::Format_RGB32);
    picture.fill(QColor(100, 100, 100));
    cv::Mat probability = cv::Mat::zeros(64, 64, CV_8UC1);
    probability(cv::Rect(30, 30, 2, 2)).setTo(250);
    const cv::Mat truth = emptyClassMask({64, 64});
    const QImage drawn = reviewPicture(picture, truth, probability, 0, 0.5, Qt::green, Qt::red);
    for (int y = 30; y < 32; ++y)
        for (int x = 30; x < 32; ++x)
            EXPECT_EQ(drawn.pixelColor(x, y), QColor(100, 100, 100)) << x << "," << y;
    EXPECT_EQ(drawn.pixelColor(29, 30), QColor(Qt::red));
    EXPECT_EQ(drawn.pixelColor(32, 31), QColor(Qt::red));
    EXPECT_EQ(drawn.pixelColor(10, 10), QColor(100, 100, 100));
}

} // namespace
} // namespace dwb
