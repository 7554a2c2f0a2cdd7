#include "Command.h"
#include "Commands.h"
#include "JsonWriter.h"
#include "MetricsOutput.h"

#include "dwb/eval/RunEvaluation.h"
#include "dwb/runtime/Runtime.h"
#include "dwb/train/TrainingSetup.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace dwb::cli {
namespace {

const CommandSpec kSpec{
    "eval",
    "P.dwb [--run ID] [--split test] [--last] [--json]",
    "Evaluates a trained run's model on a split of the project: per-class AP, precision,\n"
    "recall, F1 and pixel IoU, and the paper-comparable mAP and mIoU (docs/metrics.md).\n"
    "The metrics are stored with the run, and every image's predictions are cached in the\n"
    "project for error review.",
    {{"run", "ID", "training run (default: the latest with a model)"},
     {"split", "NAME", "train, val or test (default test)"},
     {"threshold", "T",
      "one decision threshold for everything (default: the model's per-class calibrated ones)"},
     {"last", "", "the run's last epoch instead of its best one"},
     {"batch", "N", "batch size (default 8)"},
     {"device", "D", "auto, cpu, cuda or cuda:N (default auto)"},
     {"json", "", "print JSON (format dwb-eval/1)"}},
    1,
    1};

Result<RunRecord> chooseRun(const ProjectDb& project, const ParsedArgs& args)
{
    auto id = optionalInteger(args, "run");
    if (!id)
        return std::unexpected(id.error());
    if (*id)
        return project.run(**id);
    auto runs = project.runs();
    if (!runs)
        return std::unexpected(runs.error());
    for (auto it = runs->rbegin(); it != runs->rend(); ++it)
        if (!it->modelPath.empty())
            return *it;
    return fail(ErrorCode::NotFound, "the project has no trained model yet (run 'dwb train')");
}

// --device, --last, --threshold and --batch.
Result<EvaluateRunOptions> evaluateOptions(const ParsedArgs& args)
{
    EvaluateRunOptions options;
    options.device = args.value("device").value_or("auto");
    options.lastModel = args.flag("last");
    auto threshold = optionalNumber(args, "threshold");
    if (!threshold)
        return std::unexpected(threshold.error());
    options.threshold = *threshold;
    const Bounds<long long> batch{.min = 1, .message = "--batch expects a positive number"};
    if (auto ok = readInteger(args, "batch", options.batchSize, batch); !ok)
        return std::unexpected(ok.error());
    return options;
}

void writeJson(std::int64_t runId, Split split, const EvaluationReport& evaluation,
               const std::vector<ClassInfo>& classes)
{
    JsonWriter json(std::cout);
    json.beginObject()
        .field("format", "dwb-eval/1")
        .field("run", runId)
        .field("split", splitName(split))
        .field("device", evaluation.device)
        .field("seconds", evaluation.seconds)
        .field("predictions_cached", static_cast<std::int64_t>(evaluation.cached))
        .field("model_epoch", evaluation.modelEpoch + 1)
        .field("calibrated", evaluation.calibrated)
        .field("images_per_second",
               static_cast<double>(evaluation.cached) / std::max(evaluation.seconds, 1e-9))
        .key("loss");
    writeLoss(json, evaluation.loss, classes);
    json.key("metrics");
    writeMetrics(json, evaluation.metrics, classes);
    json.key("pixel_thresholds").beginArray();
    for (const double t : evaluation.pixelThresholds)
        json.value(t);
    json.endArray();
    json.endObject().finish();
}

void writeText(std::int64_t runId, Split split, const EvaluationReport& evaluation,
               const std::vector<ClassInfo>& classes)
{
    std::printf("run %lld on the %s split (%zu images, %.1f s on %s)\n",
                static_cast<long long>(runId), splitName(split), evaluation.cached,
                evaluation.seconds, evaluation.device.c_str());
    if (evaluation.modelEpoch >= 0)
        std::printf("model of epoch %d%s\n", evaluation.modelEpoch + 1,
                    evaluation.calibrated ? ", per-class thresholds calibrated on the val split"
                                          : "");
    printMetrics(evaluation.metrics, classes);
    if (evaluation.calibrated) {
        std::printf("  pixel thresholds:");
        for (std::size_t c = 0; c < evaluation.pixelThresholds.size(); ++c)
            std::printf(" %s %.2f", c < classes.size() ? classes[c].name.c_str() : "?",
                        evaluation.pixelThresholds[c]);
        std::printf("\n");
    }
    std::printf("predictions of %zu images cached for error review\n", evaluation.cached);
}

int evalParsed(const ParsedArgs& parsed)
{
    const auto split = splitFromName(parsed.value("split").value_or("test"));
    if (!split || *split == Split::Unassigned)
        return usageError("--split must be train, val or test");
    const auto options = evaluateOptions(parsed);
    if (!options)
        return usageError(options.error());
    auto project = openProject(parsed.positional[0]);
    if (!project)
        return kExitError;
    auto run = chooseRun(*project, parsed);
    if (!run)
        return reportError(run.error());
    configureRuntime();
    // Resolved here too so that a bad name is a usage error.
    if (auto device = resolveDevice(options->device); !device)
        return usageError(device.error());
    auto classes = project->classes();
    if (!classes)
        return reportError(classes.error());
    auto evaluation = evaluateRun(*project, run->id, *split, *options);
    if (!evaluation)
        return reportError(evaluation.error());
    if (parsed.flag("json"))
        writeJson(run->id, *split, *evaluation, *classes);
    else
        writeText(run->id, *split, *evaluation, *classes);
    return kExitOk;
}

} // namespace

int evalCommand(std::span<const std::string> args)
{
    return runCommand(kSpec, args, evalParsed);
}

} // namespace dwb::cli
