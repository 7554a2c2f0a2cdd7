#include "ArgParser.h"
#include "Commands.h"
#include "JsonWriter.h"

#include "dwb/model/Can.h"
#include "dwb/model/CanInference.h"
#include "dwb/model/DilatedConv.h"
#include "dwb/runtime/CpuInfo.h"
#include "dwb/runtime/Runtime.h"
#include "dwb/train/Loss.h"

#include <ATen/ATen.h>
#include <ATen/autocast_mode.h>
#include <torch/cuda.h>
#include <torch/optim/adam.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace dwb::cli {
namespace {

const CommandSpec kSpec{
    "bench",
    "[--json] [--device D] [--threads N] [--only TEXT] [--quick] [--mixed-precision] "
    "[--unfolded] [--engine E]",
    "Measures the speed of the CAN on random input from a fixed seed: inference and training\n"
    "images/s at 300x400 (pool 2, 5 classes) and 256x1600 (pool 3, 4 classes), at batch 1 and a\n"
    "larger batch, with the achieved GFLOP/s and their share of the fp32 peak measured in the\n"
    "same run, and the CPU model and vector flags. Inference runs dwb::CanInference (batch\n"
    "normalisation folded into the convolutions) through the engine chosen for this machine, and\n"
    "says which and why; training is the trainer's step (forward, progressive loss, backward,\n"
    "Adam). bench/run.sh compares the rows with the same network in PyTorch.",
    {{"json", "", "print JSON (format dwb-bench/1)"},
     {"device", "D", "auto (default), cpu or cuda"},
     {"threads", "N", "torch threads (default: all cores)"},
     {"only", "TEXT", "run only the rows whose name contains TEXT (\"training\", \"b1\", ...)"},
     {"quick", "", "one timed run per row, for tests (noisy)"},
     {"mixed-precision", "", "CUDA only: bfloat16 autocast"},
     {"unfolded", "", "infer with the training module in eval mode instead, for comparison"},
     {"engine", "E",
      "inference engine: auto (default: measured once per machine and size, cached), onednn, "
      "channels-last or nchw (also DWB_ENGINE)"}},
    0,
    0};

struct Shape {
    int height;
    int width;
    int pool;
    int classes;
    int largerBatch;
};

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

struct Settings {
    at::Device device = at::kCPU;
    bool mixedPrecision = false;
    bool quick = false;
    bool unfolded = false;
    std::optional<InferenceEngine> engine; // nullopt: CanInference chooses
    std::string only;                      // a part of the row names to run; empty: all
};

struct Row {
    std::string name;
    std::string mode;
    Shape shape{};
    int batch = 1;
    double imagesPerSecond = 0;
    double msPerBatch = 0;
    std::int64_t parameters = 0;
    double gmac = 0;
    double gflops = 0;
    double peakShare = 0;
    std::optional<double> check; // inference: the mean mask logit, which the peer reproduces
    std::string engine;          // inference: the engine that ran, and why
    std::string engineReason;
};

struct Peak {
    double gflops = 0;
    std::string kernel;
};

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

std::string cpuFlags()
{
    std::string text;
    for (const std::string& flag : cpuInfo().flags)
        text += (text.empty() ? "" : " ") + flag;
    return text;
}

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

void writeJson(const Settings& settings, int threads, const Peak& peak,
               const std::vector<Row>& rows)
{
    JsonWriter json(std::cout);
    json.beginObject()
        .field("format", "dwb-bench/1")
        .field("device", settings.device.str())
        .field("threads", threads)
        .field("peak_gflops", peak.gflops)
        .field("peak_kernel", peak.kernel)
        .field("mixed_precision", settings.mixedPrecision)
        .field("inference", settings.unfolded ? "unfolded" : "folded")
        .field("cpu_model", cpuInfo().model)
        .field("cpu_flags", cpuFlags())
        .field("isa", cpuInfo().isaFamily())
        .field("cores", cpuInfo().logicalCores)
        .key("rows")
        .beginArray();
    for (const Row& row : rows) {
        json.beginObject()
            .field("name", row.name)
            .field("mode", row.mode)
            .field("height", row.shape.height)
            .field("width", row.shape.width)
            .field("pool", row.shape.pool)
            .field("classes", row.shape.classes)
            .field("batch", row.batch)
            .field("images_per_second", row.imagesPerSecond)
            .field("ms_per_batch", row.msPerBatch)
            .field("parameters", row.parameters)
            .field("gmac", row.gmac)
            .field("gflops", row.gflops)
            .field("peak_share", row.peakShare)
            .field("engine", row.engine)
            .field("engine_reason", row.engineReason)
            .key("check");
        if (row.check)
            json.value(*row.check);
        else
            json.null();
        json.endObject();
    }
    json.endArray().endObject().finish();
}

void writeTable(const Settings& settings, int threads, const Peak& peak,
                const std::vector<Row>& rows)
{
    std::printf("CAN speed on %s, %d thread(s)%s; fp32 peak %.1f GFLOP/s (%s)\nCPU: %s\n\n",
                settings.device.str().c_str(), threads,
                settings.mixedPrecision ? ", bfloat16 autocast" : "", peak.gflops,
                peak.kernel.c_str(), cpuInfo().describe().c_str());
    std::printf("%-26s %9s %10s %10s %8s %8s %6s  %s\n", "row", "images/s", "ms/batch",
                "parameters", "GMac/img", "GFLOP/s", "peak", "engine");
    for (const Row& row : rows)
        std::printf("%-26s %9.2f %10.1f %10lld %8.3f %8.1f %5.1f%%  %s\n", row.name.c_str(),
                    row.imagesPerSecond, row.msPerBatch, static_cast<long long>(row.parameters),
                    row.gmac, row.gflops, 100.0 * row.peakShare, row.engine.c_str());
    std::printf("\nGMac: one forward pass of one image. Training GFLOP/s count forward + backward "
                "as 3 forward passes.\n");
    std::string lastReason;
    for (const Row& row : rows)
        if (!row.engineReason.empty() && row.engineReason != lastReason) {
            std::printf("%s: %s (%s)\n", row.name.c_str(), row.engine.c_str(),
                        row.engineReason.c_str());
            lastReason = row.engineReason;
        }
}

Result<Settings> settingsFrom(const ParsedArgs& parsed)
{
    Settings settings;
    settings.quick = parsed.flag("quick");
    settings.unfolded = parsed.flag("unfolded");
    settings.mixedPrecision = parsed.flag("mixed-precision");
    settings.only = parsed.value("only").value_or("");
    if (const auto name = parsed.value("engine"); name && *name != "auto") {
        settings.engine = parseEngine(*name);
        if (!settings.engine)
            return fail(ErrorCode::InvalidArgument,
                        "--engine must be auto, onednn, channels-last or nchw");
    } else if (auto environment = engineFromEnvironment(); !environment) {
        return std::unexpected(environment.error());
    }
    if (settings.engine && settings.unfolded)
        return fail(ErrorCode::InvalidArgument, "--engine and --unfolded exclude each other");
    const std::string device = parsed.value("device").value_or("auto");
    if (device == "cuda" && !torch::cuda::is_available())
        return fail(ErrorCode::InvalidArgument, "--device cuda: no CUDA device is available");
    if (device == "cuda" || (device == "auto" && torch::cuda::is_available()))
        settings.device = at::Device(at::kCUDA);
    else if (device != "auto" && device != "cpu")
        return fail(ErrorCode::InvalidArgument, "--device must be auto, cpu or cuda");
    if (settings.mixedPrecision && !settings.device.is_cuda())
        return fail(ErrorCode::InvalidArgument, "--mixed-precision needs a CUDA device");
    return settings;
}

} // namespace

