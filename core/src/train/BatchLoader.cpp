#include "dwb/train/BatchLoader.h"

#include "dwb/core/Random.h"
#include "dwb/imaging/TensorConversion.h"
#include "dwb/train/PatchSampler.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

namespace dwb {
namespace {
// Two batches ahead keep the step fed without holding much memory.
constexpr std::size_t kQueueDepth = 2;
} // namespace

BatchLoader::BatchLoader(const std::vector<PreparedSample>& samples, int classes, int batchSize,
                         SamplingOptions sampling)
    : m_samples(samples)
    , m_classes(classes)
    , m_batchSize(batchSize)
    , m_sampling(sampling)
{
}

BatchLoader::~BatchLoader()
{
    stop();
}

BatchLoader::Composition BatchLoader::compose(const std::vector<PreparedSample>& samples,
                                              const SamplingOptions& sampling)
{
    Composition composition;
    for (std::size_t i = 0; i < samples.size(); ++i)
        (samples[i].labels != 0 ? composition.defective : composition.clean).push_back(i);
    composition.cleanPerPass = composition.clean.size();
    if (sampling.cleanShare > 0 && sampling.cleanShare < 1 && !composition.defective.empty()) {
        const double wanted = static_cast<double>(composition.defective.size()) *
                              sampling.cleanShare / (1.0 - sampling.cleanShare);
        composition.cleanPerPass =
            std::min(composition.clean.size(), static_cast<std::size_t>(std::lround(wanted)));
    }
    return composition;
}

void BatchLoader::setShard(int rank, int ranks)
{
    m_shard = std::max(rank, 0);
    m_shards = std::max(ranks, 1);
}

// Composed afresh for every pass: the samples may change between passes (guided-crop sets).
std::size_t BatchLoader::samplesPerPass() const
{
    const Composition composition = compose(m_samples, m_sampling);
    return composition.defective.size() + composition.cleanPerPass;
}

std::size_t BatchLoader::batchesPerPass() const
{
    const auto size = static_cast<std::size_t>(m_batchSize);
    return (samplesPerPass() + size - 1) / size;
}

void BatchLoader::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    if (m_worker.joinable())
        m_worker.join();
    m_stopping = false;
    m_ready.clear();
}

void BatchLoader::start(bool randomize, std::uint64_t seed)
{
    stop();
    Pass pass;
    pass.flips.assign(m_samples.size(), 0);
    Rng rng(seed);
    const Composition composition = compose(m_samples, m_sampling);
    if (composition.cleanPerPass < composition.clean.size()) {
        // A fresh draw of the defect-free samples each pass, in sample order until shuffled.
        std::vector<std::size_t> clean = composition.clean;
        rng.shuffle(clean);
        clean.resize(composition.cleanPerPass);
        pass.order = composition.defective;
        pass.order.insert(pass.order.end(), clean.begin(), clean.end());
        std::ranges::sort(pass.order);
    } else {
        pass.order.clear();
        pass.order.reserve(m_samples.size());
        for (std::size_t i = 0; i < m_samples.size(); ++i)
            pass.order.push_back(i);
    }
    if (randomize) {
        rng.shuffle(pass.order);
        for (auto& f : pass.flips)
            f = static_cast<std::uint8_t>(rng.uniformInt(0, 3));
    }
    if (m_sampling.patchSize > 0) {
        // Drawn after the order and flips, so that whole-image passes keep their sequence.
        pass.crops.reserve(m_samples.size());
        for (const PreparedSample& sample : m_samples)
            pass.crops.push_back(
                choosePatch(sample.mask, m_sampling.patchSize, m_sampling.defectShare, rng).rect);
    }
    m_finished = false;
    m_worker = std::thread(&BatchLoader::produce, this, std::move(pass));
}

Batch BatchLoader::makeBatch(const Pass& pass, std::size_t begin) const
{
    const std::size_t end =
        std::min(pass.order.size(), begin + static_cast<std::size_t>(m_batchSize));
    std::vector<at::Tensor> images, masks, labels;
    Batch batch;
    batch.wholeBatch = end - begin;
    std::vector<std::size_t> share;
    for (std::size_t k = begin + static_cast<std::size_t>(m_shard); k < end;
         k += static_cast<std::size_t>(m_shards))
        share.push_back(k);
    if (share.empty()) {
        share.push_back(begin);
        batch.standIn = true;
    }
    for (const std::size_t k : share) {
        const std::size_t index = pass.order[k];
        const PreparedSample& sample = m_samples[index];
        cv::Mat image = sample.image, mask = sample.mask;
        std::uint32_t classes = sample.labels;
        if (!pass.crops.empty()) {
            const cv::Rect& crop = pass.crops[index];
            image = sample.image(crop);
            mask = sample.mask(crop);
            classes = patchLabels(sample.mask, crop, sample.labels);
        }
        at::Tensor imageTensor = imageToTensor(image);
        at::Tensor maskTensor = classMaskToTensor(mask, m_classes);
        const std::uint8_t flip = pass.flips[index];
        if (flip & 1u) {
            imageTensor = imageTensor.flip({2});
            maskTensor = maskTensor.flip({2});
        }
        if (flip & 2u) {
            imageTensor = imageTensor.flip({1});
            maskTensor = maskTensor.flip({1});
        }
        images.push_back(imageTensor);
        masks.push_back(maskTensor);
        at::Tensor label = at::zeros({m_classes});
        for (int c = 0; c < m_classes; ++c)
            if (classes & (1u << c))
                label[c] = 1.0f;
        labels.push_back(label);
        batch.ids.push_back(sample.id);
    }
    batch.images = at::stack(images);
    batch.masks = at::stack(masks);
    batch.labels = at::stack(labels);
    return batch;
}

void BatchLoader::produce(Pass pass)
{
    for (std::size_t begin = 0; begin < pass.order.size();
         begin += static_cast<std::size_t>(m_batchSize)) {
        Batch batch = makeBatch(pass, begin);
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_stopping || m_ready.size() < kQueueDepth; });
        if (m_stopping)
            return;
        m_ready.push_back(std::move(batch));
        m_changed.notify_all();
    }
    std::lock_guard lock(m_mutex);
    m_finished = true;
    m_changed.notify_all();
}

std::optional<Batch> BatchLoader::next()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_ready.empty() || m_finished; });
    if (m_ready.empty())
        return std::nullopt;
    Batch batch = std::move(m_ready.front());
    m_ready.pop_front();
    m_changed.notify_all();
    return batch;
}

} // namespace dwb
