#include "WeightGradient.h"

#include <ATen/Parallel.h>

#include <immintrin.h>

#include <vector>

namespace dwb::detail {

bool blockedWeightGradientAvailable()
{
#if defined(__x86_64__)
    static const bool available = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }();
    return available;
#else
    return false;
#endif
}

#if defined(__x86_64__)
namespace {

constexpr std::int64_t kBlock = 8;
constexpr int kTaps = 9;

// Adds one image row's contribution to `sums` (taps x outputs x inputs, double). For each tap and
// pair of channel blocks, eight accumulators (one per input channel of the block, each holding the
// block's eight output channels) run over the row's pixels: one load of the output gradient and
// eight broadcasts of the input per pixel, eight FMAs.
__attribute__((target("avx2,fma"))) void
addRow(const float* bordered, const float* gradient, std::int64_t n, std::int64_t y,
       std::int64_t inputBlocks, std::int64_t outputBlocks, std::int64_t height, std::int64_t width,
       std::int64_t dilation, std::int64_t inputs, std::int64_t outputs, double* sums)
{
    const std::int64_t borderedHeight = height + 2 * dilation;
    const std::int64_t borderedWidth = width + 2 * dilation;
    for (std::int64_t ob = 0; ob < outputBlocks; ++ob) {
        const float* dy = gradient + ((n * outputBlocks + ob) * height + y) * width * kBlock;
        for (std::int64_t ib = 0; ib < inputBlocks; ++ib) {
            for (int tap = 0; tap < kTaps; ++tap) {
                const std::int64_t ky = tap / 3;
                const std::int64_t kx = tap % 3;
                const float* p = bordered +
                                 ((n * inputBlocks + ib) * borderedHeight + y + ky * dilation) *
                                     borderedWidth * kBlock +
                                 kx * dilation * kBlock;
                // Written out, so that the accumulators stay in registers at any optimisation
                // level.
                __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0,
                       a6 = a0, a7 = a0;
                for (std::int64_t x = 0; x < width; ++x) {
                    const __m256 g = _mm256_loadu_ps(dy + x * kBlock);
                    const float* px = p + x * kBlock;
                    a0 = _mm256_fmadd_ps(g, _mm256_broadcast_ss(px + 0), a0);
                    a1 = _mm256_fmadd_ps(g, _mm256_broadcast_ss(px + 1), a1);
                    a2 = _mm256_fmadd_ps(g, _mm256_broadcast_ss(px + 2), a2);
                    a3 = _mm256_fmadd_ps(g, _mm256_broadcast_ss(px + 3), a3);
                    a4 = _mm256_fmadd_ps(g, _mm256_broadcast_ss(px + 4), a4);
                    a5 = _mm256_fmadd_ps(g, _mm256_broadcast_ss(px + 5), a5);
                    a6 = _mm256_fmadd_ps(g, _mm256_broadcast_ss(px + 6), a6);
                    a7 = _mm256_fmadd_ps(g, _mm256_broadcast_ss(px + 7), a7);
                }
                const __m256 acc[kBlock] = {a0, a1, a2, a3, a4, a5, a6, a7};
                // acc[j] lane l: output channel ob*8 + l, input channel ib*8 + j.
                for (int j = 0; j < kBlock; ++j) {
                    alignas(32) float lanes[kBlock];
                    _mm256_store_ps(lanes, acc[j]);
                    double* row =
                        sums + (static_cast<std::int64_t>(tap) * outputs + ob * kBlock) * inputs +
                        ib * kBlock + j;
                    for (int l = 0; l < kBlock; ++l)
                        row[l * inputs] += lanes[l];
                }
            }
        }
    }
}

} // namespace
#endif

void blockedWeightGradient(const float* bordered, const float* outputGradient, std::int64_t batch,
                           std::int64_t inputs, std::int64_t outputs, std::int64_t height,
                           std::int64_t width, std::int64_t dilation, float* weights)
{
#if defined(__x86_64__)
    const std::int64_t inputBlocks = inputs / kBlock;
    const std::int64_t outputBlocks = outputs / kBlock;
    const std::int64_t size = kTaps * outputs * inputs;
    const int threads = at::get_num_threads();
    std::vector<std::vector<double>> partial(static_cast<std::size_t>(threads),
                                             std::vector<double>(static_cast<std::size_t>(size)));
    at::parallel_for(0, batch * height, 1, [&](std::int64_t begin, std::int64_t end) {
        double* sums = partial[static_cast<std::size_t>(at::get_thread_num())].data();
        for (std::int64_t row = begin; row < end; ++row)
            addRow(bordered, outputGradient, row / height, row % height, inputBlocks, outputBlocks,
                   height, width, dilation, inputs, outputs, sums);
    });
    for (std::int64_t o = 0; o < outputs; ++o)
        for (std::int64_t i = 0; i < inputs; ++i)
            for (int tap = 0; tap < kTaps; ++tap) {
                double total = 0;
                for (const auto& sums : partial)
                    total += sums[static_cast<std::size_t>((tap * outputs + o) * inputs + i)];
                weights[(o * inputs + i) * kTaps + tap] = static_cast<float>(total);
            }
#else
    (void)bordered, (void)outputGradient, (void)batch, (void)inputs, (void)outputs, (void)height,
        (void)width, (void)dilation, (void)weights;
#endif
}

} // namespace dwb::detail
