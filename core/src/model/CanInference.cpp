#include "dwb/model/CanInference.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <stdexcept>

namespace dwb {
namespace {

template <typename ModuleType>
const ModuleType& child(const torch::nn::Module& parent, const std::string& name)
{
    const auto children = parent.named_children();
    const auto* found = children.find(name);
    const ModuleType* module = found ? (*found)->as<ModuleType>() : nullptr;
    if (!module)
        throw std::invalid_argument("not a CAN: no module '" + name + "' of the expected type");
    return *module;
}

// A copy of a convolution's weight in channels-last order. Built from an empty channels-last
// tensor, because contiguous(ChannelsLast) leaves a weight with one input channel in its NCHW
// strides, and oneDNN then keeps the whole first layer in NCHW.
at::Tensor channelsLastWeight(const at::Tensor& weight)
{
    return at::empty(weight.sizes(), weight.options().memory_format(at::MemoryFormat::ChannelsLast))
        .copy_(weight);
}

// The same image in channels-last order. A one-channel image has the same bytes in both orders, so
// it only gets channels-last strides, without a copy.
at::Tensor channelsLast(const at::Tensor& images)
{
    if (images.size(1) == 1 && images.is_contiguous())
        return images.as_strided(images.sizes(),
                                 {images.size(2) * images.size(3), 1, images.size(3), 1});
    return images.contiguous(at::MemoryFormat::ChannelsLast);
}

} // namespace

CanInference::CanInference(const Can& model)
    : m_options(model->options())
{
    at::NoGradGuard noGrad;
    const auto& convs = child<torch::nn::ModuleListImpl>(*model, "layers");
    const auto& norms = child<torch::nn::ModuleListImpl>(*model, "norms");
    const auto& head = child<torch::nn::Conv2dImpl>(*model, "head");
    if (convs.size() != m_options.dilations.size() || norms.size() != convs.size())
        throw std::invalid_argument("not a CAN: layer count differs from its options");
    m_layers.reserve(convs.size() + 1);
    for (std::size_t i = 0; i < convs.size(); ++i) {
        const auto* conv = convs[i]->as<torch::nn::Conv2dImpl>();
        const auto* norm = norms[i]->as<torch::nn::BatchNorm2dImpl>();
        if (!conv || !norm || !norm->options.affine() || !norm->options.track_running_stats())
            throw std::invalid_argument("not a CAN: layer " + std::to_string(i));
        // In double, so that folding adds no rounding beyond the final cast.
        const at::Tensor scale = norm->weight.to(at::kDouble) /
                                 (norm->running_var.to(at::kDouble) + norm->options.eps()).sqrt();
        const at::ScalarType type = conv->weight.scalar_type();
        Layer layer;
        layer.weight =
            channelsLastWeight((conv->weight.to(at::kDouble) * scale.view({-1, 1, 1, 1})).to(type));
        layer.bias = ((conv->bias.to(at::kDouble) - norm->running_mean.to(at::kDouble)) * scale +
                      norm->bias.to(at::kDouble))
                         .to(type);
        layer.dilation = (*conv->options.dilation())[0];
        m_layers.push_back(std::move(layer));
    }
    m_layers.push_back({channelsLastWeight(head.weight.detach()), head.bias.detach().clone(), 1});
}

void CanInference::to(const at::Device& device)
{
    for (Layer& layer : m_layers) {
        layer.weight = layer.weight.to(device);
        layer.bias = layer.bias.to(device);
    }
}

at::Tensor CanInference::pooledLogits(const at::Tensor& images) const
{
    const std::int64_t pool = m_options.pool;
    const at::Tensor input = m_options.standardize ? standardizeImages(images) : images;
    // Channels-last activations let oneDNN run every layer, the widely dilated ones included, with
    // its direct kernels and no reorders between layers; in NCHW it reorders each layer's input
    // and output and falls back to im2col + GEMM for dilations of 16 and more (oneDNN 2.6 on
    // AVX-512, bench/README.md).
    at::Tensor x =
        channelsLast(pool > 1 ? at::avg_pool2d(input, {pool, pool}, {pool, pool}) : input);
    const std::size_t count = m_layers.size() - 1;
    std::vector<at::Tensor> early;
    early.reserve(count / 2);
    for (std::size_t i = 0; i < count; ++i) {
        const Layer& layer = m_layers[i];
        x = at::conv2d(x, layer.weight, layer.bias, 1, layer.dilation, layer.dilation);
        at::leaky_relu_(x, m_options.leak);
        if (i < count / 2) {
            early.push_back(x);
        } else if (const std::size_t opposite = count - 1 - i; opposite < early.size()) {
            // x is this layer's own output, so the skip adds in place; the early activation is
            // not needed again and its memory goes back to the allocator for the next layer.
            x.add_(early[opposite]);
            early[opposite].reset();
        }
    }
    const Layer& head = m_layers.back();
    // Back to NCHW while the logits are small, so callers get ordinary contiguous tensors.
    return at::conv2d(x, head.weight, head.bias).contiguous();
}

CanOutput CanInference::forward(const at::Tensor& images) const
{
    at::NoGradGuard noGrad;
    const std::int64_t batch = images.size(0);
    const std::int64_t height = images.size(2);
    const std::int64_t width = images.size(3);
    // On the CPU one image at a time: oneDNN already spreads a single image over all cores, and a
    // whole batch's activations (31 MB a layer at 8 x 300 x 400) are past glibc's mmap threshold,
    // so each would be mapped afresh and page-faulted in on every call, which costs more than the
    // convolutions. A GPU wants the whole batch.
    const std::int64_t chunk = images.is_cpu() ? 1 : std::max<std::int64_t>(batch, 1);
    CanOutput out;
    if (batch == 0)
        return {images.new_empty({0, m_options.classes, height, width}),
                images.new_empty({0, m_options.classes})};
    for (std::int64_t first = 0; first < batch; first += chunk) {
        const std::int64_t size = std::min(chunk, batch - first);
        const at::Tensor logits = pooledLogits(images.narrow(0, first, size));
        if (!out.maskLogits.defined()) {
            out.maskLogits = at::empty({batch, logits.size(1), height, width}, logits.options());
            out.imageLogits = at::empty({batch, logits.size(1)}, logits.options());
        }
        // Nearest upsampling repeats every pooled pixel, so the maxima of the small logits are
        // those of the upsampled ones, at a fraction of the reading.
        at::Tensor scores = out.imageLogits.narrow(0, first, size);
        at::amax_out(scores, logits, {2, 3});
        at::Tensor masks = out.maskLogits.narrow(0, first, size);
        at::upsample_nearest2d_out(masks, logits, {height, width});
    }
    return out;
}

} // namespace dwb
