// size: planFor builds the primitive chain in execution order, layer by layer.

#include "OneDnnCan.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace dwb::detail {
namespace {

using dnnl::memory;
using Tag = memory::format_tag;
using Type = memory::data_type;

constexpr int kInput = -1; // the (reordered) input image, not one of the plan's buffers
// Layers padded this wide or wider read a zero-bordered copy of their input (see planFor).
constexpr memory::dim kMaxDirectPadding = 8;

const char* isaName(dnnl::cpu_isa isa)
{
    switch (isa) {
    case dnnl::cpu_isa::sse41:
        return "sse4.1";
    case dnnl::cpu_isa::avx:
        return "avx";
    case dnnl::cpu_isa::avx2:
        return "avx2";
    case dnnl::cpu_isa::avx2_vnni:
        return "avx2_vnni";
    case dnnl::cpu_isa::avx512_core:
        return "avx512_core";
    case dnnl::cpu_isa::avx512_core_vnni:
        return "avx512_core_vnni";
    case dnnl::cpu_isa::avx512_core_bf16:
        return "avx512_core_bf16";
    case dnnl::cpu_isa::avx512_core_amx:
        return "avx512_core_amx";
    default:
        return "other";
    }
}

} // namespace

struct OneDnnCan::State {
    dnnl::engine engine{dnnl::engine::kind::cpu, 0};
    dnnl::stream stream{engine};
    std::mutex mutex;
    std::map<std::pair<int, int>, std::unique_ptr<Plan>> plans;
};

struct OneDnnCan::Plan {
    struct Step {
        dnnl::convolution_forward convolution;
        memory weights;
        memory bias;
        int source = kInput; // a buffer index, or kInput
        int destination = 0; // a buffer index; the head's is its own output memory
        int skip = -1;       // the early buffer added after the activation, or -1
        // Where the layer reads a copy of its source inside a zero border instead (see planFor).
        std::optional<dnnl::reorder> fill;
        memory fillTarget; // the interior of `padded`, as a view
        memory padded;
    };

    memory userInput; // planar NCHW, pointed at the caller's image on every call
    memory input;     // what the first layer reads: userInput itself or a reordered copy
    std::optional<dnnl::reorder> inputReorder;
    std::vector<memory> buffers; // the activations, in the blocked layout, reused every call
    std::vector<Step> steps;     // the dilated stack
    Step head;
    memory headOutput;
    memory userOutput; // planar NCHW, pointed at the caller's logits on every call
    std::optional<dnnl::reorder> outputReorder;
    std::string kernel; // the implementation of a middle layer
};

OneDnnCan::OneDnnCan(std::vector<FoldedLayer> layers, float leak)
    : m_layers(std::move(layers))
    , m_leak(leak)
    , m_state(std::make_unique<State>())
{
    if (m_layers.size() < 2)
        throw std::invalid_argument("OneDnnCan: a stack and a head expected");
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        const FoldedLayer& layer = m_layers[i];
        const auto kernelArea = static_cast<std::size_t>(layer.kernel) * layer.kernel;
        if (layer.weight.size() !=
                static_cast<std::size_t>(layer.outputs) * layer.inputs * kernelArea ||
            layer.bias.size() != static_cast<std::size_t>(layer.outputs) || layer.kernel % 2 == 0)
            throw std::invalid_argument("OneDnnCan: layer " + std::to_string(i) +
                                        " has inconsistent sizes");
        if (i > 0 && layer.inputs != m_layers[i - 1].outputs)
            throw std::invalid_argument("OneDnnCan: layer " + std::to_string(i) +
                                        " does not take the previous layer's channels");
    }
    const std::size_t count = m_layers.size() - 1;
    for (std::size_t i = 1; i < count; ++i)
        if (m_layers[i].inputs != m_layers[0].outputs || m_layers[i].outputs != m_layers[0].outputs)
            throw std::invalid_argument("OneDnnCan: the stack's layers must have one width");
}

OneDnnCan::~OneDnnCan() = default;

