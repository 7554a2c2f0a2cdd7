#include "dwb/model/CanOptions.h"

#include <algorithm>

namespace dwb {

int defaultPool(int height, int width)
{
    return std::max(height, width) > 800 ? 3 : 2;
}

ModelStats canStats(const CanOptions& options, int height, int width)
{
    const std::int64_t pooledPixels =
        static_cast<std::int64_t>(height / options.pool) * (width / options.pool);
    ModelStats stats;
    int inputs = options.inputChannels;
    for (std::size_t layer = 0; layer < options.dilations.size(); ++layer) {
        const std::int64_t weights = std::int64_t{inputs} * options.width * 9;
        // Convolution weights and bias, then batch normalisation's scale and shift (one
        // multiply-accumulate per element at inference).
        stats.parameters += weights + options.width + 2 * options.width;
        stats.macs += static_cast<double>((weights + 2 * options.width) * pooledPixels);
        inputs = options.width;
    }
    const std::int64_t head = std::int64_t{inputs} * options.classes + options.classes;
    stats.parameters += head;
    stats.macs += static_cast<double>(head * pooledPixels);
    return stats;
}

} // namespace dwb
