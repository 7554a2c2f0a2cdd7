#include "dwb/augment/BorderDetector.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace dwb {
namespace {

bool isBackgroundLine(const cv::Mat& line, const BorderConfig& config)
{
    cv::Scalar mean;
    cv::Scalar stddev;
    cv::meanStdDev(line, mean, stddev);
    if (stddev[0] > config.maxStdDev)
        return false;
    return mean[0] <= config.darkLevel || mean[0] >= config.brightLevel;
}

// Whether the `depth` outermost lines along one side are all background; `lineAt(i)` is the
// i-th line from that side.
template <typename LineAt>
bool isBorderSide(int lines, const BorderConfig& config, LineAt lineAt)
{
    const int depth = std::clamp(config.depth, 1, lines);
    for (int i = 0; i < depth; ++i)
        if (!isBackgroundLine(lineAt(i), config))
            return false;
    return true;
}

} // namespace

BorderSides detectBorders(const cv::Mat& image, const BorderConfig& config)
{
    if (image.empty())
        return {};
    cv::Mat grey = image;
    if (image.channels() == 3)
        cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
    const int rows = grey.rows;
    const int cols = grey.cols;
    BorderSides sides;
    sides.top = isBorderSide(rows, config, [&](int i) { return grey.row(i); });
    sides.bottom = isBorderSide(rows, config, [&](int i) { return grey.row(rows - 1 - i); });
    sides.left = isBorderSide(cols, config, [&](int i) { return grey.col(i); });
    sides.right = isBorderSide(cols, config, [&](int i) { return grey.col(cols - 1 - i); });
    return sides;
}

} // namespace dwb
