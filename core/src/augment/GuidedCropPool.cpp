#include "dwb/augment/GuidedCropPool.h"

#include "dwb/storage/ProjectDb.h"
#include "dwb/train/DataDefaults.h"
#include "dwb/train/TrainingSummary.h"

#include <algorithm>
#include <thread>

namespace dwb {

namespace {

InputShape poolShape(const std::vector<SampleRecord>& train, const GuidedCropPoolOptions& options)
{
    if (options.shape)
        return *options.shape;
    InputShape shape = defaultInputShape(train, 1);
    if (const int side = std::max(shape.height, shape.width);
        options.maxSide > 0 && side > options.maxSide) {
        shape.height = std::max(8, shape.height * options.maxSide / side);
        shape.width = std::max(8, shape.width * options.maxSide / side);
    }
    return shape;
}

// The last epoch of the newest run whose validation has a loss for every class.
std::pair<std::int64_t, std::vector<double>> latestLosses(const ProjectDb& project, int classes)
{
    auto runs = project.runs();
    if (!runs)
        return {};
    for (auto run = runs->rbegin(); run != runs->rend(); ++run) {
        auto epochs = project.runEpochs(run->id);
        if (!epochs || epochs->empty())
            continue;
        if (auto losses = classValidationLosses(epochs->back(), classes))
            return {run->id, std::move(*losses)};
    }
    return {};
}

} // namespace

Result<GuidedCropPool> GuidedCropPool::prepare(const ProjectDb& project,
                                               const GuidedCropPoolOptions& options,
                                               const std::atomic<bool>* cancel)
{
    auto classes = project.classes();
    if (!classes)
        return std::unexpected(classes.error());
    if (classes->empty())
        return fail(ErrorCode::InvalidArgument, "the project has no classes");
    auto all = project.samples();
    if (!all)
        return std::unexpected(all.error());
    std::vector<SampleRecord> train = *all;
    std::erase_if(train, [](const SampleRecord& s) { return s.split != Split::Train; });
    if (train.empty()) {
        if (!options.anySplitWithoutTrain)
            return fail(ErrorCode::InvalidArgument,
                        "the project has no train split (see 'dwb split')");
        train = *all;
    }
    const InputShape shape = poolShape(train, options);
    auto prepared = prepareSamples(project, train, shape, cancel);
    if (!prepared)
        return std::unexpected(prepared.error());
    const int classCount = static_cast<int>(classes->size());
    std::vector<int> perClass = dwb::imagesPerClass(*prepared, classCount);
    auto augmenter = GuidedCropAugmenter::create(std::move(*prepared), classCount, options.augment);
    if (!augmenter)
        return std::unexpected(augmenter.error());

    GuidedCropPool pool(std::move(*augmenter));
    pool.m_classes = std::move(*classes);
    pool.m_shape = shape;
    pool.m_imagesPerClass = std::move(perClass);
    const auto& samples = pool.m_augmenter.pool();
    for (std::size_t i = 0; i < samples.size(); ++i)
        pool.m_indexOf[samples[i].id] = i;
    for (const SampleRecord& sample : *all)
        pool.m_names[sample.id] = sample.name;
    std::tie(pool.m_latestRun, pool.m_latestLosses) = latestLosses(project, classCount);
    return pool;
}

Result<LossGuidedSampler> GuidedCropPool::sampler(ClassWeighting weighting,
                                                  std::span<const double> manualWeights) const
{
    SamplerConfig config;
    if (weighting == ClassWeighting::Manual)
        config.floor = 0; // weights the user gives are used as given
    auto sampler = LossGuidedSampler::create(m_imagesPerClass, config);
    if (!sampler)
        return sampler;
    Status set;
    switch (weighting) {
    case ClassWeighting::InverseFrequency:
        break;
    case ClassWeighting::LatestRun:
        if (m_latestLosses.empty())
            return fail(ErrorCode::InvalidArgument, "no training run has validation losses yet");
        set = sampler->setValidationLosses(m_latestLosses);
        break;
    case ClassWeighting::Manual:
        if (manualWeights.size() != m_classes.size())
            return fail(ErrorCode::InvalidArgument, "expects " + std::to_string(m_classes.size()) +
                                                        " weights (one per class), got " +
                                                        std::to_string(manualWeights.size()));
        set = sampler->setFixedWeights(manualWeights);
        break;
    }
    if (!set)
        return std::unexpected(set.error());
    return sampler;
}

Result<std::vector<SyntheticSample>> GuidedCropPool::generate(const LossGuidedSampler& sampler,
                                                              int count, std::uint64_t seed,
                                                              unsigned threads) const
{
    if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
    return m_augmenter.generateMany(sampler.probabilities(), count, seed, threads);
}

const PreparedSample* GuidedCropPool::sample(std::int64_t id) const
{
    const auto it = m_indexOf.find(id);
    return it == m_indexOf.end() ? nullptr : &m_augmenter.pool()[it->second];
}

std::string GuidedCropPool::sampleName(std::int64_t id) const
{
    const auto it = m_names.find(id);
    return it == m_names.end() ? std::string() : it->second;
}

} // namespace dwb
