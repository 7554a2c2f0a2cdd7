#include "ArgParser.h"
#include "Commands.h"
#include "JsonWriter.h"
#include "MetricsOutput.h"

#include "dwb/eval/PredictionCache.h"
#include "dwb/model/ModelFile.h"
#include "dwb/runtime/Runtime.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/train/Loss.h"
#include "dwb/train/TrainingSetup.h"

#include <iostream>

namespace dwb::cli {
namespace {

const CommandSpec kSpec{
    "eval",
    "P.dwb [--run ID] [--split test] [--json]",
    "Evaluates a trained run's model on a split of the project: per-class AP, precision,\n"
    "recall, F1 and pixel IoU, and the paper-comparable mAP and mIoU (docs/metrics.md).\n"
    "The metrics are stored with the run, and every image's predictions are cached in the\n"
    "project for error review.",
    {{"run", "ID", "training run (default: the latest with a model)"},
     {"split", "NAME", "train, val or test (default test)"},
     {"threshold", "T", "decision threshold (default: the run's)"},
     {"batch", "N", "batch size (default 8)"},
     {"device", "D", "auto, cpu, cuda or cuda:N (default auto)"},
     {"json", "", "print JSON (format dwb-eval/1)"}},
    1,
    1};

Result<RunRecord> chooseRun(const ProjectDb& project, const ParsedArgs& args)
{
    if (auto text = args.value("run")) {
        auto id = parseInteger("run", *text);
        if (!id)
            return std::unexpected(id.error());
        return project.run(*id);
    }
    auto runs = project.runs();
    if (!runs)
        return std::unexpected(runs.error());
    for (auto it = runs->rbegin(); it != runs->rend(); ++it)
        if (!it->modelPath.empty())
            return *it;
    return fail(ErrorCode::NotFound, "the project has no trained model yet (run 'dwb train')");
}

} // namespace

int evalCommand(std::span<const std::string> args)
{
    if (wantsHelp(args)) {
        std::cout << helpText(kSpec);
        return kExitOk;
    }
    auto parsed = parseArgs(kSpec, args);
    if (!parsed)
        return reportError(parsed.error(), kExitUsage);
    const auto split = splitFromName(parsed->value("split").value_or("test"));
    if (!split || *split == Split::Unassigned)
        return reportError({ErrorCode::InvalidArgument, "--split must be train, val or test"},
                           kExitUsage);
    auto project = ProjectDb::open(parsed->positional[0]);
    if (!project)
        return reportError(project.error());
    auto run = chooseRun(*project, *parsed);
    if (!run)
        return reportError(run.error());
    configureRuntime();
    auto device = resolveDevice(parsed->value("device").value_or("auto"));
    if (!device)
        return reportError(device.error(), kExitUsage);
    auto model = loadModel(project->path().parent_path() / run->modelPath, *device);
    if (!model)
        return reportError(model.error());
    auto classes = project->classes();
    auto samples = samplesOfSplit(*project, *split);
    if (!classes || !samples)
        return reportError(!classes ? classes.error() : samples.error());
    if (samples->empty())
        return reportError({ErrorCode::InvalidArgument,
                            std::string("the ") + splitName(*split) + " split is empty"});
    const ModelMeta& meta = model->meta;
    auto prepared = prepareSamples(*project, *samples,
                                   {meta.inputHeight, meta.inputWidth, meta.options.inputChannels});
    if (!prepared)
        return reportError(prepared.error());

    auto config = trainingConfigFromText(run->config);
    EvaluationOptions options;
    options.threshold = meta.threshold;
    if (auto text = parsed->value("threshold")) {
        auto value = parseNumber("threshold", *text);
        if (!value)
            return reportError(value.error(), kExitUsage);
        options.threshold = *value;
    }
    if (auto text = parsed->value("batch")) {
        auto value = parseInteger("batch", *text);
        if (!value || *value < 1)
            return reportError({ErrorCode::InvalidArgument, "--batch expects a positive number"},
                               kExitUsage);
        options.batchSize = static_cast<int>(*value);
    }
    const ProgressiveLoss loss(meta.options.classes,
                               config ? config->posWeightCls : std::vector<double>{},
                               config ? config->posWeightSeg : std::vector<double>{}, *device);
    auto evaluation = evaluateAndCache(*project, run->id, splitName(*split), model->model,
                                       *prepared, meta.options.classes, loss, *device, options);
    if (!evaluation)
        return reportError(evaluation.error());
    // Epoch -1 marks an evaluation after training.
    if (auto ok =
            project->recordMetrics(run->id, -1, splitName(*split), metricRows(evaluation->metrics));
        !ok)
        return reportError(ok.error());

    if (parsed->flag("json")) {
        JsonWriter json(std::cout);
        json.beginObject()
            .field("format", "dwb-eval/1")
            .field("run", run->id)
            .field("split", splitName(*split))
            .field("device", device->str())
            .field("seconds", evaluation->seconds)
            .field("predictions_cached", static_cast<std::int64_t>(prepared->size()))
            .field("images_per_second",
                   static_cast<double>(prepared->size()) / std::max(evaluation->seconds, 1e-9))
            .key("loss");
        writeLoss(json, evaluation->loss, *classes);
        json.key("metrics");
        writeMetrics(json, evaluation->metrics, *classes);
        json.endObject().finish();
        return kExitOk;
    }
    std::printf("run %lld on the %s split (%zu images, %.1f s on %s)\n",
                static_cast<long long>(run->id), splitName(*split), prepared->size(),
                evaluation->seconds, device->str().c_str());
    printMetrics(evaluation->metrics, *classes);
    std::printf("predictions of %zu images cached for error review\n", prepared->size());
    return kExitOk;
}

} // namespace dwb::cli
