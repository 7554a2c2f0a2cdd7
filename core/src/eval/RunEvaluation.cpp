// size: evaluateRun is one pipeline whose steps each report their own error.

#include "dwb/eval/RunEvaluation.h"

#include "dwb/eval/PredictionCache.h"
#include "dwb/model/ModelFile.h"
#include "dwb/runtime/Runtime.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/train/Loss.h"
#include "dwb/train/Trainer.h"
#include "dwb/train/TrainingSetup.h"

namespace dwb {

Result<EvaluationReport> evaluateRun(ProjectDb& project, std::int64_t runId, Split split,
                                     const EvaluateRunOptions& options)
{
    if (split == Split::Unassigned)
        return fail(ErrorCode::InvalidArgument, "the split must be train, val or test");
    if (options.batchSize < 1)
        return fail(ErrorCode::InvalidArgument, "the batch size must be positive");
    auto run = project.run(runId);
    if (!run)
        return std::unexpected(run.error());
    if (run->modelPath.empty())
        return fail(ErrorCode::NotFound,
                    "run " + std::to_string(runId) + " has no trained model yet");
    if (options.threads > 0)
        configureRuntime(options.threads);
    auto device = resolveDevice(options.device);
    if (!device)
        return std::unexpected(device.error());
    auto modelPath = project.path().parent_path() / run->modelPath;
    if (options.lastModel) {
        const auto last = modelPath.parent_path() / kLastModelFile;
        std::error_code ec;
        if (std::filesystem::exists(last, ec))
            modelPath = last;
    }
    auto model = loadModel(modelPath, *device);
    if (!model)
        return std::unexpected(model.error());
    auto samples = samplesOfSplit(project, split);
    if (!samples)
        return std::unexpected(samples.error());
    if (samples->empty())
        return fail(ErrorCode::InvalidArgument,
                    std::string("the ") + splitName(split) + " split is empty");
    ModelMeta& meta = model->meta;
    // One threshold when asked for: the model's calibrated ones are then set aside.
    if (options.threshold)
        meta.setThreshold(*options.threshold);
    auto prepared = prepareSamples(project, *samples,
                                   {meta.inputHeight, meta.inputWidth, meta.options.inputChannels},
                                   options.cancel);
    if (!prepared)
        return std::unexpected(prepared.error());

    // The run's own class weights, so that the loss is the one its training reported.
    auto config = trainingConfigFromText(run->config);
    EvaluationOptions evalOptions;
    evalOptions.threshold = meta.threshold;
    const bool calibrated = meta.calibrated();
    for (int c = 0; c < meta.options.classes; ++c) {
        evalOptions.imageThresholds.push_back(meta.imageThreshold(c));
        evalOptions.pixelThresholds.push_back(meta.pixelThreshold(c));
    }
    evalOptions.batchSize = options.batchSize;
    evalOptions.cancel = options.cancel;
    const ProgressiveLoss loss(meta.options.classes,
                               config ? config->posWeightCls : std::vector<double>{},
                               config ? config->posWeightSeg : std::vector<double>{}, *device,
                               config ? config->diceWeight : 0.0);
    auto evaluation = evaluateAndCache(project, run->id, splitName(split), model->model, *prepared,
                                       meta.options.classes, loss, *device, evalOptions);
    if (!evaluation)
        return std::unexpected(evaluation.error());
    // Epoch -1 marks an evaluation after training.
    if (auto ok =
            project.recordMetrics(run->id, -1, splitName(split), metricRows(evaluation->metrics));
        !ok)
        return std::unexpected(ok.error());

    EvaluationReport report;
    report.runId = run->id;
    report.split = split;
    report.device = device->str();
    report.threshold = evalOptions.threshold;
    report.pixelThresholds = evalOptions.pixelThresholds;
    report.calibrated = calibrated;
    report.modelEpoch = meta.epoch;
    report.loss = std::move(evaluation->loss);
    report.metrics = std::move(evaluation->metrics);
    report.cached = prepared->size();
    report.seconds = evaluation->seconds;
    return report;
}

} // namespace dwb
