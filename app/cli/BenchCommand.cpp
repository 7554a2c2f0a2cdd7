#include "BenchMeasurement.h"
#include "Command.h"
#include "Commands.h"
#include "JsonWriter.h"

#include "dwb/runtime/CpuInfo.h"
#include "dwb/runtime/Runtime.h"

#include <torch/cuda.h>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace dwb::cli {
namespace {

using bench::Peak;
using bench::Row;
using bench::Settings;

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

std::string cpuFlags()
{
    std::string text;
    for (const std::string& flag : cpuInfo().flags)
        text += (text.empty() ? "" : " ") + flag;
    return text;
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

int benchParsed(const ParsedArgs& parsed)
{
    long long threads = 0;
    if (auto ok = readInteger(parsed, "threads", threads, {.min = 1}); !ok)
        return usageError(ok.error());
    auto settings = settingsFrom(parsed);
    if (!settings)
        return usageError(settings.error());
    const RuntimeInfo runtime = configureRuntime(static_cast<int>(threads));
    // The peak is measured before and after the rows and the better kept, so that load from
    // other processes during one measurement does not inflate every share.
    Peak peak = bench::measurePeak(settings->device);
    auto rows = bench::runRows(*settings, [](const Row& row) {
        std::fprintf(stderr, "%-26s %8.2f images/s\n", row.name.c_str(), row.imagesPerSecond);
    });
    if (!rows)
        return reportError(rows.error());
    if (const Peak after = bench::measurePeak(settings->device); after.gflops > peak.gflops)
        peak = after;
    for (Row& row : *rows)
        row.peakShare = row.gflops / peak.gflops;
    if (parsed.flag("json"))
        writeJson(*settings, runtime.threads, peak, *rows);
    else
        writeTable(*settings, runtime.threads, peak, *rows);
    return kExitOk;
}

} // namespace

int benchCommand(std::span<const std::string> args)
{
    return runCommand(kSpec, args, benchParsed);
}

} // namespace dwb::cli
