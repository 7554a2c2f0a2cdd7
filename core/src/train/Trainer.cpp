#include "dwb/train/Trainer.h"

#include "dwb/augment/GuidedCropAugmenter.h"
#include "dwb/augment/LossGuidedSampler.h"
#include "dwb/eval/Evaluator.h"
#include "dwb/model/ModelFile.h"
#include "dwb/runtime/Runtime.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/train/BatchLoader.h"
#include "dwb/train/Checkpoint.h"
#include "dwb/train/Loss.h"
#include "dwb/train/TrainingSetup.h"

#include <ATen/ATen.h>
#include <ATen/autocast_mode.h>
#include <torch/optim/adam.h>
#include <torch/utils.h>

#include <chrono>
#include <optional>

namespace dwb {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kBatchReportInterval = std::chrono::milliseconds(100);

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// One run from its first (or resumed) epoch to its last, cancel or error.
class TrainingSession {
public:
    TrainingSession(ProjectDb& project, TrainingSetup setup, std::int64_t runId,
                    CancellationToken& token, TrainingObserver* observer)
        : m_project(project)
        , m_setup(std::move(setup))
        , m_config(m_setup.config)
        , m_classes(static_cast<int>(m_setup.classes.size()))
        , m_runId(runId)
        , m_token(token)
        , m_observer(observer)
        , m_model(canOptions())
        , m_optimizer(m_model->parameters(), torch::optim::AdamOptions(m_config.learningRate)
                                                 .betas({m_config.beta1, m_config.beta2}))
        , m_loss(m_classes, m_config.posWeightCls, m_config.posWeightSeg, m_setup.device)
        , m_folder(runFolder(project.path(), runId))
    {
        m_model->to(m_setup.device);
    }

    Status restore(const std::filesystem::path& checkpoint)
    {
        auto state = restoreCheckpoint(checkpoint, m_model, m_optimizer, m_setup.device);
        if (!state)
            return std::unexpected(state.error());
        m_firstEpoch = state->nextEpoch;
        return {};
    }

    Result<TrainingResult> run();

private:
    CanOptions canOptions() const
    {
        CanOptions options;
        options.inputChannels = m_config.inputChannels;
        options.classes = m_classes;
        options.pool = m_config.pool;
        return options;
    }

    Status prepareAugmentation();
    Status augment(int epoch);
    Result<std::vector<double>> validationLossesOf(int epoch) const;
    Result<LossBreakdown> trainEpoch(int epoch, double lambda, BatchLoader& loader);
    Status finishEpoch(const EpochSummary& summary);
    Status saveModel() const;
    Result<TrainingResult> finish(const std::string& status, int epochsDone);

    ProjectDb& m_project;
    TrainingSetup m_setup;
    const TrainingConfig& m_config;
    int m_classes;
    std::int64_t m_runId;
    CancellationToken& m_token;
    TrainingObserver* m_observer;
    Can m_model;
    torch::optim::Adam m_optimizer;
    ProgressiveLoss m_loss;
    std::filesystem::path m_folder;
    int m_firstEpoch = 0;
    CheckpointBytes m_lastCheckpoint;
    EpochSummary m_last;
    Clock::time_point m_started = Clock::now();

