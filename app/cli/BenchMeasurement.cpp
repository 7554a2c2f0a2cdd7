#include "BenchMeasurement.h"

#include "dwb/model/Can.h"
#include "dwb/model/CanInference.h"
#include "dwb/model/DilatedConv.h"
#include "dwb/train/Loss.h"

#include <ATen/ATen.h>
#include <ATen/autocast_mode.h>
#include <torch/cuda.h>
#include <torch/optim/adam.h>

#include <algorithm>
#include <chrono>

namespace dwb::cli::bench {
namespace {

// Magnetic Tile at the paper's size, and Severstal's full plates.
constexpr Shape kShapes[] = {{300, 400, 2, 5, 8}, {256, 1600, 3, 4, 4}};
constexpr std::uint64_t kSeed = 2024; // the peer seeds the same, so both start from one model
constexpr double kLambda = 0.5;
constexpr double kDefectFraction = 0.05;
// Forward + backward is counted as three forward passes, the usual rule for convolutions.
constexpr double kTrainingFlopsFactor = 3.0;
// Timed runs per row at least: a training step takes seconds on a CPU, and each costs bench time.
constexpr std::size_t kInferenceRuns = 3;
constexpr std::size_t kTrainingRuns = 2;

using Clock = std::chrono::steady_clock;

double secondsOf(const std::function<void()>& step, const at::Device& device)
{
    const auto start = Clock::now();
    step();
    if (device.is_cuda())
        torch::cuda::synchronize();
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The median time of `step` after one warm-up run (which also builds the oneDNN primitives):
// at least `minRuns` runs and 1 s, or one run when quick. The peer uses the same rule.
double medianSeconds(const std::function<void()>& step, const Settings& settings,
                     std::size_t minRuns)
{
    secondsOf(step, settings.device);
    std::vector<double> times;
    const auto started = Clock::now();
    for (;;) {
        times.push_back(secondsOf(step, settings.device));
        const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
        if (settings.quick || (times.size() >= minRuns && elapsed >= 1.0) || times.size() >= 50)
            break;
    }
    std::sort(times.begin(), times.end());
    const std::size_t middle = times.size() / 2;
    return times.size() % 2 ? times[middle] : (times[middle - 1] + times[middle]) / 2;
}

double bestGflops(const std::function<void()>& product, double flops, int reps,
                  const at::Device& device)
{
    product();
    double fastest = secondsOf(product, device);
    for (int i = 1; i < reps; ++i)
        fastest = std::min(fastest, secondsOf(product, device));
    return flops / fastest / 1e9;
}

// Autocast for one forward pass, as the trainer does it.
class AutocastScope {
public:
    explicit AutocastScope(bool enabled)
        : m_enabled(enabled)
    {
        if (m_enabled) {
            at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
            at::autocast::set_enabled(true);
        }
    }
    ~AutocastScope()
    {
        if (m_enabled) {
            at::autocast::set_enabled(false);
            at::autocast::clear_cache();
        }
    }
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
    bool m_enabled;
};

Can seededModel(const Shape& shape, const Settings& settings)
{
    at::manual_seed(kSeed);
    CanOptions options;
    options.classes = shape.classes;
    options.pool = shape.pool;
    Can model(options);
    model->to(settings.device);
    return model;
}

at::Tensor randomImages(const Shape& shape, int batch, const Settings& settings)
{
    // Drawn on the CPU generator, like the peer's, then moved.
    return at::rand({batch, 1, shape.height, shape.width}).to(settings.device);
}

double inferenceSeconds(const Shape& shape, int batch, const Settings& settings, Row& row)
{
    Can model = seededModel(shape, settings);
    model->eval();
    const at::Tensor images = randomImages(shape, batch, settings);
    std::function<CanOutput()> forward;
    std::optional<CanInference> fused;
    if (settings.unfolded) {
        row.engine = "module";
        row.engineReason = "--unfolded: the training module in eval mode";
        forward = [&] {
            torch::NoGradGuard noGrad;
            return model->forward(images);
        };
    } else {
        fused.emplace(model, settings.engine);
        const EngineChoice choice = fused->engineFor(shape.height, shape.width);
        row.engine = std::string(engineName(choice.engine));
        row.engineReason = choice.reason;
        forward = [&] { return fused->forward(images); };
    }
    {
        const AutocastScope autocast(settings.mixedPrecision);
        row.check = forward().maskLogits.to(at::kDouble).mean().item<double>();
    }
    return medianSeconds(
        [&] {
            const AutocastScope autocast(settings.mixedPrecision);
            forward();
        },
        settings, kInferenceRuns);
}

double trainingSeconds(const Shape& shape, int batch, const Settings& settings)
{
    Can model = seededModel(shape, settings);
    model->train();
    const at::Tensor images = randomImages(shape, batch, settings);
    const at::Tensor masks =
        (at::rand({batch, shape.classes, shape.height, shape.width}) < kDefectFraction)
            .to(at::kFloat)
            .to(settings.device);
    const at::Tensor labels = masks.amax({2, 3});
    const ProgressiveLoss loss(shape.classes, {}, {}, settings.device);
    torch::optim::Adam optimizer(model->parameters(),
                                 torch::optim::AdamOptions(5e-4).betas({0.99, 0.99}));
    return medianSeconds(
        [&] {
            optimizer.zero_grad();
            CanOutput out;
            {
                const AutocastScope autocast(settings.mixedPrecision);
                out = model->forward(images);
            }
            loss(out, masks, labels, kLambda).total.backward();
            optimizer.step();
        },
        settings, kTrainingRuns);
}

std::int64_t countParameters(const Shape& shape, const Settings& settings)
{
    std::int64_t count = 0;
    for (const auto& p : seededModel(shape, settings)->parameters())
        count += p.numel();
    return count;
}

} // namespace

// The fastest fp32 matrix product the libraries offer here. On CPU at::mm goes to the system
// BLAS, which on Debian is the reference implementation (about 1 GFLOP/s), so oneDNN's inner
// product, the kernel family the convolutions use, usually sets the peak.
Peak measurePeak(const at::Device& device)
{
    const std::int64_t n = device.is_cuda() ? 4096 : 2048;
    const double flops = 2.0 * static_cast<double>(n * n * n);
    const at::Tensor a = at::rand({n, n}).to(device);
    const at::Tensor b = at::rand({n, n}).to(device);
    if (device.is_cuda())
        return {bestGflops([&] { at::mm(a, b); }, flops, 5, device), "mm 4096"};
    const at::Tensor small = at::rand({256, 256});
    const double probe =
        bestGflops([&] { at::mm(small, small); }, 2.0 * 256 * 256 * 256, 1, device);
    Peak peak{probe, "mm 256"};
    if (probe > 20.0)
        peak = {bestGflops([&] { at::mm(a, b); }, flops, 3, device), "mm 2048"};
    if (at::hasMKLDNN()) {
        const at::Tensor aMkldnn = a.to_mkldnn();
        const double onednn = bestGflops([&] { at::mkldnn_linear(aMkldnn, b); }, flops, 10, device);
        if (onednn > peak.gflops)
            peak = {onednn, "onednn inner product 2048"};
    }
    return peak;
}

Result<std::vector<Row>> runRows(const Settings& settings,
                                 const std::function<void(const Row&)>& onRow)
{
    std::vector<Row> rows;
    for (const Shape& shape : kShapes) {
        CanOptions options;
        options.classes = shape.classes;
        options.pool = shape.pool;
        const ModelStats stats = canStats(options, shape.height, shape.width);
        if (countParameters(shape, settings) != stats.parameters)
            return fail(ErrorCode::Internal, "the CAN's parameters differ from canStats");
        for (const int batch : {1, shape.largerBatch}) {
            for (const std::string mode : {"inference", "training"}) {
                Row row;
                row.mode = mode;
                row.shape = shape;
                row.batch = batch;
                row.name = mode + " " + std::to_string(shape.height) + "x" +
                           std::to_string(shape.width) + " b" + std::to_string(batch);
                if (!row.name.contains(settings.only))
                    continue;
                if (mode == "training" && settings.device.is_cpu()) {
                    row.engine = trainingUsesOneDnn() ? "onednn" : "aten";
                    row.engineReason = trainingUsesOneDnn()
                                           ? "3x3 convolutions through oneDNN directly (below "
                                             "AVX-512 unless DWB_TRAIN_ENGINE=aten)"
                                           : "torch's convolutions (AVX-512, or DWB_TRAIN_ENGINE)";
                }
                const double seconds = mode == "inference"
                                           ? inferenceSeconds(shape, batch, settings, row)
                                           : trainingSeconds(shape, batch, settings);
                row.imagesPerSecond = batch / seconds;
                row.msPerBatch = seconds * 1e3;
                row.parameters = stats.parameters;
                row.gmac = stats.macs / 1e9;
                const double factor = mode == "inference" ? 1.0 : kTrainingFlopsFactor;
                row.gflops = 2.0 * stats.macs * factor * row.imagesPerSecond / 1e9;
                onRow(row);
                rows.push_back(std::move(row));
            }
        }
    }
    return rows;
}

} // namespace dwb::cli::bench
