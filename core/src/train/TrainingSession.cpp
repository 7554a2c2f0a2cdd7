// size: one session's epoch loop; its steps share the session state in order.

#include "TrainingSession.h"

#include "dwb/core/DurableFile.h"

#include "dwb/eval/Evaluator.h"
#include "dwb/imaging/ClassMask.h"
#include "dwb/model/ModelFile.h"
#include "dwb/runtime/Runtime.h"
#include "dwb/train/NormRecalibration.h"

#include <ATen/ATen.h>
#include <ATen/autocast_mode.h>

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>

namespace dwb {
namespace {

constexpr auto kBatchReportInterval = std::chrono::milliseconds(100);

double secondsBetween(std::chrono::steady_clock::time_point from,
                      std::chrono::steady_clock::time_point to)
{
    return std::chrono::duration<double>(to - from).count();
}

// log(p / (1 - p)) of each class's share of pixels in the samples, kept within [1e-4, 0.5].
std::vector<double> priorLogits(const std::vector<PreparedSample>& samples, int classes)
{
    std::vector<double> pixels(static_cast<std::size_t>(classes), 0);
    double total = 0;
    for (const PreparedSample& sample : samples) {
        total += static_cast<double>(sample.mask.total());
        for (int c = 0; c < classes; ++c)
            pixels[static_cast<std::size_t>(c)] += cv::countNonZero(classPixels(sample.mask, c));
    }
    std::vector<double> logits;
    for (const double p : pixels) {
        const double share = std::clamp(total > 0 ? p / total : 0.0, 1e-4, 0.5);
        logits.push_back(std::log(share / (1 - share)));
    }
    return logits;
}

void setLearningRate(torch::optim::Adam& optimizer, double rate)
{
    for (auto& group : optimizer.param_groups())
        static_cast<torch::optim::AdamOptions&>(group.options()).lr(rate);
}

} // namespace

TrainingSession::TrainingSession(ProjectDb& project, TrainingSetup setup, std::int64_t runId,
                                 CancellationToken& token, TrainingObserver* observer,
                                 Collective* collective)
    : m_project(project)
    , m_setup(std::move(setup))
    , m_config(m_setup.config)
    , m_classes(static_cast<int>(m_setup.classes.size()))
    , m_runId(runId)
    , m_token(token)
    , m_observer(observer)
    , m_model(canOptions())
    , m_optimizer(
          m_model->parameters(),
          torch::optim::AdamOptions(m_config.learningRate).betas({m_config.beta1, m_config.beta2}))
    , m_loss(m_classes, m_config.posWeightCls, m_config.posWeightSeg, m_setup.device,
             m_config.diceWeight)
    , m_folder(runFolder(project.path(), runId))
    , m_budget(m_config.minutes * 60.0)
    , m_collective(collective)
{
    if (m_config.priorBias)
        m_model->setHeadBias(priorLogits(m_setup.train, m_classes));
    m_model->to(m_setup.device);
    if (m_collective) {
        // Batch normalisation and the Dice term see the whole batch, and every gradient is
        // summed over the ranks (each rank's loss is its share of the batch's).
        m_model->setBatchStatisticsSum(m_collective->statisticsSum(&m_contributes));
        m_loss.setBatchStatisticsSum(m_collective->statisticsSum(&m_contributes));
        m_gradients = std::make_unique<GradientReducer>(m_model->parameters(), *m_collective);
    }
}

CanOptions TrainingSession::canOptions() const
{
    CanOptions options;
    options.inputChannels = m_config.inputChannels;
    options.classes = m_classes;
    options.pool = m_config.pool;
    options.standardize = m_config.standardizeInput;
    return options;
}

Status TrainingSession::restore(const std::filesystem::path& checkpoint)
{
    auto state = restoreCheckpoint(checkpoint, m_model, m_optimizer, m_setup.device);
    if (!state)
        return std::unexpected(state.error());
    m_firstEpoch = state->nextEpoch;
    m_progress = state->progress;
    // Epochs recorded after the checkpoint (a kill between the two) are trained again.
    if (writer())
        if (auto ok = m_project.dropEpochsFrom(m_runId, m_firstEpoch); !ok)
            return ok;
    m_priorSeconds = m_progress.seconds;
    // The same reserve as before the stop, so that the schedules go on where they were.
    m_budget.setReserve(m_progress.reserveSeconds);
    m_modelSaved = m_progress.bestEpoch >= 0;
    m_epochsWithoutGain = m_progress.bestEpoch >= 0 ? m_firstEpoch - 1 - m_progress.bestEpoch : 0;
    return {};
}

double TrainingSession::elapsed() const
{
    return m_priorSeconds + secondsBetween(m_started, Clock::now());
}

// The fraction of the run done: of the time budget when there is one, else of the epochs.
double TrainingSession::progressAt(int epoch, double epochFraction) const
{
    if (m_budget.enabled()) {
        // A re-estimated reserve shrinks the usable time: hold the schedules where they are
        // rather than move them back.
        m_progressSoFar = std::max(m_progressSoFar, m_budget.progress(elapsed()));
        return m_progressSoFar;
    }
    return std::clamp((epoch + epochFraction) / m_config.epochs, 0.0, 1.0);
}

// Without a budget lambda moves per epoch, as in the paper (lambda = n / epochs); with one it
// moves with the budget used.
double TrainingSession::lambdaFor(int epoch, double progress) const
{
    return m_budget.enabled() ? lambdaAtProgress(m_config, progress) : lambdaAt(m_config, epoch);
}

// Until the first validation has been timed: it and the batch-norm statistics before it see
// whole images without gradients, about a third of a training step's work per pixel, plus a
// margin.
double TrainingSession::estimatedValidationSeconds(double secondsPerTrainingSample) const
{
    const double pixels = static_cast<double>(m_config.inputHeight) * m_config.inputWidth;
    const double patchPixels =
        m_config.patchSize > 0
            ? static_cast<double>(std::min(m_config.patchSize, m_config.inputHeight)) *
                  std::min(m_config.patchSize, m_config.inputWidth)
            : pixels;
    const double perImage = secondsPerTrainingSample * pixels / patchPixels / 3.0;
    const double images = static_cast<double>(m_setup.validation.size()) +
                          std::min<double>(m_config.normImages, m_setup.train.size());
    return 1.2 * perImage * images + 1.0;
}

void TrainingSession::reportBatch(int epoch, int batch, int batches, double loss,
                                  double learningRate, double lambda, double progress)
{
    BatchProgress report{epoch,     m_config.epochs,    batch,  batches,
                         loss,      learningRate,       lambda, progress,
                         elapsed(), m_budget.seconds(), -1};
    if (m_budget.enabled()) {
        report.etaSeconds = std::max(0.0, m_budget.seconds() - report.elapsed);
    } else if (m_batchesThisSession > 0) {
        const double training =
            secondsBetween(m_started, Clock::now()) - m_validationSecondsThisSession;
        const double perBatch = std::max(training, 0.0) / m_batchesThisSession;
        const int remainingEpochs = m_config.epochs - epoch - 1;
        const double validation = m_lastValidationSeconds;
        report.etaSeconds = perBatch * ((batches - batch) + remainingEpochs * batches) +
                            validation * (remainingEpochs + 1);
    }
    m_observer->onBatch(report);
}

Result<TrainingSession::EpochTraining> TrainingSession::trainEpoch(int epoch, BatchLoader& loader)
{
    const auto started = Clock::now();
    m_model->train();
    at::Tensor clsSum = at::zeros({m_classes}, m_setup.device);
    at::Tensor segSum = at::zeros({m_classes}, m_setup.device);
    const int batches = static_cast<int>(loader.batchesPerPass());
    const bool autocast = m_config.mixedPrecision && m_setup.device.is_cuda();
    auto lastReport = Clock::now() - kBatchReportInterval;
    int batchIndex = 0;
    EpochTraining trained;
    // The data order, flips and crops of an epoch depend on the seed and the epoch only, so that
    // a resumed run sees exactly the batches it would have seen.
    loader.start(m_config.flips, m_config.seed * 1000003u + static_cast<std::uint64_t>(epoch));
    while (auto batch = loader.next()) {
        crashPoint("train-batch");
        // The budget is checked before every batch: a run ends at most one batch late. Ranks
        // of a data-parallel run follow rank 0's clock and stop when any of them is asked to.
        const StepControl step =
            agreeOnStep({!m_token.waitWhilePaused(), m_budget.exhausted(elapsed()),
                         progressAt(epoch, static_cast<double>(batchIndex) / batches)});
        if (step.cancelled)
            return fail(ErrorCode::Cancelled, "cancelled");
        if (step.budgetEnded) {
            trained.budgetEnded = true;
            break;
        }
        const double progress = step.progress;
        trained.lambda = lambdaFor(epoch, progress);
        trained.learningRate = m_config.learningRate * learningRateFactor(m_config, progress);
        setLearningRate(m_optimizer, trained.learningRate);

        const at::Tensor images = batch->images.to(m_setup.device);
        const at::Tensor masks = batch->masks.to(m_setup.device);
        const at::Tensor labels = batch->labels.to(m_setup.device);
        m_optimizer.zero_grad();
        m_contributes = !batch->standIn;
        at::autocast::set_enabled(autocast);
        const CanOutput out = m_model->forward(images);
        at::autocast::set_enabled(false);
        const LossTerms terms = m_loss(out, masks, labels, trained.lambda);
        if (m_gradients) {
            // This rank's share of the whole batch's mean loss: the gradients summed over the
            // ranks are then the whole batch's.
            const double share = batch->standIn ? 0.0
                                                : static_cast<double>(batch->ids.size()) /
                                                      static_cast<double>(batch->wholeBatch);
            m_gradients->begin();
            (terms.total * share).backward();
            m_gradients->finish();
            ++m_stepsThisSession;
        } else {
            terms.total.backward();
        }
        m_optimizer.step();
        const double n = batch->standIn ? 0.0 : static_cast<double>(batch->ids.size());
        clsSum += terms.clsPerClass.detach() * n;
        segSum += terms.segPerClass.detach() * n;
        trained.images += batch->standIn ? 0 : batch->ids.size();
        ++batchIndex;
        ++m_batchesThisSession;
        if (m_budget.enabled() && m_lastValidationSeconds == 0 && m_priorSeconds == 0 &&
            trained.images > 0)
            m_budget.setReserve(
                estimatedValidationSeconds(secondsBetween(started, Clock::now()) / trained.images));
        // Reading the loss waits for the device: only as often as anyone can watch.
        if (m_observer &&
            (Clock::now() - lastReport >= kBatchReportInterval || batchIndex == batches)) {
            lastReport = Clock::now();
            reportBatch(epoch, batchIndex, batches, terms.total.item<double>(),
                        trained.learningRate, trained.lambda, progress);
        }
    }
    if (batchIndex == 0)
        trained.lambda = lambdaFor(epoch, progressAt(epoch, 0));
    if (m_collective) {
        // The curves hold the whole epoch's losses, over every rank's samples.
        at::Tensor sums =
            at::cat({clsSum, segSum,
                     at::full({1}, static_cast<double>(trained.images), clsSum.options())})
                .to(at::kDouble);
        sumOverRanks(sums);
        clsSum = sums.slice(0, 0, m_classes);
        segSum = sums.slice(0, m_classes, 2 * m_classes);
        trained.images = static_cast<std::size_t>(sums[2 * m_classes].item<double>());
    }
    const double count = std::max<double>(static_cast<double>(trained.images), 1.0);
    const at::Tensor cls = (clsSum / count).to(at::kCPU, at::kDouble);
    const at::Tensor seg = (segSum / count).to(at::kCPU, at::kDouble);
    for (int c = 0; c < m_classes; ++c) {
        trained.loss.perClass.push_back({cls[c].item<double>(), seg[c].item<double>()});
        trained.loss.cls += trained.loss.perClass.back().cls / m_classes;
        trained.loss.seg += trained.loss.perClass.back().seg / m_classes;
    }
    trained.loss.total =
        trained.lambda * trained.loss.cls + (1 - trained.lambda) * trained.loss.seg;
    trained.seconds = secondsBetween(started, Clock::now());
    return trained;
}

// Writes the model file: the weights as they are now, with the thresholds calibrated on
// `calibration` (the validation of `epoch`) when the run calibrates.
Status TrainingSession::saveModel(const std::filesystem::path& path, const Evaluation* calibration,
                                  int epoch) const
{
    ModelMeta meta;
    meta.options = m_model->options();
    for (const auto& c : m_setup.classes) {
        meta.classNames.push_back(c.name);
        meta.classColors.push_back(c.color);
    }
    meta.inputHeight = m_config.inputHeight;
    meta.inputWidth = m_config.inputWidth;
    meta.threshold = m_config.threshold;
    meta.epoch = epoch;
    if (m_config.calibrate && calibration) {
        const ClassThresholds thresholds =
            calibrateThresholds(calibration->results, calibration->histograms, m_config.threshold);
        meta.imageThresholds = thresholds.image;
        meta.pixelThresholds = thresholds.pixel;
    }
    Can model = m_model;
    return dwb::saveModel(path, model, meta);
}

// Whole validation images through the weights as they are now (after fresh batch-norm
// statistics, when asked), timed for the budget's reserve.
Result<Evaluation> TrainingSession::validate(int epoch, double lambda)
{
    const auto started = Clock::now();
    if (m_config.normImages > 0)
        if (auto ok = recalibrateBatchNorm(
                m_model, m_setup.train, static_cast<std::size_t>(m_config.normImages),
                m_config.batchSize, m_setup.device, m_config.seed + 7919u * (epoch + 1u));
            !ok)
            return std::unexpected(ok.error());
    // Ranks stop together at the epoch's end: a cancel does not cut one rank's share short.
    EvaluationOptions options{m_config.batchSize,
                              m_config.threshold,
                              {},
                              {},
                              lambda,
                              m_config.mixedPrecision,
                              m_collective ? nullptr : m_token.flag()};
    auto validation = evaluateShared(options);
    if (!validation)
        return validation;
    m_lastValidationSeconds = secondsBetween(started, Clock::now());
    m_validationSecondsThisSession += m_lastValidationSeconds;
    // What the last validation took, and a margin, is kept for the one after the last batch.
    m_budget.setReserve(1.2 * m_lastValidationSeconds + 1.0);
    return validation;
}

Status TrainingSession::validateEpoch(int epoch, const EpochTraining& trained,
                                      const Evaluation& validation)
{
    // A loss that is not a number means the weights diverged (or a damaged file was loaded):
    // stop before it reaches the model file, the checkpoint or the curves.
    for (const LossBreakdown* loss : {&trained.loss, &validation.loss})
        if (!std::isfinite(loss->total) || !std::isfinite(loss->cls) || !std::isfinite(loss->seg))
            return fail(ErrorCode::Internal,
                        "training diverged at epoch " + std::to_string(epoch + 1) +
                            ": the loss is not a finite number; the run keeps its earlier "
                            "epochs, model and checkpoint (try a lower learning rate)");
    const double score = selectionScore(validation.metrics, validation.histograms);
    const bool improved = score > m_progress.bestScore;
    m_last = {epoch,
              m_config.epochs,
              trained.lambda,
              trained.loss,
              validation.loss,
              validation.metrics,
              trained.seconds + validation.seconds,
              static_cast<double>(trained.images) / std::max(trained.seconds, 1e-9),
              score,
              improved,
              trained.learningRate,
              trained.budgetEnded};
    m_validatedThisSession = true;
    // `best` says the run's model is now this epoch's: every epoch's, without selection.
    m_last.best = improved || !m_config.selectBest;
    if (improved) {
        m_progress.bestScore = score;
        m_progress.bestEpoch = epoch;
        m_epochsWithoutGain = 0;
    } else {
        ++m_epochsWithoutGain;
    }
    // The model file follows the best epoch (or every epoch without selection), calibrated on
    // the validation that chose it, so that an interrupted run already has its best model.
    if ((improved || !m_config.selectBest) && writer())
        if (auto ok = saveModel(m_folder / "model.pt", &validation, epoch); !ok)
            return ok;
    m_modelSaved = m_modelSaved || improved || !m_config.selectBest;

    m_progress.nextEpoch = epoch + 1;
    m_progress.seconds = elapsed();
    m_progress.reserveSeconds = m_budget.reserve();
    auto checkpoint = snapshot(m_model, m_optimizer, m_progress, m_config);
    if (!checkpoint)
        return std::unexpected(checkpoint.error());
    m_lastCheckpoint = std::move(*checkpoint);
    const bool due = m_config.checkpointEvery > 0 && (epoch + 1) % m_config.checkpointEvery == 0;
    // A data-parallel run checkpoints every epoch: a lost rank costs at most the current one.
    const bool writeNow = due || epoch + 1 == m_config.epochs || m_collective;
    m_lastRecord = RunEpochRecord{epoch,
                                  m_last.lambda,
                                  m_last.seconds,
                                  m_last.imagesPerSecond,
                                  lossRows(m_last.train),
                                  lossRows(m_last.validation)};
    if (!writer())
        return {};
    // The epoch's curves and the run's state in one transaction, then the checkpoint. A kill
    // between the two leaves the project ahead of the checkpoint: a resumed run starts from the
    // checkpoint and drops the curves after it (restore), so it never skips an epoch.
    if (auto ok = m_project.transaction(
            [&] { return recordEpochEnd(epoch, score, trained, validation, writeNow); });
        !ok)
        return ok;
    crashPoint("epoch-recorded");
    if (writeNow)
        return writeCheckpoint(m_folder / "checkpoint.pt", m_lastCheckpoint);
    return {};
}

// The rows of one epoch and the run's progress, inside the caller's transaction.
Status TrainingSession::recordEpochEnd(int epoch, double score, const EpochTraining& trained,
                                       const Evaluation& validation, bool checkpointFollows)
{
    if (auto ok = m_project.recordEpoch(m_runId, *m_lastRecord); !ok)
        return ok;
    std::vector<MetricRow> rows = metricRows(m_last.metrics);
    rows.push_back({-1, "selection_score", score});
    rows.push_back({-1, "learning_rate", trained.learningRate});
    for (int c = 0; c < m_classes; ++c)
        rows.push_back(
            {c, "best_pixel_iou",
             bestIouThreshold(validation.histograms[static_cast<std::size_t>(c)], 0.5).iou});
    if (auto ok = m_project.recordMetrics(m_runId, epoch, "val", rows); !ok)
        return ok;
    const auto relative = [&](const char* name, bool exists) {
        const auto path = m_folder / name;
        return exists ? path.lexically_relative(m_project.path().parent_path()).string()
                      : std::string();
    };
    const bool hasCheckpoint =
        checkpointFollows || std::filesystem::exists(m_folder / "checkpoint.pt");
    return m_project.updateRun(m_runId, "running", epoch + 1, elapsed(),
                               relative("model.pt", std::filesystem::exists(m_folder / "model.pt")),
                               relative("checkpoint.pt", hasCheckpoint));
}

Result<TrainingResult> TrainingSession::finish(StopReason reason, int epochsDone)
{
    TrainingResult result;
    result.runId = m_runId;
    result.epochsCompleted = epochsDone;
    result.cancelled = reason == StopReason::Cancelled;
    result.stopReason = reason;
    // A resumed run stopped before its first epoch here reports the epoch it resumed after.
    if (!m_validatedThisSession)
        m_last.epoch = epochsDone - 1;
    result.last = m_last;
    result.seconds = elapsed();
    result.augmentations = m_augmentations;
    result.syntheticImages = m_syntheticImages;
    result.augmentSeconds = m_augmentSeconds;
    if (m_collective) {
        result.ranks = m_collective->size();
        result.backend = m_collective->backendName();
        result.writer = writer();
        result.bytesExchangedPerStep =
            static_cast<double>(m_collective->bytesExchanged() - m_bytesAtStart) /
            static_cast<double>(std::max<std::int64_t>(m_stepsThisSession, 1));
    }
    // Without selection the model is the last validated epoch, whatever scored best.
    result.bestEpoch =
        m_config.selectBest || !m_validatedThisSession ? m_progress.bestEpoch : m_last.epoch;
    result.bestScore = std::max(
        0.0, m_config.selectBest || !m_validatedThisSession ? m_progress.bestScore : m_last.score);
    result.modelPath = m_folder / "model.pt";
    if (!writer()) {
        result.checkpointPath = m_folder / "checkpoint.pt";
        return result;
    }
    if (!m_lastCheckpoint.bytes.empty()) {
        if (auto ok = writeCheckpoint(m_folder / "checkpoint.pt", m_lastCheckpoint); !ok)
            return std::unexpected(ok.error());
        result.checkpointPath = m_folder / "checkpoint.pt";
    }
    // Stopped before any validation: the weights as they are, uncalibrated.
    if (!m_modelSaved)
        if (auto ok = saveModel(m_folder / "model.pt", nullptr, epochsDone - 1); !ok)
            return std::unexpected(ok.error());
    // With selection the last weights are kept beside the best ones when they differ; a
    // last-model.pt of an earlier session is stale once the best epoch is the last.
    const auto lastModel = m_folder / kLastModelFile;
    if (m_config.selectBest && m_modelSaved && m_validatedThisSession &&
        m_progress.bestEpoch != m_last.epoch) {
        if (auto ok = saveModel(lastModel, nullptr, m_last.epoch); !ok)
            return std::unexpected(ok.error());
        result.lastModelPath = lastModel;
    } else if (m_validatedThisSession && m_progress.bestEpoch == m_last.epoch) {
        std::error_code ignored;
        std::filesystem::remove(lastModel, ignored);
    } else if (std::filesystem::exists(lastModel)) {
        result.lastModelPath = lastModel;
    }
    result.modelPath = m_folder / "model.pt";
    result.calibrated = m_config.calibrate && m_modelSaved;
    const auto relative = [&](const std::filesystem::path& p) {
        return p.empty() ? std::string()
                         : p.lexically_relative(m_project.path().parent_path()).string();
    };
    const std::string status = reason == StopReason::Cancelled ? "cancelled" : "finished";
    if (auto ok = m_project.updateRun(m_runId, status, epochsDone, result.seconds,
                                      relative(result.modelPath), relative(result.checkpointPath));
        !ok)
        return std::unexpected(ok.error());
    return result;
}

Result<TrainingResult> TrainingSession::run()
{
    std::error_code ec;
    if (writer())
        std::filesystem::create_directories(m_folder, ec);
    if (ec)
        return fail(ErrorCode::IoError, "cannot create " + m_folder.string() + ": " + ec.message());
    m_started = Clock::now();
    if (m_collective) {
        synchroniseStart();
        m_bytesAtStart = m_collective->bytesExchanged();
    }
    if (m_observer)
        m_observer->onStarted({m_runId, m_setup.device.str(), runtimeInfo().threads, m_firstEpoch,
                               m_setup.train.size(), m_setup.validation.size(),
                               m_config.inputHeight, m_config.inputWidth, m_config.pool,
                               m_budget.seconds(), m_config.patchSize});
    // Before the first epoch completes, a cancel keeps the starting state.
    m_progress.nextEpoch = m_firstEpoch;
    auto initial = snapshot(m_model, m_optimizer, m_progress, m_config);
    if (!initial)
        return std::unexpected(initial.error());
    m_lastCheckpoint = std::move(*initial);

    if (auto ok = prepareAugmentation(); !ok)
        return std::unexpected(ok.error());
    // A resumed run rebuilds the synthetic set of its last trigger exactly.
    if (m_augmenter && m_firstEpoch > 0 && !rankZeroSays(augmentationDueAt(m_firstEpoch))) {
        const int setEpoch = m_progress.lastAugmentEpoch >= 0
                                 ? m_progress.lastAugmentEpoch
                                 : m_firstEpoch - m_firstEpoch % m_config.augmentEvery;
        if (auto ok = augment(setEpoch); !ok)
            return std::unexpected(ok.error());
    }
    BatchLoader loader(m_epochSamples, m_classes, m_config.batchSize,
                       {m_config.patchSize, m_config.patchDefectShare, m_config.cleanShare});
    if (m_collective)
        loader.setShard(m_collective->rank(), m_collective->size());
    for (int epoch = m_firstEpoch; epoch < m_config.epochs; ++epoch) {
        // A resumed run whose budget is spent, or a budget that ends at an epoch boundary,
        // stops before any more work (a guided-crop set included).
        if (rankZeroSays(m_budget.exhausted(elapsed())))
            return finish(StopReason::Budget, epoch);
        if (rankZeroSays(augmentationDueAt(epoch))) {
            if (auto ok = augment(epoch); !ok)
                return std::unexpected(ok.error());
            ++m_progress.augmentSets;
        }
        auto trained = trainEpoch(epoch, loader);
        if (!trained && trained.error().code == ErrorCode::Cancelled)
            return finish(StopReason::Cancelled, epoch);
        if (!trained)
            return std::unexpected(trained.error());
        // A budget used up before the epoch's first batch leaves nothing new to validate.
        if (trained->images == 0)
            return finish(StopReason::Budget, epoch);
        auto validation = validate(epoch, trained->lambda);
        if (!validation && validation.error().code == ErrorCode::Cancelled)
            return finish(StopReason::Cancelled, epoch);
        if (!validation)
            return std::unexpected(validation.error());
        if (auto ok = validateEpoch(epoch, *trained, *validation); !ok)
            return std::unexpected(ok.error());
        if (m_observer)
            m_observer->onEpoch(m_last);
        if (anyRankSays(m_token.isCancelled()))
            return finish(StopReason::Cancelled, epoch + 1);
        if (trained->budgetEnded)
            return finish(StopReason::Budget, epoch + 1);
        if (m_config.patience > 0 && m_epochsWithoutGain >= m_config.patience)
            return finish(StopReason::Patience, epoch + 1);
    }
    return finish(StopReason::Epochs, m_config.epochs);
}

} // namespace dwb