    // What an epoch trains on: the training split, then the current synthetic set.
    std::vector<PreparedSample> m_epochSamples;
    std::optional<GuidedCropAugmenter> m_augmenter;
    std::vector<int> m_imagesPerClass;
    int m_augmentations = 0;
    int m_syntheticImages = 0;
    double m_augmentSeconds = 0;
};

Status TrainingSession::prepareAugmentation()
{
    m_epochSamples = m_setup.train;
    if (!m_config.augment)
        return {};
    auto augmenter = GuidedCropAugmenter::create(m_setup.train, m_classes);
    if (!augmenter)
        return fail(ErrorCode::InvalidArgument,
                    "guided-crop augmentation needs defect masks in the train split: " +
                        augmenter.error().message);
    m_augmenter.emplace(std::move(*augmenter));
    m_imagesPerClass.assign(static_cast<std::size_t>(m_classes), 0);
    for (const PreparedSample& sample : m_setup.train)
        for (int c = 0; c < m_classes; ++c)
            m_imagesPerClass[static_cast<std::size_t>(c)] += (sample.labels >> c) & 1u;
    return {};
}

// Per class: lambda * classification + (1 - lambda) * segmentation validation loss of `epoch`,
// as stored, so that a resumed run sees exactly what the uninterrupted one saw.
Result<std::vector<double>> TrainingSession::validationLossesOf(int epoch) const
{
    auto epochs = m_project.runEpochs(m_runId);
    if (!epochs)
        return std::unexpected(epochs.error());
    for (const RunEpochRecord& record : *epochs)
        if (record.epoch == epoch)
            if (auto losses = classValidationLosses(record, m_classes))
                return *losses;
    return fail(ErrorCode::NotFound, "run " + std::to_string(m_runId) +
                                         " has no validation losses for epoch " +
                                         std::to_string(epoch + 1));
}

// Regenerates the synthetic part of the training set for the epochs from `epoch` on.
Status TrainingSession::augment(int epoch)
{
    auto sampler = LossGuidedSampler::create(
        m_imagesPerClass, SamplerConfig{m_config.augmentTemperature, m_config.augmentFloor});
    if (!sampler)
        return std::unexpected(sampler.error());
    AugmentEvent event;
    event.epoch = epoch;
    if (epoch > 0) {
        auto losses = validationLossesOf(epoch - 1);
        if (!losses)
            return std::unexpected(losses.error());
        if (auto ok = sampler->setValidationLosses(*losses); !ok)
            return ok;
        event.lossEpoch = epoch - 1;
    }
    event.mode = samplerModeName(sampler->mode());
    event.probabilities = sampler->probabilities();

    // Seeded by the run's seed and the epoch alone, so that a resumed run regenerates the same
    // set. Generated on all the run's threads, between epochs: the training step never waits on
    // a half-made set, and the run summary reports the time.
    const auto started = Clock::now();
    const std::uint64_t seed = m_config.seed * 0x9E3779B97F4A7C15ull + 0xA96Du * (epoch + 1u);
    auto samples = m_augmenter->generateMany(event.probabilities, m_config.augmentCount, seed,
                                             static_cast<unsigned>(at::get_num_threads()));
    if (!samples)
        return std::unexpected(samples.error());
    event.seconds = secondsSince(started);
    event.images = static_cast<int>(samples->size());
    event.generated.assign(static_cast<std::size_t>(m_classes), 0);

    m_epochSamples.resize(m_setup.train.size());
    AugmentationRecord record{epoch, event.mode, event.images, event.seconds, {}};
    std::vector<SyntheticSampleRecord> stored;
    stored.reserve(samples->size());
    for (std::size_t i = 0; i < samples->size(); ++i) {
        SyntheticSample& sample = (*samples)[i];
        for (int c = 0; c < m_classes; ++c)
            event.generated[static_cast<std::size_t>(c)] += (sample.classBits >> c) & 1u;
        SyntheticSampleRecord row;
        row.seed = sample.provenance.seed;
        row.baseSampleId = sample.provenance.baseSampleId;
        row.classBits = sample.classBits;
        row.provenance = provenanceToJson(sample.provenance);
        stored.push_back(std::move(row));
        // Negative ids keep synthetic samples apart from the project's.
        m_epochSamples.push_back({-static_cast<std::int64_t>(i + 1), std::move(sample.image),
                                  std::move(sample.mask), sample.classBits});
    }
    for (int c = 0; c < m_classes; ++c)
        record.classes.push_back({c, event.probabilities[static_cast<std::size_t>(c)],
                                  event.generated[static_cast<std::size_t>(c)]});
    // Provenance only: any of these images can be rebuilt from it (replay), so no pixels are
    // stored.
    if (auto ok = m_project.recordAugmentation(m_runId, record, stored); !ok)
        return ok;
    ++m_augmentations;
    m_syntheticImages += event.images;
    m_augmentSeconds += event.seconds;
    if (m_observer)
        m_observer->onAugment(event);
    return {};
}

Result<LossBreakdown> TrainingSession::trainEpoch(int epoch, double lambda, BatchLoader& loader)
{
    m_model->train();
    at::Tensor clsSum = at::zeros({m_classes}, m_setup.device);
    at::Tensor segSum = at::zeros({m_classes}, m_setup.device);
    const int batches = static_cast<int>(loader.batchesPerPass());
    const bool autocast = m_config.mixedPrecision && m_setup.device.is_cuda();
    auto lastReport = Clock::now() - kBatchReportInterval;
    int batchIndex = 0;
    // The data order and flips of an epoch depend on the seed and the epoch only, so that a
    // resumed run sees exactly the batches it would have seen.
    loader.start(m_config.flips, m_config.seed * 1000003u + static_cast<std::uint64_t>(epoch));
    while (auto batch = loader.next()) {
        if (!m_token.waitWhilePaused())
            return fail(ErrorCode::Cancelled, "cancelled");
        const at::Tensor images = batch->images.to(m_setup.device);
        const at::Tensor masks = batch->masks.to(m_setup.device);
        const at::Tensor labels = batch->labels.to(m_setup.device);
        m_optimizer.zero_grad();
        at::autocast::set_enabled(autocast);
        const CanOutput out = m_model->forward(images);
        at::autocast::set_enabled(false);
        const LossTerms terms = m_loss(out, masks, labels, lambda);
        terms.total.backward();
        m_optimizer.step();
        const double n = static_cast<double>(batch->ids.size());
        clsSum += terms.clsPerClass.detach() * n;
        segSum += terms.segPerClass.detach() * n;
        ++batchIndex;
        // Reading the loss waits for the device: only as often as anyone can watch.
        if (m_observer &&
            (Clock::now() - lastReport >= kBatchReportInterval || batchIndex == batches)) {
            lastReport = Clock::now();
            m_observer->onBatch(
                {epoch, m_config.epochs, batchIndex, batches, terms.total.item<double>()});
        }
    }
    LossBreakdown loss;
    const auto count = static_cast<double>(m_epochSamples.size());
    const at::Tensor cls = (clsSum / count).to(at::kCPU, at::kDouble);
    const at::Tensor seg = (segSum / count).to(at::kCPU, at::kDouble);
    for (int c = 0; c < m_classes; ++c) {
        loss.perClass.push_back({cls[c].item<double>(), seg[c].item<double>()});
        loss.cls += loss.perClass.back().cls / m_classes;
        loss.seg += loss.perClass.back().seg / m_classes;
    }
    loss.total = lambda * loss.cls + (1 - lambda) * loss.seg;
    return loss;
}

Status TrainingSession::finishEpoch(const EpochSummary& summary)
{
    RunEpochRecord record{summary.epoch,           summary.lambda,
                          summary.seconds,         summary.imagesPerSecond,
                          lossRows(summary.train), lossRows(summary.validation)};
    if (auto ok = m_project.recordEpoch(m_runId, record); !ok)
        return ok;
    if (auto ok =
            m_project.recordMetrics(m_runId, summary.epoch, "val", metricRows(summary.metrics));
        !ok)
        return ok;
    auto checkpoint = snapshot(m_model, m_optimizer, summary.epoch + 1, m_config);
    if (!checkpoint)
        return std::unexpected(checkpoint.error());
    m_lastCheckpoint = std::move(*checkpoint);
    const bool due =
        m_config.checkpointEvery > 0 && (summary.epoch + 1) % m_config.checkpointEvery == 0;
    if (due || summary.epoch + 1 == m_config.epochs)
        if (auto ok = writeCheckpoint(m_folder / "checkpoint.pt", m_lastCheckpoint); !ok)
            return ok;
    return m_project.updateRun(m_runId, "running", summary.epoch + 1, secondsSince(m_started), "",
                               "");
}

Status TrainingSession::saveModel() const
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
    Can model = m_model;
    return dwb::saveModel(m_folder / "model.pt", model, meta);
}

