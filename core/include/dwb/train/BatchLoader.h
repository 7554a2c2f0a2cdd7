#pragma once

// Batches of prepared samples as tensors, built on a background thread so that the training
// step never waits for them. Torch: include only where needed.

#include "dwb/train/SampleSet.h"

#include <ATen/core/Tensor.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace dwb {

struct Batch {
    at::Tensor images; // N x C x H x W, float in [0, 1]
    at::Tensor masks;  // N x classes x H x W, float 0/1
    at::Tensor labels; // N x classes, float 0/1
    std::vector<std::int64_t> ids;
};

class BatchLoader {
public:
    BatchLoader(const std::vector<PreparedSample>& samples, int classes, int batchSize);
    ~BatchLoader();
    BatchLoader(const BatchLoader&) = delete;
    BatchLoader& operator=(const BatchLoader&) = delete;

    // Starts one pass over the samples. With `randomize`, the order is shuffled and each sample
    // flipped horizontally and vertically with probability 1/2, all drawn from `seed`, so that a
    // pass is the same for the same seed.
    void start(bool randomize, std::uint64_t seed);
    // The next batch of the pass, or nothing at its end.
    std::optional<Batch> next();

    std::size_t batchesPerPass() const;

private:
    void produce(std::vector<std::size_t> order, std::vector<std::uint8_t> flips);
    Batch makeBatch(const std::vector<std::size_t>& order, const std::vector<std::uint8_t>& flips,
                    std::size_t begin) const;
    void stop();

    const std::vector<PreparedSample>& m_samples;
    int m_classes;
    int m_batchSize;

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Batch> m_ready;
    bool m_finished = true;
    bool m_stopping = false;
    std::thread m_worker;
};

} // namespace dwb
