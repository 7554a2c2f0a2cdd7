#pragma once

// Private bridges between OpenCV matrices and QImage for the widgets' sources; public headers
// stay free of OpenCV.

#include <QImage>

#include <opencv2/core/mat.hpp>

namespace dwb {

// A CV_16UC1 header over a Format_Grayscale16 image's pixels, without copying. Valid while the
// image is neither destroyed nor detached; take it just before use.
inline cv::Mat classMaskView(QImage& mask)
{
    return {mask.height(), mask.width(), CV_16UC1, mask.bits(),
            static_cast<std::size_t>(mask.bytesPerLine())};
}

// Read-only counterpart: the pixels must not be written through it.
inline cv::Mat classMaskView(const QImage& mask)
{
    return {mask.height(), mask.width(), CV_16UC1, const_cast<uchar*>(mask.constBits()),
            static_cast<std::size_t>(mask.bytesPerLine())};
}

// A Format_Grayscale16 copy of a CV_16UC1 class mask.
inline QImage classMaskImage(const cv::Mat& mask)
{
    CV_Assert(mask.type() == CV_16UC1);
    QImage image(mask.cols, mask.rows, QImage::Format_Grayscale16);
    cv::Mat view = classMaskView(image);
    mask.copyTo(view);
    return image;
}

} // namespace dwb