Result<TrainingResult> TrainingSession::finish(const std::string& status, int epochsDone)
{
    TrainingResult result;
    result.runId = m_runId;
    result.epochsCompleted = epochsDone;
    result.cancelled = status == "cancelled";
    result.last = m_last;
    result.seconds = secondsSince(m_started);
    result.augmentations = m_augmentations;
    result.syntheticImages = m_syntheticImages;
    result.augmentSeconds = m_augmentSeconds;
    if (!m_lastCheckpoint.bytes.empty()) {
        if (auto ok = writeCheckpoint(m_folder / "checkpoint.pt", m_lastCheckpoint); !ok)
            return std::unexpected(ok.error());
        result.checkpointPath = m_folder / "checkpoint.pt";
    }
    if (auto ok = saveModel(); !ok)
        return std::unexpected(ok.error());
    result.modelPath = m_folder / "model.pt";
    const auto relative = [&](const std::filesystem::path& p) {
        return p.empty() ? std::string()
                         : p.lexically_relative(m_project.path().parent_path()).string();
    };
    if (auto ok = m_project.updateRun(m_runId, status, epochsDone, result.seconds,
                                      relative(result.modelPath), relative(result.checkpointPath));
        !ok)
        return std::unexpected(ok.error());
    return result;
}

Result<TrainingResult> TrainingSession::run()
{
    std::error_code ec;
    std::filesystem::create_directories(m_folder, ec);
    if (ec)
        return fail(ErrorCode::IoError, "cannot create " + m_folder.string() + ": " + ec.message());
    if (m_observer)
        m_observer->onStarted({m_runId, m_setup.device.str(), runtimeInfo().threads, m_firstEpoch,
                               m_setup.train.size(), m_setup.validation.size(),
                               m_config.inputHeight, m_config.inputWidth, m_config.pool});
    // Before the first epoch completes, a cancel keeps the starting state.
    auto initial = snapshot(m_model, m_optimizer, m_firstEpoch, m_config);
    if (!initial)
        return std::unexpected(initial.error());
    m_lastCheckpoint = std::move(*initial);

    if (auto ok = prepareAugmentation(); !ok)
        return std::unexpected(ok.error());
    // A resumed run rebuilds the synthetic set of its last trigger exactly.
    if (m_augmenter && m_firstEpoch % m_config.augmentEvery != 0)
        if (auto ok = augment(m_firstEpoch - m_firstEpoch % m_config.augmentEvery); !ok)
            return std::unexpected(ok.error());
    BatchLoader loader(m_epochSamples, m_classes, m_config.batchSize);
    for (int epoch = m_firstEpoch; epoch < m_config.epochs; ++epoch) {
        if (m_augmenter && epoch % m_config.augmentEvery == 0)
            if (auto ok = augment(epoch); !ok)
                return std::unexpected(ok.error());
        const auto epochStart = Clock::now();
        const double lambda = lambdaAt(m_config, epoch);
        auto trained = trainEpoch(epoch, lambda, loader);
        if (!trained && trained.error().code == ErrorCode::Cancelled)
            return finish("cancelled", epoch);
        if (!trained)
            return std::unexpected(trained.error());
        const double trainSeconds = secondsSince(epochStart);
        EvaluationOptions options{m_config.batchSize, m_config.threshold, lambda,
                                  m_config.mixedPrecision, m_token.flag()};
        auto validation =
            evaluate(m_model, m_setup.validation, m_classes, m_loss, m_setup.device, options);
        if (!validation && validation.error().code == ErrorCode::Cancelled)
            return finish("cancelled", epoch);
        if (!validation)
            return std::unexpected(validation.error());
        m_last = {epoch,
                  m_config.epochs,
                  lambda,
                  *trained,
                  validation->loss,
                  validation->metrics,
                  secondsSince(epochStart),
                  static_cast<double>(m_epochSamples.size()) / std::max(trainSeconds, 1e-9)};
        if (auto ok = finishEpoch(m_last); !ok)
            return std::unexpected(ok.error());
        if (m_observer)
            m_observer->onEpoch(m_last);
        if (m_token.isCancelled())
            return finish("cancelled", epoch + 1);
    }
    return finish("finished", m_config.epochs);
}

