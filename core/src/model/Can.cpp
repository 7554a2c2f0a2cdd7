#include "dwb/model/Can.h"

#include "dwb/model/DilatedConv.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/pooling.h>
#include <torch/nn/functional/upsampling.h>

#include <algorithm>
#include <stdexcept>

namespace dwb {

namespace F = torch::nn::functional;

namespace {

// Batch normalisation with the statistics of the whole batch across processes: the channel
// sums, then the centred squares, each summed by `sum` (two passes, as exact as one process's
// own normalisation). The running statistics move as torch's do, with the unbiased variance.
torch::Tensor synchronisedBatchNorm(const torch::Tensor& x, torch::nn::BatchNorm2dImpl& norm,
                                    const BatchStatisticsSum& sum)
{
    const std::int64_t channels = x.size(1);
    const std::vector<std::int64_t> dims{0, 2, 3};
    const auto count = static_cast<double>(x.size(0) * x.size(2) * x.size(3));
    const torch::Tensor first =
        sum(torch::cat({x.sum(dims), torch::full({1}, count, x.options())}));
    const torch::Tensor total = first[channels];
    const torch::Tensor mean = first.slice(0, 0, channels) / total;
    const torch::Tensor centred = x - mean.view({1, channels, 1, 1});
    const torch::Tensor variance = sum(centred.square().sum(dims)) / total;
    const double eps = norm.options.eps();
    torch::Tensor y = centred * torch::rsqrt(variance + eps).view({1, channels, 1, 1});
    if (norm.options.affine())
        y = y * norm.weight.view({1, channels, 1, 1}) + norm.bias.view({1, channels, 1, 1});
    if (norm.options.track_running_stats()) {
        torch::NoGradGuard noGrad;
        norm.num_batches_tracked += 1;
        const double momentum =
            norm.options.momentum().value_or(1.0 / norm.num_batches_tracked.item<double>());
        const double n = total.item<double>();
        const torch::Tensor unbiased = variance.detach() * (n / std::max(n - 1.0, 1.0));
        norm.running_mean.mul_(1 - momentum).add_(mean.detach(), momentum);
        norm.running_var.mul_(1 - momentum).add_(unbiased, momentum);
    }
    return y;
}

} // namespace

CanImpl::CanImpl(const CanOptions& options)
    : m_options(options)
{
    if (options.inputChannels < 1 || options.classes < 1 || options.width < 1 || options.pool < 1 ||
        options.dilations.empty())
        throw std::invalid_argument("invalid CAN options");
    int inputs = options.inputChannels;
    for (const int dilation : options.dilations) {
        m_layers->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(inputs, options.width, 3)
                                                  .padding(dilation)
                                                  .dilation(dilation)));
        m_norms->push_back(torch::nn::BatchNorm2d(options.width));
        inputs = options.width;
    }
    register_module("layers", m_layers);
    register_module("norms", m_norms);
    m_head = register_module(
        "head", torch::nn::Conv2d(torch::nn::Conv2dOptions(inputs, options.classes, 1)));
}

void CanImpl::setHeadBias(const std::vector<double>& logits)
{
    if (static_cast<int>(logits.size()) != m_options.classes)
        throw std::invalid_argument("setHeadBias: one logit per class expected");
    torch::NoGradGuard noGrad;
    std::vector<float> values(logits.begin(), logits.end());
    m_head->bias.copy_(torch::tensor(values).to(m_head->bias.device()));
}

torch::Tensor standardizeImages(const torch::Tensor& images)
{
    const std::vector<std::int64_t> pixels{1, 2, 3};
    const torch::Tensor mean = images.mean(pixels, true);
    const torch::Tensor deviation =
        images.std(pixels, /*unbiased=*/false, true).clamp_min(kMinImageDeviation);
    return (images - mean) / deviation;
}

CanOutput CanImpl::forward(const torch::Tensor& images)
{
    const auto height = images.size(2);
    const auto width = images.size(3);
    const torch::Tensor input = m_options.standardize ? standardizeImages(images) : images;
    torch::Tensor x =
        m_options.pool > 1 ? F::avg_pool2d(input, F::AvgPool2dFuncOptions(m_options.pool)) : input;
    const auto leaky = F::LeakyReLUFuncOptions().negative_slope(m_options.leak).inplace(true);
    const std::size_t count = m_layers->size();
    std::vector<torch::Tensor> early;
    early.reserve(count / 2);
    for (std::size_t i = 0; i < count; ++i) {
        const auto& conv = m_layers[i]->as<torch::nn::Conv2d>();
        const std::int64_t dilation = m_options.dilations[i];
        // While training on the CPU: oneDNN's direct kernels through oneDnnConv3x3 where this CPU
        // prefers them (below AVX-512), else torch's, with the widely dilated layers' input
        // gradients computed as forward convolutions by dilatedConv3x3 (DilatedConv.h).
        const bool training = x.is_cpu() && torch::GradMode::is_enabled();
        if (training && trainingUsesOneDnn() && oneDnnConvSupports(x, conv->weight, dilation))
            x = oneDnnConv3x3(x, conv->weight, conv->bias, dilation);
        else if (training && dilation >= kDilatedBackwardFrom)
            x = dilatedConv3x3(x, conv->weight, conv->bias, dilation);
        else
            x = conv->forward(x);
        auto* norm = m_norms[i]->as<torch::nn::BatchNorm2d>();
        x = m_statisticsSum && is_training() && torch::GradMode::is_enabled()
                ? synchronisedBatchNorm(x, *norm, m_statisticsSum)
                : norm->forward(x);
        x = F::leaky_relu(x, leaky);
        if (i < count / 2)
            early.push_back(x);
        else if (const std::size_t opposite = count - 1 - i; opposite < early.size())
            x = x + early[opposite];
    }
    torch::Tensor logits =
        F::interpolate(m_head->forward(x), F::InterpolateFuncOptions()
                                               .size(std::vector<int64_t>{height, width})
                                               .mode(torch::kNearest));
    torch::Tensor imageLogits = logits.amax({2, 3});
    return {logits, imageLogits};
}

} // namespace dwb
