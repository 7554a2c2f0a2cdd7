#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dwb {

// The Context Aggregation Network's shape. Torch-free, so that configuration code, the GUI and
// model statistics can use it without torch's headers.
struct CanOptions {
    int inputChannels = 1; // 1 (grey) or 3 (colour)
    int classes = 5;
    int width = 32;    // channels of every dilated layer
    int pool = 2;      // average-pooling kernel and stride before the dilated stack
    double leak = 0.2; // LeakyReLU negative slope
    // Standardise each image (zero mean, unit deviation over its pixels) before the network:
    // images of one set differ in brightness and contrast, and without this the batch
    // normalisations learn from each batch's own mix, which their running statistics cannot
    // reproduce at inference. Off for models saved before it existed.
    bool standardize = false;
    std::vector<int> dilations = {1, 2, 4, 8, 16, 32, 64, 32, 16, 8, 4, 2, 1};
};

// Standardisation divides by each image's deviation, at least this much (pixels in [0, 1]), so that
// flat images are not blown up into noise.
inline constexpr double kMinImageDeviation = 0.02;

// The paper's pooling rule: kernel 2 for inputs up to about 400 px a side, 3 beyond.
int defaultPool(int height, int width);

struct ModelStats {
    std::int64_t parameters = 0;
    // Multiply-accumulates of one forward pass: convolutions with their bias adds and batch
    // normalisation as one per element (the usual convention of MAC counters).
    double macs = 0;
};

// Parameters and MACs of the CAN for one height x width input.
ModelStats canStats(const CanOptions& options, int height, int width);

} // namespace dwb
