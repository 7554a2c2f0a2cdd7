#include "DemoRendering.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace dwb::demo {
namespace {

constexpr double kPi = std::numbers::pi;
// Backgrounds stay within [kMinLevel, kMaxLevel]: a defect's change of at least kMinContrast
// then survives saturation at 0 and 255.
constexpr double kMinLevel = 3 * kMinContrast;
constexpr double kMaxLevel = 255 - 3 * kMinContrast;
constexpr int kMaxStreakHalf = 20;

cv::Mat normalField(Rng& rng, cv::Size size)
{
    cv::Mat field(size, CV_64FC1);
    for (int y = 0; y < field.rows; ++y) {
        auto* row = field.ptr<double>(y);
        for (int x = 0; x < field.cols; ++x)
            row[x] = rng.normal();
    }
    return field;
}

// Bilinear interpolation in a CV_64FC1 field of at least 2x2, clamped to its border.
double sampleBilinear(const cv::Mat& field, double x, double y)
{
    x = std::clamp(x, 0.0, field.cols - 1.0);
    y = std::clamp(y, 0.0, field.rows - 1.0);
    const int x0 = std::min(static_cast<int>(x), field.cols - 2);
    const int y0 = std::min(static_cast<int>(y), field.rows - 2);
    const double fx = x - x0;
    const double fy = y - y0;
    const auto* top = field.ptr<double>(y0);
    const auto* bottom = field.ptr<double>(y0 + 1);
    const double upper = top[x0] + fx * (top[x0 + 1] - top[x0]);
    const double lower = bottom[x0] + fx * (bottom[x0 + 1] - bottom[x0]);
    return upper + fy * (lower - upper);
}

// Noise that varies smoothly over about `cell` pixels: a coarse grid of normal values,
// interpolated.
cv::Mat smoothNoise(Rng& rng, cv::Size size, double cell)
{
    const cv::Size grid(static_cast<int>(size.width / cell) + 2,
                        static_cast<int>(size.height / cell) + 2);
    const cv::Mat coarse = normalField(rng, grid);
    cv::Mat out(size, CV_64FC1);
    for (int y = 0; y < out.rows; ++y) {
        auto* row = out.ptr<double>(y);
        for (int x = 0; x < out.cols; ++x)
            row[x] = sampleBilinear(coarse, x / cell, y / cell);
    }
    return out;
}

// Running mean along each row over `half` pixels either side, the row's ends repeated.
void boxBlurRows(cv::Mat& field, int half)
{
    const int width = field.cols;
    const auto at = [width](const std::vector<double>& row, int x) {
        return row[static_cast<std::size_t>(std::clamp(x, 0, width - 1))];
    };
    const double scale = 1.0 / (2 * half + 1);
    std::vector<double> row(static_cast<std::size_t>(width));
    for (int y = 0; y < field.rows; ++y) {
        auto* out = field.ptr<double>(y);
        std::copy(out, out + width, row.begin());
        double sum = 0;
        for (int k = -half; k <= half; ++k)
            sum += at(row, k);
        for (int x = 0; x < width; ++x) {
            out[x] = sum * scale;
            sum += at(row, x + half + 1) - at(row, x - half);
        }
    }
}

// Written out so that the summation order, and with it the last bit, is fixed.
double standardDeviation(const cv::Mat& field)
{
    double sum = 0;
    double squares = 0;
    for (int y = 0; y < field.rows; ++y) {
        const auto* row = field.ptr<double>(y);
        for (int x = 0; x < field.cols; ++x) {
            sum += row[x];
            squares += row[x] * row[x];
        }
    }
    const double count = static_cast<double>(field.total());
    const double mean = sum / count;
    return std::sqrt(std::max(squares / count - mean * mean, 1e-12));
}

// Brushing marks along the rows of a square canvas: white noise smeared along x, plus an offset
// per row that runs across the whole surface as the long grooves of the brush do.
cv::Mat streakCanvas(Rng& rng, int side)
{
    cv::Mat marks = normalField(rng, {side, side});
    const int half = static_cast<int>(rng.uniformInt(3, kMaxStreakHalf));
    // Two box passes make a triangular kernel, without the hard ends of a single box.
    boxBlurRows(marks, half);
    boxBlurRows(marks, half);
    marks *= rng.uniform(3.0, 7.0) / standardDeviation(marks);

    cv::Mat grooves = normalField(rng, {1, side});
    grooves *= rng.uniform(2.0, 6.0);
    for (int y = 0; y < side; ++y)
        marks.row(y) += grooves.at<double>(y, 0);
    return marks;
}

// The per-image look of a surface.
struct Surface {
    double base = 128;    // mean grey level
    double angle = 0;     // direction of the brushing marks, radians
    double gradientX = 0; // illumination change across the image, grey levels
    double gradientY = 0;
    double bandLevel = 0;   // a bright reflection along the marks, as on a curved part
    double bandOffset = 0;  // its distance from the centre, pixels across the marks
    double bandWidth = 1;   // pixels
    double grain = 1;       // standard deviation of the per-pixel noise
    double mottleLevel = 0; // blotchy unevenness of the finish
    double mottleCell = 16; // its scale, pixels
};

Surface drawSurface(Rng& rng, cv::Size size)
{
    Surface surface;
    surface.base = rng.uniform(85.0, 165.0);
    surface.angle = (rng.chance(0.5) ? 0.0 : kPi / 2) + rng.uniform(-0.15, 0.15);
    surface.gradientX = rng.uniform(-14.0, 14.0);
    surface.gradientY = rng.uniform(-14.0, 14.0);
    surface.bandLevel = rng.chance(0.6) ? rng.uniform(4.0, 18.0) : 0.0;
    surface.bandOffset = rng.uniform(-0.5, 0.5) * std::max(size.width, size.height);
    surface.bandWidth = rng.uniform(12.0, 45.0);
    surface.grain = rng.uniform(1.2, 2.5);
    surface.mottleLevel = rng.uniform(1.5, 5.0);
    surface.mottleCell = rng.uniform(14.0, 28.0);
    return surface;
}

// A random pixel at least `margin` pixels inside the image.
cv::Point randomPoint(Rng& rng, cv::Size size, int margin)
{
    return {static_cast<int>(rng.uniformInt(margin, size.width - 1 - margin)),
            static_cast<int>(rng.uniformInt(margin, size.height - 1 - margin))};
}

bool onMaskBorder(const cv::Mat& mask, int x, int y)
{
    const auto outside = [&mask](int px, int py) {
        return px < 0 || py < 0 || px >= mask.cols || py >= mask.rows ||
               mask.at<std::uint8_t>(py, px) == 0;
    };
    return outside(x - 1, y) || outside(x + 1, y) || outside(x, y - 1) || outside(x, y + 1);
}

// Sets image = background + delta(x, y) inside the mask, |delta| raised to kMinContrast.
template <typename Delta>
void applyInside(const cv::Mat& mask, const cv::Mat& background, cv::Mat& image, Delta delta)
{
    for (int y = 0; y < mask.rows; ++y) {
        const auto* inside = mask.ptr<std::uint8_t>(y);
        const auto* base = background.ptr<std::uint8_t>(y);
        auto* out = image.ptr<std::uint8_t>(y);
        for (int x = 0; x < mask.cols; ++x) {
            if (!inside[x])
                continue;
            double change = delta(x, y);
            if (std::abs(change) < kMinContrast)
                change = std::copysign(kMinContrast, change);
            out[x] = cv::saturate_cast<std::uint8_t>(base[x] + change);
        }
    }
}

// A gently bent line of one to three segments, kept inside the image where a few tries allow
// (otherwise drawing clips it, and its mask alike).
std::vector<cv::Point> scratchPath(Rng& rng, cv::Size size)
{
    const double length = rng.uniform(15.0, 60.0);
    const int segments = static_cast<int>(rng.uniformInt(1, 3));
    const cv::Rect inside(2, 2, size.width - 4, size.height - 4);
    std::vector<cv::Point> path;
    for (int attempt = 0; attempt < 20; ++attempt) {
        double angle = rng.uniform(0.0, 2 * kPi);
        cv::Point2d at(rng.uniform(2.0, size.width - 3.0), rng.uniform(2.0, size.height - 3.0));
        path.assign(1, cv::Point(cvRound(at.x), cvRound(at.y)));
        for (int s = 0; s < segments; ++s) {
            angle += rng.uniform(-0.3, 0.3);
            at += (length / segments) * cv::Point2d(std::cos(angle), std::sin(angle));
            path.emplace_back(cvRound(at.x), cvRound(at.y));
        }
        if (std::ranges::all_of(path, [&inside](cv::Point p) { return inside.contains(p); }))
            break;
    }
    return path;
}

// An irregular blob: a polygon whose corners are jittered in angle and radius.
std::vector<cv::Point> patchOutline(Rng& rng, cv::Size size)
{
    const double radius = rng.uniform(8.0, 30.0) / 2;
    const int corners = static_cast<int>(rng.uniformInt(8, 14));
    const double aspect = rng.uniform(0.6, 1.0);
    const double tilt = rng.uniform(0.0, kPi);
    const cv::Point centre = randomPoint(rng, size, static_cast<int>(std::ceil(radius)) + 1);
    const double step = 2 * kPi / corners;
    std::vector<cv::Point> outline;
    for (int k = 0; k < corners; ++k) {
        const double angle = (k + rng.uniform(-0.4, 0.4)) * step;
        const double reach = radius * rng.uniform(0.5, 1.0);
        const double u = reach * std::cos(angle);
        const double v = reach * std::sin(angle) * aspect;
        outline.emplace_back(centre.x + cvRound(u * std::cos(tilt) - v * std::sin(tilt)),
                             centre.y + cvRound(u * std::sin(tilt) + v * std::cos(tilt)));
    }
    return outline;
}

} // namespace

