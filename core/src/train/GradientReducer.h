#pragma once

// Sums every parameter's gradient over the ranks of a data-parallel run, in buckets that start
// travelling while the backward pass still runs: a hook on each parameter copies its gradient
// into its bucket, and a full bucket is all-reduced at once. Parameters are bucketed in reverse
// order, the order backward reaches them. Private to core.

#include "Collective.h"

#include <ATen/core/Tensor.h>

#include <cstddef>
#include <optional>
#include <vector>

namespace dwb {

class GradientReducer {
public:
    static constexpr std::size_t kDefaultBucketBytes = 1 << 20;

    GradientReducer(std::vector<at::Tensor> parameters, Collective& collective,
                    std::size_t bucketBytes = kDefaultBucketBytes);
    ~GradientReducer();
    GradientReducer(const GradientReducer&) = delete;
    GradientReducer& operator=(const GradientReducer&) = delete;

    // Around each backward pass. After finish(), every parameter's gradient is the sum over the
    // ranks. Throws RankLostError.
    void begin();
    void finish();

    std::size_t bucketCount() const { return m_buckets.size(); }

private:
    struct Bucket {
        std::vector<std::size_t> parameters;
        std::vector<std::int64_t> offsets; // of each parameter in `flat`
        at::Tensor flat;
        std::size_t ready = 0;
        std::optional<PendingReduce> pending;
    };

    void onGradient(std::size_t parameter, const at::Tensor& gradient);
    void launch(Bucket& bucket);

    std::vector<at::Tensor> m_parameters;
    std::vector<unsigned> m_hooks;
    std::vector<std::pair<std::size_t, std::size_t>> m_slot; // parameter -> (bucket, index)
    std::vector<Bucket> m_buckets;
    std::vector<bool> m_arrived;
    Collective& m_collective;
};

} // namespace dwb
