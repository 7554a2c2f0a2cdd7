#include "dwb/train/PatchSampler.h"

#include "dwb/imaging/ClassMask.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <vector>

namespace dwb {
namespace {

// The index-th pixel (row-major) of class bit `bit`, or (-1, -1).
cv::Point nthPixelOfClass(const cv::Mat& mask, std::uint16_t bit, std::int64_t index)
{
    for (int y = 0; y < mask.rows; ++y) {
        const auto* row = mask.ptr<std::uint16_t>(y);
        for (int x = 0; x < mask.cols; ++x)
            if ((row[x] & bit) && index-- == 0)
                return {x, y};
    }
    return {-1, -1};
}

int clampOrigin(int origin, int size, int extent)
{
    return std::clamp(origin, 0, std::max(0, extent - size));
}

} // namespace

PatchChoice choosePatch(const cv::Mat& mask, int size, double defectShare, Rng& rng)
{
    const int width = std::min(size, mask.cols);
    const int height = std::min(size, mask.rows);
    PatchChoice choice;
    if (rng.chance(defectShare)) {
        const std::uint32_t present = presentClassBits(mask);
        std::vector<int> classes;
        for (int c = 0; c < kMaxClasses; ++c)
            if (present & (1u << c))
                classes.push_back(c);
        if (!classes.empty()) {
            const int c = classes[static_cast<std::size_t>(
                rng.uniformInt(0, static_cast<std::int64_t>(classes.size()) - 1))];
            const auto bit = static_cast<std::uint16_t>(1u << c);
            const std::int64_t pixels = cv::countNonZero(classPixels(mask, c));
            const cv::Point pixel = nthPixelOfClass(mask, bit, rng.uniformInt(0, pixels - 1));
            // The defect pixel lands in the central half of the crop: always inside it, and not
            // always at its centre, so that the network does not learn where defects sit.
            const int dx = static_cast<int>(rng.uniformInt(-width / 4, width / 4));
            const int dy = static_cast<int>(rng.uniformInt(-height / 4, height / 4));
            const int x = clampOrigin(pixel.x - width / 2 + dx, width, mask.cols);
            const int y = clampOrigin(pixel.y - height / 2 + dy, height, mask.rows);
            choice.rect = {x, y, width, height};
            choice.onDefect = true;
            choice.defect = pixel;
            return choice;
        }
    }
    const int x = static_cast<int>(rng.uniformInt(0, mask.cols - width));
    const int y = static_cast<int>(rng.uniformInt(0, mask.rows - height));
    choice.rect = {x, y, width, height};
    return choice;
}

std::uint32_t patchLabels(const cv::Mat& mask, const cv::Rect& rect, std::uint32_t sampleLabels)
{
    const std::uint32_t inImage = presentClassBits(mask);
    const std::uint32_t inPatch = presentClassBits(mask(rect));
    return inPatch | (sampleLabels & ~inImage);
}

} // namespace dwb
