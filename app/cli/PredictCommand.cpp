#include "Command.h"
#include "Commands.h"

#include "dwb/dataset/ImportPlan.h"
#include "dwb/eval/OnnxPredictor.h"
#include "dwb/eval/Predictor.h"
#include "dwb/model/ModelFile.h"
#include "dwb/runtime/Runtime.h"
#include "dwb/train/TrainingSetup.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <limits>

namespace dwb::cli {
namespace {

namespace fs = std::filesystem;

const CommandSpec kSpec{
    "predict",
    "MODEL (IMAGES... | DIR) --out DIR [options]",
    "Runs a trained model file (a run's model.pt, or a model.onnx from 'dwb export' with its\n"
    "model.json, run through OpenCV's DNN module on the CPU; no project needed) on image files or "
    "on the\n"
    "images of a folder. Writes into the output folder one 0/255 mask PNG per image and class\n"
    "(<stem>_<class>.png, at the image's own size), scores.csv with the image-level scores and\n"
    "predictions.json (format dwb-predict/1). Unreadable images are skipped with a warning.",
    {{"out", "DIR", "output folder, created if absent (required)"},
     {"threshold", "T", "decision threshold in [0, 1] (default: the model's)"},
     {"batch", "N", "batch size (default 8)"},
     {"device", "D", "auto, cpu, cuda or cuda:N (default auto)"},
     {"overlays", "", "also write overlays/<stem>.png: each image with its predictions outlined"},
     {"json", "", "print predictions.json on stdout instead of a summary"}},
    2,
    std::numeric_limits<std::size_t>::max()};

// Files as given; a folder stands for its images (sorted).
Result<std::vector<fs::path>> imagePaths(std::span<const std::string> inputs)
{
    std::vector<fs::path> paths;
    for (const auto& input : inputs) {
        std::error_code ec;
        if (!fs::is_directory(input, ec)) {
            paths.emplace_back(input);
            continue;
        }
        const auto files = listFiles(input, imageExtensions());
        if (files.empty())
            return fail(ErrorCode::NotFound, "no images in folder " + input);
        paths.insert(paths.end(), files.begin(), files.end());
    }
    return paths;
}

void printSummary(const std::vector<Prediction>& predictions, const ModelMeta& meta, double seconds,
                  const std::string& device, const std::string& outDir, bool overlays)
{
    std::vector<int> positives(meta.classNames.size(), 0);
    std::size_t readable = 0;
    for (const auto& prediction : predictions) {
        if (!prediction.error.empty())
            continue;
        ++readable;
        for (std::size_t c = 0; c < positives.size() && c < prediction.scores.size(); ++c)
            positives[c] +=
                prediction.scores[c] > static_cast<float>(meta.imageThreshold(static_cast<int>(c)))
                    ? 1
                    : 0;
    }
    std::printf("%zu image%s (%zu skipped) in %.2f s on %s, %.1f images/s\npositive:", readable,
                readable == 1 ? "" : "s", predictions.size() - readable, seconds, device.c_str(),
                static_cast<double>(readable) / std::max(seconds, 1e-9));
    for (std::size_t c = 0; c < positives.size(); ++c)
        std::printf("%s %s %d", c ? "," : "", meta.classNames[c].c_str(), positives[c]);
    if (meta.calibrated())
        std::printf(" (per-class thresholds calibrated on the validation split)");
    else
        std::printf(" (threshold %g)", meta.threshold);
    std::printf("\nmasks, scores.csv and predictions.json in %s%s\n", outDir.c_str(),
                overlays ? " (overlays in overlays/)" : "");
}

struct PredictOptions {
    std::string outDir;
    std::optional<double> threshold;
    int batchSize = 8;
};

Result<PredictOptions> predictOptions(const ParsedArgs& args)
{
    PredictOptions options;
    const auto outDir = args.value("out");
    if (!outDir)
        return fail(ErrorCode::InvalidArgument, "--out DIR is required");
    options.outDir = *outDir;
    auto threshold = optionalNumber(
        args, "threshold",
        {.min = 0, .max = 1, .message = "--threshold expects a number from 0 to 1, got '{}'"});
    if (!threshold)
        return std::unexpected(threshold.error());
    options.threshold = *threshold;
    const Bounds<long long> batch{
        .min = 1, .max = 4096, .message = "--batch expects a positive number"};
    if (auto ok = readInteger(args, "batch", options.batchSize, batch); !ok)
        return std::unexpected(ok.error());
    return options;
}

// Warns of every image that could not be read; fails when none could.
Status reportUnreadable(const std::vector<Prediction>& predictions)
{
    std::size_t unreadable = 0;
    for (const auto& prediction : predictions)
        if (!prediction.error.empty()) {
            ++unreadable;
            std::cerr << "warning: " << prediction.path.string() << ": " << prediction.error
                      << '\n';
        }
    if (unreadable == predictions.size())
        return fail(ErrorCode::BadImage,
                    "none of the " + std::to_string(predictions.size()) + " images could be read");
    return {};
}

PredictionProgress progressLine()
{
    return [](std::size_t done, std::size_t total) {
        std::fprintf(stderr, "\rpredicting %zu/%zu", done, total);
        if (done == total)
            std::fputc('\n', stderr);
    };
}

// Writes the predictions and prints the summary (or the JSON).
int finish(const ParsedArgs& parsed, const std::vector<Prediction>& predictions,
           const ModelMeta& meta, double seconds, const std::string& device,
           const PredictOptions& options)
{
    if (auto ok = reportUnreadable(predictions); !ok)
        return reportError(ok.error());
    if (auto ok = writePredictions(predictions, meta, options.outDir); !ok)
        return reportError(ok.error());
    if (parsed.flag("overlays"))
        if (auto ok = writeOverlays(predictions, meta, options.outDir); !ok)
            return reportError(ok.error());
    if (parsed.flag("json"))
        std::cout << predictionsToJson(predictions, meta);
    else
        printSummary(predictions, meta, seconds, device, options.outDir, parsed.flag("overlays"));
    return kExitOk;
}

// The exported model, through OpenCV's DNN module: the same outputs as with the model file.
int predictOnnx(const ParsedArgs& parsed, const PredictOptions& options)
{
    if (const auto device = parsed.value("device"); device && *device != "auto" && *device != "cpu")
        return usageError("an ONNX model runs on the CPU here (--device cpu or auto)");
    auto predictor = OnnxPredictor::load(parsed.positional[0], options.batchSize);
    if (!predictor)
        return reportError(predictor.error());
    auto images = imagePaths(std::span(parsed.positional).subspan(1));
    if (!images)
        return reportError(images.error());
    if (options.threshold)
        predictor->setThreshold(*options.threshold);
    const bool json = parsed.flag("json");
    const auto started = std::chrono::steady_clock::now();
    auto predictions =
        predictor->predict(*images, !json && isatty(STDERR_FILENO) ? progressLine() : nullptr);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!predictions)
        return reportError(predictions.error());
    return finish(parsed, *predictions, predictor->meta(), seconds, "cpu (OpenCV DNN)", options);
}

int predictParsed(const ParsedArgs& parsed)
{
    const auto options = predictOptions(parsed);
    if (!options)
        return usageError(options.error());
    if (fs::path(parsed.positional[0]).extension() == ".onnx")
        return predictOnnx(parsed, *options);
    configureRuntime();
    auto device = resolveDevice(parsed.value("device").value_or("auto"));
    if (!device)
        return usageError(device.error());
    auto model = loadModel(parsed.positional[0], *device);
    if (!model)
        return reportError(model.error());
    auto images = imagePaths(std::span(parsed.positional).subspan(1));
    if (!images)
        return reportError(images.error());

    Predictor predictor(std::move(*model), *device, options->batchSize);
    if (options->threshold)
        predictor.setThreshold(*options->threshold);
    const bool json = parsed.flag("json");
    const auto started = std::chrono::steady_clock::now();
    auto predictions =
        predictor.predict(*images, !json && isatty(STDERR_FILENO) ? progressLine() : nullptr);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!predictions)
        return reportError(predictions.error());
    return finish(parsed, *predictions, predictor.meta(), seconds, device->str(), *options);
}

} // namespace

int predictCommand(std::span<const std::string> args)
{
    return runCommand(kSpec, args, predictParsed);
}

} // namespace dwb::cli
