// size: augment() makes and records one trigger's set; its steps share state.

// The guided-crop part of a training session: the synthetic set of each trigger.

#include "TrainingSession.h"

#include "dwb/augment/LossGuidedSampler.h"

#include <ATen/Parallel.h>

namespace dwb {

Status TrainingSession::prepareAugmentation()
{
    m_epochSamples = m_setup.train;
    if (!m_config.augment)
        return {};
    AugmentConfig config;
    config.shiftMode = m_config.augmentShift;
    auto augmenter = GuidedCropAugmenter::create(m_setup.train, m_classes, config);
    if (!augmenter)
        return fail(ErrorCode::InvalidArgument,
                    "guided-crop augmentation needs defect masks in the train split: " +
                        augmenter.error().message);
    m_augmenter.emplace(std::move(*augmenter));
    m_imagesPerClass = imagesPerClass(m_setup.train, m_classes);
    return {};
}

// Runs without a budget follow the paper: a new set at epochs 0, k, 2k, ...; budgeted runs at
// 0, 1/n, 2/n, ... of the budget, at the first epoch that starts past each.
bool TrainingSession::augmentationDueAt(int epoch) const
{
    if (!m_augmenter)
        return false;
    if (!m_budget.enabled())
        return epoch % m_config.augmentEvery == 0;
    return augmentationDue(m_config, m_budget.progress(elapsed()), m_progress.augmentSets);
}

// Per class: lambda * classification + (1 - lambda) * segmentation validation loss of `epoch`,
// as stored, so that a resumed run sees exactly what the uninterrupted one saw.
Result<std::vector<double>> TrainingSession::validationLossesOf(int epoch) const
{
    // Every rank of a data-parallel run has the epoch it validated itself: the same rows rank 0
    // stored, without waiting for them to reach the project.
    if (m_lastRecord && m_lastRecord->epoch == epoch)
        if (auto losses = classValidationLosses(*m_lastRecord, m_classes))
            return *losses;
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
    event.seconds = std::chrono::duration<double>(Clock::now() - started).count();
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
    if (writer())
        if (auto ok = m_project.recordAugmentation(m_runId, record, stored); !ok)
            return ok;
    ++m_augmentations;
    m_syntheticImages += event.images;
    m_augmentSeconds += event.seconds;
    m_progress.lastAugmentEpoch = epoch;
    if (m_observer)
        m_observer->onAugment(event);
    return {};
}

} // namespace dwb
