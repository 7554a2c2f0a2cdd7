#pragma once

// Drawing of predictions over pictures, shared by the review gallery and the editor: a
// sample's picture with the true pixels of a class tinted and the predicted pixels outlined,
// and crops around blobs.

#include <QColor>
#include <QImage>
#include <QRect>

// OpenCV is only declared: the sources that use these include it themselves.
namespace cv {
class Mat;
template <typename T>
class Rect_;
template <typename T>
class Size_;
} // namespace cv

namespace dwb {

// A colour that stands out against `colour`: the opposite hue, fully saturated and bright.
QColor contrastingColour(const QColor& colour);

// `picture` with the pixels of class `classIndex` in `truth` (CV_16UC1 class mask) tinted in
// `truthColour` and a ring just outside the predicted pixels of `probability` (CV_8UC1, round(255
// p), predicted where q / 255 > threshold in float) drawn in `predictionColour`. The maps share one
// size and are scaled to the picture's with nearest neighbour; empty maps draw nothing.
QImage reviewPicture(const QImage& picture, const cv::Mat& truth, const cv::Mat& probability,
                     int classIndex, double threshold, const QColor& truthColour,
                     const QColor& predictionColour);

// The predicted pixels of `probability` (as reviewPicture decides them) scaled to `size` with
// nearest neighbour, as a Format_Grayscale16 class mask holding bit `classIndex` there; a null
// image for an empty map or size.
QImage predictedClassMask(const cv::Mat& probability, double threshold, int classIndex,
                          const QSize& size);

// The part of a picture of `pictureSize` around `box` (in pixels of maps of `mapSize`), grown by
// a margin of half its longer side (at least two map pixels), at least a quarter of the map's
// shorter side (32 map pixels at most) on each side so that a tiny blob keeps its context,
// centred on the blob where the map allows, and clipped to the picture.
QRect blobCrop(const cv::Rect_<int>& box, const cv::Size_<int>& mapSize, const QSize& pictureSize);

} // namespace dwb