cv::Mat renderBackground(Rng& rng, cv::Size size)
{
    const Surface surface = drawSurface(rng, size);
    // Large enough that the image, turned by any angle, samples marks away from the canvas's
    // ends, where the smearing runs out.
    const int side =
        static_cast<int>(std::ceil(std::hypot(size.width, size.height))) + 2 * kMaxStreakHalf + 2;
    const cv::Mat marks = streakCanvas(rng, side);
    const cv::Mat mottle = smoothNoise(rng, size, surface.mottleCell);
    const double centre = (side - 1) / 2.0;
    const double cosA = std::cos(surface.angle);
    const double sinA = std::sin(surface.angle);
    cv::Mat out(size, CV_8UC1);
    for (int y = 0; y < size.height; ++y) {
        auto* row = out.ptr<std::uint8_t>(y);
        for (int x = 0; x < size.width; ++x) {
            const double dx = x - (size.width - 1) / 2.0;
            const double dy = y - (size.height - 1) / 2.0;
            const double along = dx * cosA + dy * sinA;
            const double across = -dx * sinA + dy * cosA;
            const double band = (across - surface.bandOffset) / surface.bandWidth;
            double value = surface.base + sampleBilinear(marks, centre + along, centre + across);
            value += surface.mottleLevel * mottle.at<double>(y, x);
            value += surface.gradientX * dx / size.width + surface.gradientY * dy / size.height;
            value += surface.bandLevel * std::exp(-band * band);
            value += surface.grain * rng.normal();
            row[x] = cv::saturate_cast<std::uint8_t>(std::clamp(value, kMinLevel, kMaxLevel));
        }
    }
    return out;
}