Result<TrainingResult> start(ProjectDb& project, const TrainingConfig& config,
                             std::optional<std::int64_t> resumeRun,
                             const std::filesystem::path& checkpoint, CancellationToken& token,
                             TrainingObserver* observer)
{
    configureRuntime(config.threads);
    // Weights start from the seed; the data order is seeded per epoch in trainEpoch.
    torch::manual_seed(config.seed);
    auto setup = prepareTraining(project, config, token, observer);
    if (!setup)
        return std::unexpected(setup.error());
    std::int64_t runId = 0;
    if (resumeRun) {
        runId = *resumeRun;
    } else {
        auto created = project.createRun(toText(setup->config), setup->device.str());
        if (!created)
            return std::unexpected(created.error());
        runId = *created;
    }
    try {
        TrainingSession session(project, std::move(*setup), runId, token, observer);
        if (resumeRun)
            if (auto ok = session.restore(checkpoint); !ok)
                return std::unexpected(ok.error());
        auto result = session.run();
        if (!result)
            project.updateRun(runId, "failed", 0, 0, "", "");
        return result;
    } catch (const std::exception& e) {
        project.updateRun(runId, "failed", 0, 0, "", "");
        return fail(ErrorCode::Internal, std::string("training failed: ") + e.what());
    }
}

} // namespace

std::filesystem::path runFolder(const std::filesystem::path& projectPath, std::int64_t runId)
{
    const auto absolute = std::filesystem::absolute(projectPath);
    return absolute.parent_path() / (absolute.stem().string() + ".runs") /
           ("run-" + std::to_string(runId));
}

Result<TrainingResult> Trainer::run(ProjectDb& project, const TrainingConfig& config,
                                    CancellationToken& token, TrainingObserver* observer)
{
    return start(project, config, std::nullopt, {}, token, observer);
}

Result<TrainingResult> Trainer::resume(ProjectDb& project, std::int64_t runId, int epochs,
                                       CancellationToken& token, TrainingObserver* observer)
{
    auto run = project.run(runId);
    if (!run)
        return std::unexpected(run.error());
    if (run->checkpointPath.empty())
        return fail(ErrorCode::NotFound, "run " + std::to_string(runId) + " has no checkpoint");
    const auto checkpoint = project.path().parent_path() / run->checkpointPath;
    auto state = readCheckpointState(checkpoint);
    if (!state)
        return std::unexpected(state.error());
    TrainingConfig config = state->config;
    if (epochs > 0)
        config.epochs = epochs;
    if (state->nextEpoch >= config.epochs)
        return fail(ErrorCode::InvalidArgument, "run " + std::to_string(runId) + " already has " +
                                                    std::to_string(state->nextEpoch) +
                                                    " epochs; ask for more");
    return start(project, config, runId, checkpoint, token, observer);
}

} // namespace dwb