int benchCommand(std::span<const std::string> args)
{
    if (wantsHelp(args)) {
        std::cout << helpText(kSpec);
        return kExitOk;
    }
    auto parsed = parseArgs(kSpec, args);
    if (!parsed)
        return reportError(parsed.error(), kExitUsage);
    long long threads = 0;
    if (const auto text = parsed->value("threads")) {
        auto number = parseInteger("threads", *text);
        if (!number)
            return reportError(number.error(), kExitUsage);
        if (*number < 1)
            return reportError({ErrorCode::InvalidArgument, "--threads must be at least 1"},
                               kExitUsage);
        threads = *number;
    }
    auto settings = settingsFrom(*parsed);
    if (!settings)
        return reportError(settings.error(), kExitUsage);
    const RuntimeInfo runtime = configureRuntime(static_cast<int>(threads));
    // The peak is measured before and after the rows and the better kept, so that load from
    // other processes during one measurement does not inflate every share.
    Peak peak = measurePeak(settings->device);
    auto rows = runRows(*settings, [](const Row& row) {
        std::fprintf(stderr, "%-26s %8.2f images/s\n", row.name.c_str(), row.imagesPerSecond);
    });
    if (!rows)
        return reportError(rows.error());
    if (const Peak after = measurePeak(settings->device); after.gflops > peak.gflops)
        peak = after;
    for (Row& row : *rows)
        row.peakShare = row.gflops / peak.gflops;
    if (parsed->flag("json"))
        writeJson(*settings, runtime.threads, peak, *rows);
    else
        writeTable(*settings, runtime.threads, peak, *rows);
    return kExitOk;
}

} // namespace dwb::cli
