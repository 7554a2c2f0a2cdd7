#include "dwb/train/DataDefaults.h"

#include "dwb/augment/BlobExtractor.h"
#include "dwb/imaging/ClassMask.h"
#include "dwb/model/CanOptions.h"

#include <algorithm>
#include <cmath>

namespace dwb {
namespace {

double percentile(std::vector<double> values, double q)
{
    if (values.empty())
        return 0;
    const auto k = static_cast<std::size_t>(std::clamp(q, 0.0, 1.0) * (values.size() - 1) + 0.5);
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    return values[k];
}

int roundTo(double value, int step)
{
    return std::max(step, static_cast<int>(std::lround(value / step)) * step);
}

} // namespace

InputShape defaultInputShape(const std::vector<SampleRecord>& samples, int channels)
{
    if (samples.empty())
        return {0, 0, channels};
    std::vector<double> heights, widths;
    for (const SampleRecord& s : samples) {
        heights.push_back(s.height);
        widths.push_back(s.width);
    }
    double height = percentile(heights, 0.5);
    double width = percentile(widths, 0.5);
    if (const double pixels = height * width; pixels > kMaxDefaultInputPixels) {
        const double scale = std::sqrt(kMaxDefaultInputPixels / pixels);
        height *= scale;
        width *= scale;
    }
    return {roundTo(height, 8), roundTo(width, 8), channels};
}

DefectExtents defectExtents(const std::vector<PreparedSample>& samples, int classes)
{
    std::vector<double> small, large;
    const std::uint32_t all = classes >= 32 ? ~0u : (1u << classes) - 1u;
    for (const PreparedSample& sample : samples) {
        const std::uint32_t present = presentClassBits(sample.mask) & all;
        if (present == 0)
            continue;
        for (const Blob& blob : extractBlobs(sample.mask, present, classes)) {
            small.push_back(std::min(blob.box.width, blob.box.height));
            large.push_back(std::max(blob.box.width, blob.box.height));
        }
    }
    return {static_cast<int>(small.size()), percentile(small, 0.1), percentile(large, 0.5),
            percentile(large, 0.9)};
}

int defaultPool(InputShape shape, const DefectExtents& extents)
{
    int pool = dwb::defaultPool(shape.height, shape.width);
    while (pool > 1 && extents.blobs > 0 && extents.smallSide < 2.0 * pool)
        --pool;
    return pool;
}

int defaultPatchSize(InputShape shape, const DefectExtents& extents)
{
    if (extents.blobs == 0)
        return 0;
    const double wanted =
        std::max({96.0, 2.0 * extents.typicalSide, 0.5 * std::min(shape.height, shape.width)});
    const int side = static_cast<int>(std::ceil(wanted / 16.0)) * 16;
    const double covered = static_cast<double>(std::min(side, shape.height)) *
                           std::min(side, shape.width) /
                           (static_cast<double>(shape.height) * shape.width);
    return covered > 0.5 ? 0 : side;
}

} // namespace dwb
