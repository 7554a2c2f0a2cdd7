#include "dwb/model/CanInference.h"

#include "OneDnnCan.h"

#include "dwb/runtime/CpuInfo.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <limits>
#include <stdexcept>

namespace dwb {

#if !DWB_HAVE_DNNL
// Without oneDNN's headers the engine is never built, but CanInference still owns a pointer to it.
struct detail::OneDnnCan::State {};
struct detail::OneDnnCan::Plan {};
detail::OneDnnCan::~OneDnnCan() = default;
#endif

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

using Clock = std::chrono::steady_clock;

double millisecondsOf(const std::function<void()>& step)
{
    const auto start = Clock::now();
    step();
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string formatMs(double ms)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f ms", ms);
    return text;
}

// A smooth, deterministic test image for timing and cross-checking the engines: the global random
// generator is not touched, so choosing an engine never changes what a seeded run draws next.
at::Tensor patternImage(std::int64_t channels, std::int64_t height, std::int64_t width,
                        at::ScalarType type)
{
    const at::Tensor rows = at::arange(height, at::kFloat).mul_(0.37).sin_().view({height, 1});
    const at::Tensor cols = at::arange(width, at::kFloat).mul_(0.11).cos_().view({1, width});
    at::Tensor plane = (rows * cols).mul_(0.5).add_(0.5);
    return plane.expand({1, channels, height, width}).to(type).contiguous();
}

// Timed runs per engine after one warm-up; an engine already twice as slow as the best stops.
constexpr int kTimedRuns = 3;

} // namespace

CanInference::CanInference(const Can& model, std::optional<InferenceEngine> engine,
                           EngineCache cache)
    : m_options(model->options())
    , m_forced(engine)
    , m_cache(std::move(cache))
    , m_mutex(std::make_unique<std::mutex>())
    , m_buildMutex(std::make_unique<std::mutex>())
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
            (conv->weight.to(at::kDouble) * scale.view({-1, 1, 1, 1})).to(type).contiguous();
        layer.channelsLastWeight = channelsLastWeight(layer.weight);
        layer.bias = ((conv->bias.to(at::kDouble) - norm->running_mean.to(at::kDouble)) * scale +
                      norm->bias.to(at::kDouble))
                         .to(type);
        layer.dilation = (*conv->options.dilation())[0];
        m_layers.push_back(std::move(layer));
    }
    const at::Tensor headWeight = head.weight.detach().clone().contiguous();
    m_layers.push_back({headWeight, channelsLastWeight(headWeight), head.bias.detach().clone(), 1});
}

CanInference::~CanInference() = default;
CanInference::CanInference(CanInference&&) noexcept = default;
CanInference& CanInference::operator=(CanInference&&) noexcept = default;

void CanInference::to(const at::Device& device)
{
    const std::lock_guard lock(*m_mutex);
    const std::lock_guard build(*m_buildMutex);
    for (Layer& layer : m_layers) {
        layer.weight = layer.weight.to(device);
        layer.channelsLastWeight = channelsLastWeight(layer.weight);
        layer.bias = layer.bias.to(device);
    }
    m_oneDnn.reset();
}

bool CanInference::supports(InferenceEngine engine) const
{
    const at::Tensor& weight = m_layers.front().weight;
    if (engine == InferenceEngine::OneDnn) {
#if DWB_HAVE_DNNL
        return weight.is_cpu() && weight.scalar_type() == at::kFloat;
#else
        return false;
#endif
    }
    return true;
}

std::vector<FoldedLayer> CanInference::foldedLayers() const
{
    std::vector<FoldedLayer> layers;
    for (const Layer& layer : m_layers) {
        FoldedLayer folded;
        const at::Tensor weight = layer.weight.to(at::kCPU, at::kFloat).contiguous();
        const at::Tensor bias = layer.bias.to(at::kCPU, at::kFloat).contiguous();
        folded.weight.assign(weight.data_ptr<float>(), weight.data_ptr<float>() + weight.numel());
        folded.bias.assign(bias.data_ptr<float>(), bias.data_ptr<float>() + bias.numel());
        folded.outputs = static_cast<int>(weight.size(0));
        folded.inputs = static_cast<int>(weight.size(1));
        folded.kernel = static_cast<int>(weight.size(2));
        folded.dilation = static_cast<int>(layer.dilation);
        layers.push_back(std::move(folded));
    }
    return layers;
}

