#include "dwb/train/Loss.h"

#include <ATen/ATen.h>

namespace dwb {
namespace {

at::Tensor weights(int classes, const std::vector<double>& values, const at::Device& device)
{
    std::vector<float> w(static_cast<std::size_t>(classes), 1.0f);
    for (std::size_t c = 0; c < values.size() && c < w.size(); ++c)
        w[c] = static_cast<float>(values[c]);
    return at::tensor(w).to(device);
}

} // namespace

ProgressiveLoss::ProgressiveLoss(int classes, const std::vector<double>& posWeightCls,
                                 const std::vector<double>& posWeightSeg, const at::Device& device,
                                 double diceWeight)
    : m_posWeightCls(weights(classes, posWeightCls, device))
    , m_posWeightSeg(weights(classes, posWeightSeg, device).view({classes, 1, 1}))
    , m_diceWeight(diceWeight)
{
}

LossTerms ProgressiveLoss::operator()(const CanOutput& output, const at::Tensor& masks,
                                      const at::Tensor& labels, double lambda) const
{
    // Losses in float32 even under mixed precision: BCE of half-precision logits loses the
    // small per-pixel terms of tiny defects.
    const at::Tensor imageLogits = output.imageLogits.to(at::kFloat);
    const at::Tensor maskLogits = output.maskLogits.to(at::kFloat);
    const at::Tensor cls = at::binary_cross_entropy_with_logits(imageLogits, labels, {},
                                                                m_posWeightCls, at::Reduction::None)
                               .mean(0);
    at::Tensor seg = at::binary_cross_entropy_with_logits(maskLogits, masks, {}, m_posWeightSeg,
                                                          at::Reduction::None)
                         .mean(std::vector<int64_t>{0, 2, 3});
    if (m_diceWeight > 0) {
        // Over the whole batch per class, smoothed by one pixel: a class absent from the batch
        // is asked for no pixels, one present for its overlap.
        const std::vector<int64_t> dims{0, 2, 3};
        const at::Tensor p = at::sigmoid(maskLogits);
        at::Tensor sums = at::stack({(p * masks).sum(dims), p.sum(dims) + masks.sum(dims)});
        if (m_statisticsSum && at::GradMode::is_enabled())
            sums = m_statisticsSum(sums);
        const at::Tensor dice = (2 * sums[0] + 1) / (sums[1] + 1);
        seg = seg + (1 - dice) * m_diceWeight;
    }
    const at::Tensor total = cls.mean() * lambda + seg.mean() * (1.0 - lambda);
    return {total, cls, seg};
}

} // namespace dwb
