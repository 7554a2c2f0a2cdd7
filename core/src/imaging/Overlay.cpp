#include "dwb/imaging/Overlay.h"

#include "dwb/imaging/ClassMask.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdlib>

namespace dwb {

namespace {

Result<cv::Vec3b> bgrOf(const std::string& colour)
{
    if (colour.size() != 7 || colour[0] != '#')
        return fail(ErrorCode::InvalidArgument, "not a #rrggbb colour: '" + colour + "'");
    char* end = nullptr;
    const unsigned long rgb = std::strtoul(colour.c_str() + 1, &end, 16);
    if (end != colour.c_str() + 7)
        return fail(ErrorCode::InvalidArgument, "not a #rrggbb colour: '" + colour + "'");
    return cv::Vec3b(static_cast<uchar>(rgb & 0xff), static_cast<uchar>((rgb >> 8) & 0xff),
                     static_cast<uchar>((rgb >> 16) & 0xff));
}

} // namespace

cv::Mat outerRing(const cv::Mat& binary, int width)
{
    const int side = 2 * std::max(1, width) + 1;
    cv::Mat ring;
    cv::dilate(binary, ring, cv::getStructuringElement(cv::MORPH_RECT, {side, side}));
    ring.setTo(0, binary);
    return ring;
}

Result<cv::Mat> drawClassOutlines(const cv::Mat& image, const cv::Mat& classMask,
                                  const std::vector<std::string>& colours, int width)
{
    if (image.empty() || image.depth() != CV_8U)
        return fail(ErrorCode::InvalidArgument, "the image must be 8-bit");
    if (classMask.type() != kClassMaskType || classMask.size() != image.size())
        return fail(ErrorCode::InvalidArgument,
                    "the class mask must be CV_16UC1 of the image's size");
    cv::Mat picture;
    if (image.channels() == 1)
        cv::cvtColor(image, picture, cv::COLOR_GRAY2BGR);
    else if (image.channels() == 4)
        cv::cvtColor(image, picture, cv::COLOR_BGRA2BGR);
    else
        picture = image.clone();
    for (std::size_t c = 0; c < colours.size() && c < static_cast<std::size_t>(kMaxClasses); ++c) {
        auto colour = bgrOf(colours[c]);
        if (!colour)
            return std::unexpected(colour.error());
        const cv::Mat pixels = classPixels(classMask, static_cast<int>(c));
        if (cv::countNonZero(pixels) == 0)
            continue;
        picture.setTo(cv::Scalar((*colour)[0], (*colour)[1], (*colour)[2]),
                      outerRing(pixels, width));
    }
    return picture;
}

} // namespace dwb
