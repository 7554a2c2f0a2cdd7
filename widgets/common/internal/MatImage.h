#pragma once

// Private bridges between OpenCV matrices and QImage for the widgets' sources. OpenCV is only
// declared here: the sources that use these include it themselves.

#include <QImage>

namespace cv {
class Mat;
}

namespace dwb {

// A CV_16UC1 header over a Format_Grayscale16 image's pixels, without copying. Valid while the
// image is neither destroyed nor detached; take it just before use.
cv::Mat classMaskView(QImage& mask);
// Read-only counterpart: the pixels must not be written through it.
cv::Mat classMaskView(const QImage& mask);

// A Format_Grayscale16 copy of a CV_16UC1 class mask.
QImage classMaskImage(const cv::Mat& mask);

// A copy of an 8-bit grey (CV_8UC1) or BGR (CV_8UC3) image as a QImage.
QImage imageFromMat(const cv::Mat& image);

} // namespace dwb