const detail::OneDnnCan& CanInference::oneDnn() const
{
#if !DWB_HAVE_DNNL
    throw std::invalid_argument("this build has no oneDNN engine (built without libdnnl-dev)");
#else
    const std::lock_guard lock(*m_buildMutex);
    if (!m_oneDnn) {
        m_oneDnn =
            std::make_unique<detail::OneDnnCan>(foldedLayers(), static_cast<float>(m_options.leak));
    }
    return *m_oneDnn;
#endif
}

at::Tensor CanInference::pooledLogits(const at::Tensor& images, InferenceEngine engine) const
{
    at::NoGradGuard noGrad;
    // The oneDNN engine reads raw memory: a wrong channel count must stop here, as at::conv2d
    // would stop it.
    if (images.dim() != 4 || images.size(1) != m_options.inputChannels)
        throw std::invalid_argument(
            "CanInference: expected N x " + std::to_string(m_options.inputChannels) +
            " x H x W images, got " + std::to_string(images.dim()) + "-d input with " +
            std::to_string(images.dim() > 1 ? images.size(1) : 0) + " channel(s)");
    const std::int64_t pool = m_options.pool;
    const at::Tensor input = m_options.standardize ? standardizeImages(images) : images;
    at::Tensor x = pool > 1 ? at::avg_pool2d(input, {pool, pool}, {pool, pool}) : input;
    if (engine == InferenceEngine::OneDnn) {
#if DWB_HAVE_DNNL
        if (!supports(engine))
            throw std::invalid_argument("the oneDNN engine runs float32 models on the CPU only");
        x = x.contiguous();
        const std::int64_t height = x.size(2);
        const std::int64_t width = x.size(3);
        at::Tensor logits = at::empty({x.size(0), m_options.classes, height, width}, x.options());
        const detail::OneDnnCan& network = oneDnn();
        for (std::int64_t n = 0; n < x.size(0); ++n)
            network.forward(x[n].data_ptr<float>(), static_cast<int>(height),
                            static_cast<int>(width), logits[n].data_ptr<float>());
        return logits;
#else
        throw std::invalid_argument("this build has no oneDNN engine (built without libdnnl-dev)");
#endif
    }
    // Channels-last lets oneDNN run every layer with its NHWC kernels and no reorders between
    // layers (the fastest at::conv2d path on AVX-512); NCHW reorders each layer to a blocked
    // layout and back, and falls back to im2col + GEMM for wide dilations on some ISAs.
    const bool nhwc = engine == InferenceEngine::ChannelsLast;
    if (nhwc)
        x = channelsLast(x);
    const std::size_t count = m_layers.size() - 1;
    std::vector<at::Tensor> early;
    early.reserve(count / 2);
    for (std::size_t i = 0; i < count; ++i) {
        const Layer& layer = m_layers[i];
        x = at::conv2d(x, nhwc ? layer.channelsLastWeight : layer.weight, layer.bias, 1,
                       layer.dilation, layer.dilation);
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
    return at::conv2d(x, nhwc ? head.channelsLastWeight : head.weight, head.bias).contiguous();
}

std::string CanInference::cacheKey(std::int64_t pooledHeight, std::int64_t pooledWidth) const
{
    const CpuInfo& cpu = cpuInfo();
#if DWB_HAVE_DNNL
    const std::string library = detail::OneDnnCan::libraryDescription();
#else
    const std::string library = "no oneDNN engine";
#endif
    // append() rather than chains of +: GCC 12 warns falsely (stringop-overflow) on those.
    std::string key = cpu.model + " |";
    for (const std::string& flag : cpu.flags)
        key.append(" ").append(flag);
    key.append(" | torch " TORCH_VERSION " | ").append(library).append(" | ");
    key.append(std::to_string(at::get_num_threads())).append(" threads | in ");
    key.append(std::to_string(m_options.inputChannels)).append(" width ");
    key.append(std::to_string(m_options.width)).append(" dilations");
    for (const int dilation : m_options.dilations)
        key.append(" ").append(std::to_string(dilation));
    key.append(" | ").append(std::to_string(pooledHeight)).append("x");
    return key.append(std::to_string(pooledWidth));
}

EngineChoice CanInference::choose(const at::Tensor& sample) const
{
    // The reference every other engine is checked against: the order the training module runs.
    const at::Tensor reference = pooledLogits(sample, InferenceEngine::Nchw);
    const double tolerance = 1e-3 * std::max(1.0, reference.abs().max().item<double>());
    double best = std::numeric_limits<double>::infinity();
    EngineChoice choice;
    std::string timings;
    const auto note = [&](InferenceEngine engine, const std::string& text) {
        timings.append(timings.empty() ? "" : ", ").append(engineName(engine)).append(" ");
        timings.append(text);
    };
    for (const InferenceEngine engine : kInferenceEngines) {
        if (!supports(engine))
            continue;
        at::Tensor out;
        try {
            out = pooledLogits(sample, engine); // warm-up: builds the primitives for this size
        } catch (const std::exception& error) {
            note(engine, std::string("cannot run this size (") + error.what() + ")");
            continue;
        }
        const double difference = (out - reference).abs().max().item<double>();
        if (!(difference <= tolerance)) {
            note(engine, "differs by " + std::to_string(difference) + " (not used)");
            continue;
        }
        double fastest = std::numeric_limits<double>::infinity();
        for (int run = 0; run < kTimedRuns; ++run) {
            fastest = std::min(fastest, millisecondsOf([&] { pooledLogits(sample, engine); }));
            if (fastest > 2 * best)
                break;
        }
        note(engine, formatMs(fastest));
        if (fastest < best) {
            best = fastest;
            choice.engine = engine;
        }
    }
    choice.reason = "measured " + timings;
    return choice;
}

EngineChoice CanInference::engineFor(std::int64_t height, std::int64_t width) const
{
    const std::lock_guard lock(*m_mutex);
    if (!m_layers.front().weight.is_cpu())
        return {InferenceEngine::ChannelsLast, "on the GPU: whole batches, channels-last"};
    if (m_forced && supports(*m_forced))
        return {*m_forced, "asked for"};
    const auto environment = engineFromEnvironment();
    if (environment && *environment && supports(**environment))
        return {**environment, std::string(kEngineVariable) + " names it"};
    const std::int64_t pool = m_options.pool;
    const std::int64_t pooledHeight = pool > 1 ? height / pool : height;
    const std::int64_t pooledWidth = pool > 1 ? width / pool : width;
    auto& slot = m_choices[{pooledHeight, pooledWidth}];
    if (!slot.reason.empty())
        return slot;
    const std::string key = cacheKey(pooledHeight, pooledWidth);
    if (const auto cached = m_cache.lookup(key); cached && supports(cached->engine)) {
        slot = {cached->engine, "cached for this CPU and size (" + cached->detail + ")"};
        return slot;
    }
    // Measured at the pooled size: the engines differ only after pooling.
    slot = choose(patternImage(m_options.inputChannels, pooledHeight * pool, pooledWidth * pool,
                               m_layers.front().weight.scalar_type()));
    const auto stored = m_cache.store(key, {slot.engine, slot.reason});
    slot.reason += stored ? "; cached in " + m_cache.file().string()
                          : "; not cached: " + stored.error().message;
    if (!environment)
        slot.reason += "; " + environment.error().message + ", ignored";
    return slot;
}

CanOutput CanInference::forward(const at::Tensor& images) const
{
    at::NoGradGuard noGrad;
    if (images.dim() != 4)
        throw std::invalid_argument("CanInference: expected N x C x H x W images");
    const std::int64_t batch = images.size(0);
    const std::int64_t height = images.size(2);
    const std::int64_t width = images.size(3);
    if (batch == 0)
        return {images.new_empty({0, m_options.classes, height, width}),
                images.new_empty({0, m_options.classes})};
    const InferenceEngine engine = engineFor(height, width).engine;
    // On the CPU one image at a time: every engine spreads a single image over all cores, and a
    // whole batch's activations (31 MB a layer at 8 x 300 x 400) are past glibc's mmap threshold,
    // so each would be mapped afresh and page-faulted in on every call, which costs more than the
    // convolutions. A GPU wants the whole batch.
    const std::int64_t chunk = images.is_cpu() ? 1 : batch;
    CanOutput out;
    for (std::int64_t first = 0; first < batch; first += chunk) {
        const std::int64_t size = std::min(chunk, batch - first);
        const at::Tensor logits = pooledLogits(images.narrow(0, first, size), engine);
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
