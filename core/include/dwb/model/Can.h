#pragma once

// The Context Aggregation Network (torch). Include only where torch is needed.

#include "dwb/model/CanOptions.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include <functional>

namespace dwb {

struct CanOutput {
    torch::Tensor maskLogits;  // N x classes x H x W, at the input's size
    torch::Tensor imageLogits; // N x classes: the maximum of each class's mask logits
};

// Sums per-batch statistics over every process that trains a share of the same batch
// (data-parallel training, dwb/train/Distributed.h); differentiable.
using BatchStatisticsSum = std::function<torch::Tensor(const torch::Tensor&)>;

// Each image minus its mean, divided by its standard deviation (at least kMinImageDeviation,
// CanOptions.h), over all its channels and pixels.
torch::Tensor standardizeImages(const torch::Tensor& images);

// Optional per-image standardisation, average pooling (kernel = stride = pool), 13 dilated 3x3
// convolutions of `width` channels, each followed by batch normalisation and LeakyReLU, a 1x1 head
// with one channel per class, nearest upsampling back to the input size. Skip connections join
// opposite layers: the activation of layer i (i < 6) is added to the activation of layer 12 - i, so
// fine detail from the first layers reaches the last ones.
class CanImpl : public torch::nn::Module {
public:
    explicit CanImpl(const CanOptions& options);

    CanOutput forward(const torch::Tensor& images);

    const CanOptions& options() const { return m_options; }

    // Sets the head's bias, one logit per class: a prior near the classes' share of pixels lets
    // training start from "no defect anywhere" instead of spending its first steps getting there.
    void setHeadBias(const std::vector<double>& logits);

    // While training with gradients, the batch normalisations use the mean and variance of the
    // whole batch across processes, summed by `sum` (synchronised batch normalisation); empty:
    // each process's own batch.
    void setBatchStatisticsSum(BatchStatisticsSum sum) { m_statisticsSum = std::move(sum); }

private:
    CanOptions m_options;
    torch::nn::ModuleList m_layers;
    torch::nn::ModuleList m_norms;
    torch::nn::Conv2d m_head{nullptr};
    BatchStatisticsSum m_statisticsSum;
};

TORCH_MODULE(Can);

} // namespace dwb
