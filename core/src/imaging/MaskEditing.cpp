#include "dwb/imaging/MaskEditing.h"

#include "dwb/imaging/ClassMask.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace dwb {
namespace {

// The disc stamped at every point of a stroke: the pixels of a d x d box whose centres lie within
// d / 2 of the box's centre. Diameter 1 is one pixel, 3 a 3x3 square, 5 a 5x5 square without
// its corners (21 pixels).
cv::Mat discStamp(int diameter)
{
    cv::Mat stamp(diameter, diameter, CV_8UC1);
    const double centre = (diameter - 1) / 2.0;
    const double radiusSquared = diameter * diameter / 4.0;
    for (int y = 0; y < diameter; ++y)
        for (int x = 0; x < diameter; ++x) {
            const double dx = x - centre;
            const double dy = y - centre;
            stamp.at<std::uint8_t>(y, x) = dx * dx + dy * dy <= radiusSquared ? 255 : 0;
        }
    return stamp;
}

// ORs the stamp into `canvas`, whose top-left pixel is `origin` in mask coordinates, with the
// stamp's top-left at `topLeft`; the parts outside the canvas are dropped.
void stampAt(cv::Mat& canvas, cv::Point origin, const cv::Mat& stamp, cv::Point topLeft)
{
    const cv::Rect target = cv::Rect(topLeft - origin, stamp.size()) & cv::Rect({}, canvas.size());
    if (target.empty())
        return;
    const cv::Rect source(target.tl() - (topLeft - origin), target.size());
    cv::Mat roi = canvas(target);
    cv::bitwise_or(roi, stamp(source), roi);
}

MaskRegion regionFromCanvas(cv::Rect rect, cv::Mat canvas)
{
    if (cv::countNonZero(canvas) == 0)
        return {};
    return {rect, std::move(canvas)};
}

} // namespace

int MaskRegion::area() const
{
    return empty() ? 0 : cv::countNonZero(pixels);
}

MaskRegion strokeRegion(std::span<const cv::Point> points, int diameter, cv::Size size)
{
    if (points.empty() || size.empty())
        return {};
    const int d = std::max(diameter, 1);
    const int half = d / 2;
    cv::Rect bounds(points.front(), cv::Size(1, 1));
    for (const cv::Point& point : points)
        bounds |= cv::Rect(point, cv::Size(1, 1));
    const cv::Rect touched(bounds.x - half, bounds.y - half, bounds.width + d - 1,
                           bounds.height + d - 1);
    const cv::Rect rect = touched & cv::Rect({}, size);
    if (rect.empty())
        return {};

    cv::Mat canvas = cv::Mat::zeros(rect.size(), CV_8UC1);
    const cv::Mat stamp = discStamp(d);
    const cv::Point toTopLeft(-half, -half);
    stampAt(canvas, rect.tl(), stamp, points.front() + toTopLeft);
    for (std::size_t i = 1; i < points.size(); ++i) {
        cv::LineIterator line(points[i - 1], points[i], 8);
        for (int step = 0; step < line.count; ++step, ++line)
            stampAt(canvas, rect.tl(), stamp, line.pos() + toTopLeft);
    }
    return regionFromCanvas(rect, std::move(canvas));
}

MaskRegion polygonRegion(std::span<const cv::Point> points, cv::Size size)
{
    if (points.size() < 3 || size.empty())
        return {};
    const std::vector<cv::Point> polygon(points.begin(), points.end());
    const cv::Rect rect = cv::boundingRect(polygon) & cv::Rect({}, size);
    if (rect.empty())
        return {};
    cv::Mat canvas = cv::Mat::zeros(rect.size(), CV_8UC1);
    const std::vector<std::vector<cv::Point>> polygons{polygon};
    cv::fillPoly(canvas, polygons, cv::Scalar(255), cv::LINE_8, 0, -rect.tl());
    // fillPoly leaves out some pixels of edges that run right or down; the outline adds them.
    cv::polylines(canvas, polygons, true, cv::Scalar(255), 1, cv::LINE_8, 0);
    return regionFromCanvas(rect, std::move(canvas));
}

MaskRegion floodRegion(const cv::Mat& mask, cv::Point seed, int classIndex)
{
    CV_Assert(mask.type() == kClassMaskType && classIndex >= 0 && classIndex < kMaxClasses);
    if (!cv::Rect({}, mask.size()).contains(seed))
        return {};
    cv::Mat plane = classPixels(mask, classIndex);
    cv::Mat filled = cv::Mat::zeros(mask.rows + 2, mask.cols + 2, CV_8UC1);
    cv::Rect rect;
    // Zero tolerance on a 0/255 plane: exactly the 4-connected pixels of the seed's value.
    const int flags = 4 | (255 << 8) | cv::FLOODFILL_MASK_ONLY;
    cv::floodFill(plane, filled, seed, cv::Scalar(), &rect, cv::Scalar(), cv::Scalar(), flags);
    if (rect.empty())
        return {};
    return {rect, filled(rect + cv::Point(1, 1)).clone()};
}

int MaskDiff::changedPixels() const
{
    return empty() ? 0 : cv::countNonZero(before != after);
}

void MaskDiff::apply(cv::Mat& mask) const
{
    if (empty())
        return;
    CV_Assert(mask.type() == kClassMaskType && (rect & cv::Rect({}, mask.size())) == rect);
    after.copyTo(mask(rect));
}

void MaskDiff::revert(cv::Mat& mask) const
{
    if (empty())
        return;
    CV_Assert(mask.type() == kClassMaskType && (rect & cv::Rect({}, mask.size())) == rect);
    before.copyTo(mask(rect));
}

MaskDiff diffMasks(const cv::Mat& before, const cv::Mat& after)
{
    CV_Assert(before.type() == kClassMaskType && after.type() == kClassMaskType);
    CV_Assert(before.size() == after.size());
    const cv::Mat changed = before != after;
    const cv::Rect rect = cv::boundingRect(changed);
    if (rect.empty())
        return {};
    return {rect, before(rect).clone(), after(rect).clone()};
}

MaskDiff paintRegion(cv::Mat& mask, const MaskRegion& region, int classIndex, bool erase)
{
    CV_Assert(mask.type() == kClassMaskType && classIndex >= 0 && classIndex < kMaxClasses);
    if (region.empty())
        return {};
    CV_Assert((region.rect & cv::Rect({}, mask.size())) == region.rect);
    CV_Assert(region.pixels.type() == CV_8UC1 && region.pixels.size() == region.rect.size());
    cv::Mat target = mask(region.rect);
    const cv::Mat before = target.clone();
    const auto bit = static_cast<std::uint16_t>(1u << classIndex);
    for (int y = 0; y < target.rows; ++y) {
        auto* out = target.ptr<std::uint16_t>(y);
        const auto* in = region.pixels.ptr<std::uint8_t>(y);
        for (int x = 0; x < target.cols; ++x)
            if (in[x])
                out[x] = static_cast<std::uint16_t>(erase ? out[x] & ~bit : out[x] | bit);
    }
    MaskDiff diff = diffMasks(before, target);
    if (!diff.empty())
        diff.rect += region.rect.tl();
    return diff;
}

} // namespace dwb
