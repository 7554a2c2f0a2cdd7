#include "dwb/train/BatchLoader.h"

#include "dwb/core/Random.h"
#include "dwb/imaging/TensorConversion.h"

#include <ATen/ATen.h>

namespace dwb {
namespace {
// Two batches ahead keep the step fed without holding much memory.
constexpr std::size_t kQueueDepth = 2;
} // namespace

BatchLoader::BatchLoader(const std::vector<PreparedSample>& samples, int classes, int batchSize)
    : m_samples(samples)
    , m_classes(classes)
    , m_batchSize(batchSize)
{
}

BatchLoader::~BatchLoader()
{
    stop();
}

std::size_t BatchLoader::batchesPerPass() const
{
    const auto size = static_cast<std::size_t>(m_batchSize);
    return (m_samples.size() + size - 1) / size;
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
    std::vector<std::size_t> order(m_samples.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    // Bit 0: horizontal flip, bit 1: vertical flip.
    std::vector<std::uint8_t> flips(m_samples.size(), 0);
    if (randomize) {
        Rng rng(seed);
        for (std::size_t i = order.size(); i > 1; --i)
            std::swap(order[i - 1], order[static_cast<std::size_t>(
                                        rng.uniformInt(0, static_cast<std::int64_t>(i) - 1))]);
        for (auto& f : flips)
            f = static_cast<std::uint8_t>(rng.uniformInt(0, 3));
    }
    m_finished = false;
    m_worker = std::thread(&BatchLoader::produce, this, std::move(order), std::move(flips));
}

Batch BatchLoader::makeBatch(const std::vector<std::size_t>& order,
                             const std::vector<std::uint8_t>& flips, std::size_t begin) const
{
    const std::size_t end = std::min(order.size(), begin + static_cast<std::size_t>(m_batchSize));
    std::vector<at::Tensor> images, masks, labels;
    Batch batch;
    for (std::size_t k = begin; k < end; ++k) {
        const PreparedSample& sample = m_samples[order[k]];
        at::Tensor image = imageToTensor(sample.image);
        at::Tensor mask = classMaskToTensor(sample.mask, m_classes);
        const std::uint8_t flip = flips[order[k]];
        if (flip & 1u) {
            image = image.flip({2});
            mask = mask.flip({2});
        }
        if (flip & 2u) {
            image = image.flip({1});
            mask = mask.flip({1});
        }
        images.push_back(image);
        masks.push_back(mask);
        at::Tensor label = at::zeros({m_classes});
        for (int c = 0; c < m_classes; ++c)
            if (sample.labels & (1u << c))
                label[c] = 1.0f;
        labels.push_back(label);
        batch.ids.push_back(sample.id);
    }
    batch.images = at::stack(images);
    batch.masks = at::stack(masks);
    batch.labels = at::stack(labels);
    return batch;
}

void BatchLoader::produce(std::vector<std::size_t> order, std::vector<std::uint8_t> flips)
{
    for (std::size_t begin = 0; begin < order.size();
         begin += static_cast<std::size_t>(m_batchSize)) {
        Batch batch = makeBatch(order, flips, begin);
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
