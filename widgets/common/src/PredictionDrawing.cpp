#include "PredictionDrawing.h"

#include "dwb/imaging/Overlay.h"

#include <QPainter>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdint>

namespace dwb {

namespace {

constexpr int kTruthAlpha = 110;
constexpr int kOutlineWidth = 2; // picture pixels: a one-pixel line vanishes in a shrunk icon
constexpr int kMinCropSide = 32; // map pixels: the least context a blob tile shows

// 255 where class `classIndex` is, at `size`.
cv::Mat classPixels(const cv::Mat& truth, int classIndex, const cv::Size& size)
{
    cv::Mat bits;
    cv::bitwise_and(truth, cv::Scalar(1u << classIndex), bits);
    cv::Mat mask = bits != 0;
    cv::Mat scaled;
    cv::resize(mask, scaled, size, 0, 0, cv::INTER_NEAREST);
    return scaled;
}

// 255 where the review predicts the class, 0 elsewhere, at `size` (nearest neighbour).
cv::Mat predictedPixels(const cv::Mat& probability, double threshold, const cv::Size& size)
{
    const auto t = static_cast<float>(threshold);
    int level = 0; // the smallest q with q / 255 > t, as the review decides it
    while (level < 256 && !(static_cast<float>(level) / 255.0f > t))
        ++level;
    cv::Mat predicted = probability >= level;
    cv::Mat scaled;
    cv::resize(predicted, scaled, size, 0, 0, cv::INTER_NEAREST);
    return scaled;
}

// 255 on a ring just outside the predicted pixels, at `size`: the pixels themselves stay visible,
// so that a blob of a few pixels is outlined rather than painted over.
cv::Mat predictedBorder(const cv::Mat& probability, double threshold, const cv::Size& size)
{
    return outerRing(predictedPixels(probability, threshold, size), kOutlineWidth);
}

} // namespace

QImage predictedClassMask(const cv::Mat& probability, double threshold, int classIndex,
                          const QSize& size)
{
    if (probability.empty() || size.isEmpty() || classIndex < 0 || classIndex >= 16)
        return {};
    const cv::Mat predicted =
        predictedPixels(probability, threshold, cv::Size(size.width(), size.height()));
    QImage mask(size, QImage::Format_Grayscale16);
    mask.fill(0);
    const auto bit = static_cast<quint16>(1u << classIndex);
    for (int y = 0; y < size.height(); ++y) {
        const auto* in = predicted.ptr<std::uint8_t>(y);
        auto* out = reinterpret_cast<quint16*>(mask.scanLine(y));
        for (int x = 0; x < size.width(); ++x)
            out[x] = in[x] != 0 ? bit : 0;
    }
    return mask;
}

QColor contrastingColour(const QColor& colour)
{
    const int hue = colour.hsvHue() < 0 ? 180 : (colour.hsvHue() + 180) % 360;
    return QColor::fromHsv(hue, 255, 255);
}

QImage reviewPicture(const QImage& picture, const cv::Mat& truth, const cv::Mat& probability,
                     int classIndex, double threshold, const QColor& truthColour,
                     const QColor& predictionColour)
{
    QImage canvas = picture.convertToFormat(QImage::Format_ARGB32_Premultiplied);
    if (truth.empty() || probability.empty() || canvas.isNull())
        return canvas;
    const cv::Size size(canvas.width(), canvas.height());
    const cv::Mat truePixels = classPixels(truth, classIndex, size);
    const cv::Mat border = predictedBorder(probability, threshold, size);
    QImage overlay(canvas.size(), QImage::Format_ARGB32);
    overlay.fill(Qt::transparent);
    const QRgb tint =
        qRgba(truthColour.red(), truthColour.green(), truthColour.blue(), kTruthAlpha);
    const QRgb line = predictionColour.rgb() | 0xff000000u;
    for (int y = 0; y < size.height; ++y) {
        auto* out = reinterpret_cast<QRgb*>(overlay.scanLine(y));
        const auto* isTrue = truePixels.ptr<std::uint8_t>(y);
        const auto* isBorder = border.ptr<std::uint8_t>(y);
        for (int x = 0; x < size.width; ++x)
            out[x] = isBorder[x] ? line : isTrue[x] ? tint : 0u;
    }
    QPainter painter(&canvas);
    painter.drawImage(0, 0, overlay);
    return canvas;
}

QRect blobCrop(const cv::Rect& box, const cv::Size& mapSize, const QSize& pictureSize)
{
    const int margin = std::max(2, std::max(box.width, box.height) / 2);
    // A blob of a few pixels keeps its surroundings: the crop is never smaller than a quarter of
    // the map's shorter side (or kMinCropSide map pixels, whichever is smaller).
    const int minSide =
        std::min(kMinCropSide, std::max(1, std::min(mapSize.width, mapSize.height) / 4));
    const int width = std::max(box.width + 2 * margin, minSide);
    const int height = std::max(box.height + 2 * margin, minSide);
    const int left =
        std::clamp(box.x + box.width / 2 - width / 2, 0, std::max(0, mapSize.width - width));
    const int top =
        std::clamp(box.y + box.height / 2 - height / 2, 0, std::max(0, mapSize.height - height));
    const cv::Rect grown =
        cv::Rect(left, top, width, height) & cv::Rect(0, 0, mapSize.width, mapSize.height);
    if (grown.empty() || mapSize.width <= 0 || mapSize.height <= 0)
        return {QPoint(0, 0), pictureSize};
    const double sx = static_cast<double>(pictureSize.width()) / mapSize.width;
    const double sy = static_cast<double>(pictureSize.height()) / mapSize.height;
    const QRect crop(QPoint(static_cast<int>(grown.x * sx), static_cast<int>(grown.y * sy)),
                     QPoint(static_cast<int>((grown.x + grown.width) * sx) - 1,
                            static_cast<int>((grown.y + grown.height) * sy) - 1));
    return crop.intersected(QRect(QPoint(0, 0), pictureSize));
}

} // namespace dwb
