#pragma once

// The weight gradient of a dilated 3x3 convolution on oneDNN's 8-channel blocked layout, vectorised
// for AVX2 (private to core/src/model).

#include <cstdint>

namespace dwb::detail {

// Whether this CPU runs blockedWeightGradient (AVX2 and FMA).
bool blockedWeightGradientAvailable();

// dW[o][i][ky][kx] = sum over n, y, x of dY[n][o][y][x] * P[n][i][y + ky * d][x + kx * d], where
// P is the input inside a zero border of `dilation` pixels (N x in x (H + 2d) x (W + 2d)) and dY
// the output gradient (N x out x H x W), both in the nChw8c layout (channels in blocks of 8, the 8
// of a block adjacent). `weights` receives out x in x 3 x 3 (OIHW). Channel counts are multiples
// of 8. Sums run in float within an image row and in double across rows; rows are spread over
// torch's threads.
void blockedWeightGradient(const float* bordered, const float* outputGradient, std::int64_t batch,
                           std::int64_t inputs, std::int64_t outputs, std::int64_t height,
                           std::int64_t width, std::int64_t dilation, float* weights);

} // namespace dwb::detail
