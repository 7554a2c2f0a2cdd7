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
    // Data-parallel training: how many samples the whole batch has across the ranks, and whether
    // this rank's share was empty so that it holds one stand-in sample that must not count.
    std::size_t wholeBatch = 0;
    bool standIn = false;
};

// What a training pass is made of. Crops instead of whole images (dwb/train/PatchSampler.h)
// when patchSize > 0; with cleanShare > 0, a pass holds every sample with a defect and only as
// many defect-free samples, drawn afresh each pass, as make up that share of it.
struct SamplingOptions {
    int patchSize = 0;
    double defectShare = 0.5; // of the crops, centred on a defect
    double cleanShare = 0;    // of a pass, defect-free samples; 0: all of them
};

class BatchLoader {
public:
    BatchLoader(const std::vector<PreparedSample>& samples, int classes, int batchSize,
                SamplingOptions sampling = {});
    ~BatchLoader();
    BatchLoader(const BatchLoader&) = delete;
    BatchLoader& operator=(const BatchLoader&) = delete;

    // Starts one pass over the samples. With `randomize`, the order is shuffled and each sample
    // flipped horizontally and vertically with probability 1/2, all drawn from `seed`, so that a
    // pass is the same for the same seed. With patches, each sample's crop is drawn from the same
    // seed (the labels of a batch are then the crops' classes).
    void start(bool randomize, std::uint64_t seed);
    // The next batch of the pass, or nothing at its end.
    std::optional<Batch> next();

    // Data-parallel training: each batch of the pass is split among `ranks`, and this loader
    // yields share `rank` (every ranks-th sample of it). The pass itself is the same on every
    // rank: the order one process would train in.
    void setShard(int rank, int ranks);

    std::size_t batchesPerPass() const;
    std::size_t samplesPerPass() const;

private:
    struct Pass {
        std::vector<std::size_t> order;
        std::vector<std::uint8_t> flips; // per sample: bit 0 horizontal, bit 1 vertical
        std::vector<cv::Rect> crops;     // per sample, when training on patches
    };

    struct Composition {
        std::vector<std::size_t> defective; // samples with a defect label
        std::vector<std::size_t> clean;     // the others
        std::size_t cleanPerPass = 0;
    };

    void produce(Pass pass);
    static Composition compose(const std::vector<PreparedSample>& samples,
                               const SamplingOptions& sampling);
    Batch makeBatch(const Pass& pass, std::size_t begin) const;
    void stop();

    const std::vector<PreparedSample>& m_samples;
    int m_classes;
    int m_batchSize;
    SamplingOptions m_sampling;
    int m_shard = 0;
    int m_shards = 1;

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Batch> m_ready;
    bool m_finished = true;
    bool m_stopping = false;
    std::thread m_worker;
};

} // namespace dwb