cv::Mat renderPit(Rng& rng, const cv::Mat& background, cv::Mat& image)
{
    const int radius = static_cast<int>(rng.uniformInt(1, 4));
    const cv::Point centre = randomPoint(rng, image.size(), radius + 1);
    const double depth = rng.uniform(35.0, 70.0);
    const double rim = rng.uniform(kMinContrast + 1, 16.0);
    cv::Mat mask = cv::Mat::zeros(image.size(), CV_8UC1);
    cv::circle(mask, centre, radius, 255, cv::FILLED, cv::LINE_8);
    applyInside(mask, background, image, [&](int x, int y) {
        // The larger pits show a faint raised rim where the metal was pushed up.
        if (radius >= 3 && onMaskBorder(mask, x, y))
            return rim;
        const double r = std::hypot(x - centre.x, y - centre.y) / (radius + 0.5);
        return -depth * (1.0 - 0.5 * r * r);
    });
    return mask;
}

cv::Mat renderScratch(Rng& rng, const cv::Mat& background, cv::Mat& image)
{
    std::vector<cv::Point> path = scratchPath(rng, image.size());
    cv::Mat mask = cv::Mat::zeros(image.size(), CV_8UC1);
    cv::polylines(mask, path, false, 255, 1, cv::LINE_8);
    // OpenCV draws thickness 2 about four pixels wide; a second line beside the first makes a
    // scratch two pixels wide.
    if (rng.chance(0.35)) {
        const cv::Point run = path.back() - path.front();
        const cv::Point beside =
            std::abs(run.x) >= std::abs(run.y) ? cv::Point(0, 1) : cv::Point(1, 0);
        for (auto& point : path)
            point += beside;
        cv::polylines(mask, path, false, 255, 1, cv::LINE_8);
    }
    const double sign = rng.chance(0.6) ? 1.0 : -1.0;
    const double contrast = rng.uniform(22.0, 45.0);
    applyInside(mask, background, image,
                [&](int, int) { return sign * contrast * rng.uniform(0.75, 1.0); });
    return mask;
}

cv::Mat renderPatch(Rng& rng, const cv::Mat& background, cv::Mat& image)
{
    const std::vector<std::vector<cv::Point>> outline{patchOutline(rng, image.size())};
    cv::Mat mask = cv::Mat::zeros(image.size(), CV_8UC1);
    cv::fillPoly(mask, outline, 255, cv::LINE_8);
    // Stains and corrosion are mostly darker than the bare metal around them.
    const double shift = rng.chance(0.65) ? -rng.uniform(18.0, 40.0) : rng.uniform(15.0, 30.0);
    const cv::Mat blotches = smoothNoise(rng, image.size(), rng.uniform(2.5, 5.0));
    applyInside(mask, background, image, [&](int x, int y) {
        const double texture = std::clamp(blotches.at<double>(y, x), -1.0, 1.0);
        return shift * (1.0 + 0.35 * texture) + 2.0 * rng.normal();
    });
    return mask;
}

} // namespace dwb::demo