OneDnnCan::Plan& OneDnnCan::planFor(int height, int width) const
{
    auto& slot = m_state->plans[{height, width}];
    if (slot)
        return *slot;
    const dnnl::engine& engine = m_state->engine;
    auto plan = std::make_unique<Plan>();
    const int channels = m_layers.front().outputs;
    const auto convolutionDesc = [&](const FoldedLayer& layer, const memory::desc& source,
                                     const memory::desc& destination, memory::dim pad) {
        return dnnl::convolution_forward::desc(
            dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct, source,
            memory::desc({layer.outputs, layer.inputs, layer.kernel, layer.kernel}, Type::f32,
                         Tag::any),
            memory::desc({layer.outputs}, Type::f32, Tag::any), destination, {1, 1},
            {layer.dilation - 1, layer.dilation - 1}, {pad, pad}, {pad, pad});
    };
    const auto anyDesc = [&](int c) {
        return memory::desc({1, c, height, width}, Type::f32, Tag::any);
    };
    // The activation layout oneDNN prefers for a width-to-width layer on this ISA; every layer
    // then reads and writes it, so that no reorder runs between layers.
    const auto padOf = [](const FoldedLayer& layer) {
        return static_cast<memory::dim>(layer.dilation) * (layer.kernel / 2);
    };
    const dnnl::convolution_forward::primitive_desc probe(
        convolutionDesc(m_layers[1], anyDesc(channels), anyDesc(channels), padOf(m_layers[1])),
        engine);
    const memory::desc activation = probe.dst_desc();
    // The same layout by name, for the bordered copies below.
    std::optional<Tag> activationTag;
    for (const Tag tag : {Tag::aBcd16b, Tag::aBcd8b, Tag::aBcd4b, Tag::nhwc, Tag::nchw})
        if (memory::desc({1, channels, height, width}, Type::f32, tag) == activation)
            activationTag = tag;
    std::map<memory::dim, memory> bordered; // per border width, zero outside the image

    const auto makeStep = [&](const FoldedLayer& layer, const memory::desc& source,
                              const memory::desc& destination, bool leaky, bool sum,
                              memory::dim pad) {
        dnnl::post_ops ops;
        if (leaky)
            ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, m_leak, 0.f);
        // The skip add as a binary post-op: oneDNN 2.6's jit:avx2 kernel takes a sum post-op only
        // before the eltwise, and the CAN adds after the LeakyReLU.
        if (sum)
            ops.append_binary(dnnl::algorithm::binary_add, destination);
        dnnl::primitive_attr attributes;
        attributes.set_post_ops(ops);
        const dnnl::convolution_forward::primitive_desc pd(
            convolutionDesc(layer, source, destination, pad), attributes, engine);
        Plan::Step step;
        step.convolution = dnnl::convolution_forward(pd);
        memory userWeights(
            {{layer.outputs, layer.inputs, layer.kernel, layer.kernel}, Type::f32, Tag::oihw},
            engine, const_cast<float*>(layer.weight.data()));
        memory userBias({{layer.outputs}, Type::f32, Tag::x}, engine,
                        const_cast<float*>(layer.bias.data()));
        step.weights = memory(pd.weights_desc(), engine);
        step.bias = memory(pd.bias_desc(), engine);
        dnnl::reorder(userWeights, step.weights)
            .execute(m_state->stream, userWeights, step.weights);
        dnnl::reorder(userBias, step.bias).execute(m_state->stream, userBias, step.bias);
        return std::pair{std::move(step), pd};
    };

    // The caller's planar image (`user`, pointed at its data on each call) and what the primitive
    // reads or writes: the same memory where the layouts agree, else its own with a reorder from
    // (`toPrimitive`) or to the caller's.
    const auto bindPlanar = [&](int planes, const memory::desc& wanted, memory& user, memory& inner,
                                std::optional<dnnl::reorder>& reorder, bool toPrimitive) {
        user = memory({{1, planes, height, width}, Type::f32, Tag::nchw}, engine, nullptr);
        if (wanted == user.get_desc()) {
            inner = user;
            return;
        }
        inner = memory(wanted, engine);
        if (toPrimitive)
            reorder.emplace(user, inner);
        else
            reorder.emplace(inner, user);
    };
    const std::size_t count = m_layers.size() - 1;
    const std::size_t half = count / 2;
    const auto newBuffer = [&] {
        plan->buffers.emplace_back(activation, engine);
        return static_cast<int>(plan->buffers.size()) - 1;
    };
    std::map<std::string, int> kernels; // implementation -> layers
    int bordersUsed = 0;
    std::vector<int> early;
    int scratch[2] = {-2, -2};
    int nextScratch = 0;
    int current = kInput;
    for (std::size_t i = 0; i < count; ++i) {
        const FoldedLayer& layer = m_layers[i];
        int destination = 0;
        int skip = -1;
        bool sum = false;
        if (i < half) {
            destination = newBuffer();
            early.push_back(destination);
        } else {
            if (const std::size_t opposite = count - 1 - i; opposite < half) {
                skip = early[opposite];
                sum = true;
            }
            // Two scratch buffers taken in turn: a layer never writes the buffer it reads.
            int& buffer = scratch[nextScratch];
            nextScratch ^= 1;
            if (buffer < 0)
                buffer = newBuffer();
            if (buffer == current) {
                int& other = scratch[nextScratch];
                nextScratch ^= 1;
                if (other < 0)
                    other = newBuffer();
                destination = other;
            } else {
                destination = buffer;
            }
        }
        const memory::desc source = i == 0 ? anyDesc(layer.inputs) : activation;
        Plan::Step step;
        dnnl::convolution_forward::primitive_desc pd;
        bool built = false;
        try {
            std::tie(step, pd) = makeStep(layer, source, activation, true, sum, padOf(layer));
            built = true;
        } catch (const dnnl::error&) {
            // No implementation at all for this padding at this size: the bordered copy below.
        }
        // oneDNN's direct kernels for some ISAs (jit:avx2 in 2.6) take no padding wider than a
        // few pixels, and it then falls back to its reference kernel, about 1000x slower; on
        // AVX-512 its brgconv kernels take wide padding but compute it wrongly (errors up to 1%
        // of the logits at a padding of 16) and four times slower. Such a layer reads a copy of
        // its input inside a zero border as wide as its dilation, with no padding of its own:
        // the same result, one cheap copy, and a direct kernel that is right.
        if (i > 0 && activationTag &&
            (!built || padOf(layer) >= kMaxDirectPadding ||
             std::string(pd.impl_info_str()).starts_with("ref"))) {
            const memory::dim pad = padOf(layer);
            auto& border = bordered[pad];
            const memory::desc borderedDesc({1, channels, height + 2 * pad, width + 2 * pad},
                                            Type::f32, *activationTag);
            if (!border) {
                border = memory(borderedDesc, engine);
                std::memset(border.get_data_handle(), 0, borderedDesc.get_size());
            }
            auto [direct, directPd] = makeStep(layer, borderedDesc, activation, true, sum, 0);
            if (!built || !std::string(directPd.impl_info_str()).starts_with("ref")) {
                step = std::move(direct);
                pd = directPd;
                built = true;
                step.padded = border;
                step.fillTarget = memory(
                    borderedDesc.submemory_desc({1, channels, height, width}, {0, 0, pad, pad}),
                    engine, border.get_data_handle());
                step.fill.emplace(memory(activation, engine, nullptr), step.fillTarget);
            }
        }
        if (!built)
            throw std::invalid_argument("oneDNN has no convolution for layer " + std::to_string(i) +
                                        " at " + std::to_string(height) + "x" +
                                        std::to_string(width));
        if (i == 0)
            bindPlanar(layer.inputs, pd.src_desc(), plan->userInput, plan->input,
                       plan->inputReorder, true);
        kernels[pd.impl_info_str()] += 1;
        bordersUsed += step.fill ? 1 : 0;
        step.source = current;
        step.destination = destination;
        step.skip = skip;
        current = destination;
        plan->steps.push_back(std::move(step));
    }
    for (const auto& [name, layers] : kernels)
        plan->kernel += (plan->kernel.empty() ? "" : ", ") + name + " x" + std::to_string(layers);
    if (bordersUsed)
        plan->kernel += " (" + std::to_string(bordersUsed) + " reading a zero-bordered copy)";
    const FoldedLayer& headLayer = m_layers.back();
    auto [head, headPd] =
        makeStep(headLayer, activation, anyDesc(headLayer.outputs), false, false, 0);
    head.source = current;
    plan->head = std::move(head);
    bindPlanar(headLayer.outputs, headPd.dst_desc(), plan->userOutput, plan->headOutput,
               plan->outputReorder, false);
    m_state->stream.wait();
    slot = std::move(plan);
    return *slot;
}

