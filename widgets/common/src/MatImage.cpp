#include "MatImage.h"

#include <opencv2/core.hpp>

#include <algorithm>

namespace dwb {

cv::Mat classMaskView(QImage& mask)
{
    return {mask.height(), mask.width(), CV_16UC1, mask.bits(),
            static_cast<std::size_t>(mask.bytesPerLine())};
}

cv::Mat classMaskView(const QImage& mask)
{
    return {mask.height(), mask.width(), CV_16UC1, const_cast<uchar*>(mask.constBits()),
            static_cast<std::size_t>(mask.bytesPerLine())};
}

QImage classMaskImage(const cv::Mat& mask)
{
    CV_Assert(mask.type() == CV_16UC1);
    QImage image(mask.cols, mask.rows, QImage::Format_Grayscale16);
    cv::Mat view = classMaskView(image);
    mask.copyTo(view);
    return image;
}

QImage imageFromMat(const cv::Mat& image)
{
    CV_Assert(image.type() == CV_8UC1 || image.type() == CV_8UC3);
    const bool grey = image.type() == CV_8UC1;
    QImage out(image.cols, image.rows, grey ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    for (int y = 0; y < image.rows; ++y) {
        const uchar* from = image.ptr<uchar>(y);
        uchar* to = out.scanLine(y);
        if (grey) {
            std::copy(from, from + image.cols, to);
            continue;
        }
        for (int x = 0; x < image.cols; ++x) { // BGR to RGB
            to[3 * x] = from[3 * x + 2];
            to[3 * x + 1] = from[3 * x + 1];
            to[3 * x + 2] = from[3 * x];
        }
    }
    return out;
}

} // namespace dwb
