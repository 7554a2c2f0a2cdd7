#include "GradientReducer.h"

#include <ATen/ATen.h>

namespace dwb {

GradientReducer::GradientReducer(std::vector<at::Tensor> parameters, Collective& collective,
                                 std::size_t bucketBytes)
    : m_parameters(std::move(parameters))
    , m_slot(m_parameters.size())
    , m_arrived(m_parameters.size(), false)
    , m_collective(collective)
{
    std::size_t bytes = 0;
    for (std::size_t k = m_parameters.size(); k-- > 0;) {
        const at::Tensor& parameter = m_parameters[k];
        if (m_buckets.empty() || bytes >= bucketBytes) {
            m_buckets.emplace_back();
            bytes = 0;
        }
        Bucket& bucket = m_buckets.back();
        const std::int64_t offset =
            bucket.offsets.empty()
                ? 0
                : bucket.offsets.back() + m_parameters[bucket.parameters.back()].numel();
        m_slot[k] = {m_buckets.size() - 1, bucket.parameters.size()};
        bucket.parameters.push_back(k);
        bucket.offsets.push_back(offset);
        bytes += parameter.nbytes();
    }
    for (Bucket& bucket : m_buckets) {
        const at::Tensor& last = m_parameters[bucket.parameters.back()];
        bucket.flat = at::zeros({bucket.offsets.back() + last.numel()}, last.options());
    }
    for (std::size_t k = 0; k < m_parameters.size(); ++k)
        m_hooks.push_back(m_parameters[k].register_hook(
            [this, k](const at::Tensor& gradient) { onGradient(k, gradient); }));
}

GradientReducer::~GradientReducer()
{
    for (std::size_t k = 0; k < m_parameters.size(); ++k)
        m_parameters[k].remove_hook(m_hooks[k]);
}

void GradientReducer::begin()
{
    for (Bucket& bucket : m_buckets) {
        bucket.ready = 0;
        bucket.pending.reset();
        bucket.flat.zero_();
    }
    std::fill(m_arrived.begin(), m_arrived.end(), false);
}

void GradientReducer::onGradient(std::size_t parameter, const at::Tensor& gradient)
{
    if (m_arrived[parameter])
        return;
    m_arrived[parameter] = true;
    const auto [b, index] = m_slot[parameter];
    Bucket& bucket = m_buckets[b];
    bucket.flat.narrow(0, bucket.offsets[index], gradient.numel())
        .copy_(gradient.detach().reshape({-1}));
    if (++bucket.ready == bucket.parameters.size())
        launch(bucket);
}

void GradientReducer::launch(Bucket& bucket)
{
    bucket.pending.emplace(m_collective.allReduceSumAsync(bucket.flat));
}

void GradientReducer::finish()
{
    // A parameter backward did not reach (none in this network) adds zeros: every rank still
    // sends every bucket, in the same order.
    for (Bucket& bucket : m_buckets)
        if (!bucket.pending)
            launch(bucket);
    for (Bucket& bucket : m_buckets) {
        bucket.pending->wait();
        for (std::size_t i = 0; i < bucket.parameters.size(); ++i) {
            at::Tensor& parameter = m_parameters[bucket.parameters[i]];
            const at::Tensor sum =
                bucket.flat.narrow(0, bucket.offsets[i], parameter.numel()).view_as(parameter);
            if (parameter.grad().defined())
                parameter.mutable_grad().copy_(sum);
            else
                parameter.mutable_grad() = sum.clone();
        }
    }
}

} // namespace dwb