void OneDnnCan::forward(const float* input, int height, int width, float* logits) const
{
    const std::lock_guard lock(m_state->mutex);
    Plan& plan = planFor(height, width);
    dnnl::stream& stream = m_state->stream;
    plan.userInput.set_data_handle(const_cast<float*>(input));
    plan.userOutput.set_data_handle(logits);
    if (plan.inputReorder)
        plan.inputReorder->execute(stream, plan.userInput, plan.input);
    const auto bufferOf = [&](int index) -> memory& {
        return index == kInput ? plan.input : plan.buffers[static_cast<std::size_t>(index)];
    };
    for (Plan::Step& step : plan.steps) {
        if (step.fill)
            step.fill->execute(stream, bufferOf(step.source), step.fillTarget);
        std::unordered_map<int, memory> arguments{
            {DNNL_ARG_SRC, step.fill ? step.padded : bufferOf(step.source)},
            {DNNL_ARG_WEIGHTS, step.weights},
            {DNNL_ARG_BIAS, step.bias},
            {DNNL_ARG_DST, bufferOf(step.destination)}};
        if (step.skip >= 0)
            arguments.emplace(DNNL_ARG_ATTR_MULTIPLE_POST_OP(1) | DNNL_ARG_SRC_1,
                              bufferOf(step.skip));
        step.convolution.execute(stream, arguments);
    }
    plan.head.convolution.execute(stream, {{DNNL_ARG_SRC, bufferOf(plan.head.source)},
                                           {DNNL_ARG_WEIGHTS, plan.head.weights},
                                           {DNNL_ARG_BIAS, plan.head.bias},
                                           {DNNL_ARG_DST, plan.headOutput}});
    if (plan.outputReorder)
        plan.outputReorder->execute(stream, plan.headOutput, plan.userOutput);
    stream.wait();
    // The caller's buffers are not ours to keep.
    plan.userInput.set_data_handle(nullptr);
    plan.userOutput.set_data_handle(nullptr);
}

std::string OneDnnCan::kernelName(int height, int width) const
{
    const std::lock_guard lock(m_state->mutex);
    return planFor(height, width).kernel;
}

std::string OneDnnCan::libraryDescription()
{
    const dnnl::version_t* version = dnnl::version();
    return "oneDNN " + std::to_string(version->major) + "." + std::to_string(version->minor) + "." +
           std::to_string(version->patch) + " " + isaName(dnnl::get_effective_cpu_isa());
}

} // namespace dwb::detail
