// size: one autograd function whose plans and passes share private buffers.

#include "dwb/model/DilatedConv.h"

#include "WeightGradient.h"

#include <ATen/ATen.h>
#include <oneapi/dnnl/dnnl.hpp>
#include <torch/autograd.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <tuple>
#include <vector>

namespace dwb {
namespace {

using dnnl::memory;
using Tag = memory::format_tag;
using Type = memory::data_type;
using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

// The training step's 3x3 "same" convolution through oneDNN directly, for the CPU.
//
// Torch's own path (mkldnn_convolution) reorders NCHW to the blocked layout and back around every
// call and, on AVX2, falls back to im2col + GEMM for every padding wider than the direct kernel
// takes (dilation 4 and up), in the forward pass and in both backward passes. Here the input is
// reordered once, straight into the interior of a zero-bordered blocked buffer as wide as the
// dilation, and the forward, backward-data and backward-weights primitives all run unpadded on
// that buffer: the forward pass with oneDNN's direct kernel, the gradients with oneDNN's own
// backward kernels where the ISA has them, else as described in Plan.
enum class WeightsBy {
    OneDnn, // oneDNN's backward-weights kernel (jit:avx2 only has one for undilated layers)
    Kernel, // our AVX2 kernel on the blocked buffers (WeightGradient.h)
    Torch,  // torch's convolution_backward, asked for the weight and bias gradients only
};

struct Plan {
    memory::desc user;        // N x in x H x W, NCHW: the caller's input
    memory::desc bordered;    // N x in x (H + 2p) x (W + 2p), blocked (or NCHW for one channel)
    memory::desc interior;    // the image inside `bordered`
    memory::desc output;      // N x out x H x W, blocked
    memory::desc userOutput;  // the same, NCHW
    memory::desc userWeights; // out x in x 3 x 3, OIHW
    dnnl::convolution_forward::primitive_desc forward;
    dnnl::convolution_backward_data::primitive_desc backwardData;
    dnnl::convolution_backward_weights::primitive_desc backwardWeights;
    // Created once with the plan (only when it is usable).
    dnnl::convolution_forward forwardPrimitive;
    dnnl::convolution_backward_data backwardDataPrimitive;
    dnnl::convolution_backward_weights backwardWeightsPrimitive;
    dnnl::convolution_forward adjointPrimitive;
    // Where the ISA has no direct backward-data kernel for this dilation (jit:avx2 has none past
    // dilation 2): the input gradient as a forward convolution of the zero-bordered output
    // gradient with the weights flipped in space and their channels swapped (DilatedConv.h).
    bool dataByAdjoint = false;
    memory::desc borderedOutput; // N x out x (H + 2p) x (W + 2p), blocked
    memory::desc outputInterior;
    memory::desc inputBlocked; // N x in x H x W, blocked
    memory::desc userAdjoint;  // in x out x 3 x 3, OIHW
    dnnl::convolution_forward::primitive_desc adjoint;
    // Where the ISA has no direct backward-weights kernel (jit:avx2 has none for dilated layers,
    // nor for one input channel): our kernel where the layout allows, else torch's.
    WeightsBy weightsBy = WeightsBy::OneDnn;
    bool usable = false;
};

struct Library {
    dnnl::engine engine{dnnl::engine::kind::cpu, 0};
    std::mutex mutex; // primitives own their scratchpads: one call at a time
    std::map<std::tuple<std::int64_t, std::int64_t, std::int64_t, std::int64_t, std::int64_t,
                        std::int64_t>,
             std::unique_ptr<Plan>>
        plans;
};

Library& library()
{
    // Never destroyed: pooled buffers held by autograd may outlive static destruction.
    static Library* instance = new Library;
    return *instance;
}

// Large buffers kept for reuse, per plan and role. A fresh buffer of 32 MB and more (a bordered
// batch of 8 at 150x200 is 43-93 MB) is past glibc's largest mmap threshold, so each would be
// mapped and page-faulted in afresh on every call, which on a small VM costs about as much as the
// convolution. A pooled buffer serves only its own plan and role, so a zero border written once
// stays zero: only interiors are ever written.
enum class Role { Bordered, Output, OutputGradient, BorderedGradient, InputGradient, Count };

class BufferPool {
public:
    at::Tensor take(const Plan& plan, Role role, std::size_t bytes, bool zeroed)
    {
        const Key key{&plan, role};
        void* data = nullptr;
        {
            const std::lock_guard lock(m_mutex);
            auto& list = m_free[key];
            if (!list.empty()) {
                data = list.back();
                list.pop_back();
            }
        }
        if (!data) {
            const std::size_t size = (bytes + 63) / 64 * 64;
            data = std::aligned_alloc(64, size);
            if (!data)
                throw std::bad_alloc();
            if (zeroed)
                std::memset(data, 0, size);
        }
        return at::from_blob(
            data, {static_cast<std::int64_t>(bytes / sizeof(float))},
            [this, key](void* released) {
                const std::lock_guard lock(m_mutex);
                m_free[key].push_back(released);
            },
            at::TensorOptions().dtype(at::kFloat));
    }

    // Frees every buffer not in use. Called when a new shape appears (a new run, another patch
    // size), so that a long session does not keep the buffers of every shape it ever trained.
    void releaseIdle()
    {
        const std::lock_guard lock(m_mutex);
        for (auto& [key, list] : m_free)
            for (void* data : list)
                std::free(data);
        m_free.clear();
    }

private:
    using Key = std::pair<const Plan*, Role>;
    std::mutex m_mutex;
    std::map<Key, std::vector<void*>> m_free;
};

BufferPool& pool()
{
    static BufferPool* instance = new BufferPool;
    return *instance;
}

void releaseIdleBuffers()
{
    pool().releaseIdle();
}

void releaseIdleBuffers(); // BufferPool::releaseIdle, below

Tag blockedTag(std::int64_t channels)
{
    if (channels == 1)
        return Tag::nchw;
    const bool wide = dnnl::get_effective_cpu_isa() >= dnnl::cpu_isa::avx512_core;
    return wide && channels % 16 == 0 ? Tag::aBcd16b : Tag::aBcd8b;
}

bool direct(const char* implementation)
{
    return !std::string(implementation).starts_with("ref");
}

// Under library().mutex.
const Plan& planFor(std::int64_t batch, std::int64_t inputs, std::int64_t outputs,
                    std::int64_t height, std::int64_t width, std::int64_t dilation)
{
    Library& lib = library();
    auto& slot = lib.plans[{batch, inputs, outputs, height, width, dilation}];
    if (slot)
        return *slot;
    releaseIdleBuffers();
    slot = std::make_unique<Plan>();
    Plan& plan = *slot;
    const memory::dim pad = dilation;
    plan.user = memory::desc({batch, inputs, height, width}, Type::f32, Tag::nchw);
    plan.bordered = memory::desc({batch, inputs, height + 2 * pad, width + 2 * pad}, Type::f32,
                                 blockedTag(inputs));
    plan.interior = plan.bordered.submemory_desc({batch, inputs, height, width}, {0, 0, pad, pad});
    plan.output = memory::desc({batch, outputs, height, width}, Type::f32, blockedTag(outputs));
    plan.userOutput = memory::desc({batch, outputs, height, width}, Type::f32, Tag::nchw);
    plan.userWeights = memory::desc({outputs, inputs, 3, 3}, Type::f32, Tag::oihw);
    const memory::desc anyWeights({outputs, inputs, 3, 3}, Type::f32, Tag::any);
    const memory::desc bias({outputs}, Type::f32, Tag::x);
    const memory::dims strides{1, 1};
    const memory::dims dilates{dilation - 1, dilation - 1};
    const memory::dims none{0, 0};
    try {
        plan.forward = dnnl::convolution_forward::primitive_desc(
            dnnl::convolution_forward::desc(
                dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct,
                plan.bordered, anyWeights, bias, plan.output, strides, dilates, none, none),
            lib.engine);
        plan.backwardData = dnnl::convolution_backward_data::primitive_desc(
            dnnl::convolution_backward_data::desc(dnnl::algorithm::convolution_direct,
                                                  plan.bordered, anyWeights, plan.output, strides,
                                                  dilates, none, none),
            lib.engine, plan.forward);
        plan.backwardWeights = dnnl::convolution_backward_weights::primitive_desc(
            dnnl::convolution_backward_weights::desc(dnnl::algorithm::convolution_direct,
                                                     plan.bordered, anyWeights, bias, plan.output,
                                                     strides, dilates, none, none),
            lib.engine, plan.forward);
        // A reference kernel would be far slower than torch's own path. The first layer needs
        // no input gradient, so its backward-data kernel does not count.
        if (!direct(plan.backwardWeights.impl_info_str()))
            plan.weightsBy = blockedTag(inputs) == Tag::aBcd8b &&
                                     blockedTag(outputs) == Tag::aBcd8b && inputs % 8 == 0 &&
                                     outputs % 8 == 0 && detail::blockedWeightGradientAvailable()
                                 ? WeightsBy::Kernel
                                 : WeightsBy::Torch;
        plan.dataByAdjoint = inputs > 1 && !direct(plan.backwardData.impl_info_str());
        bool dataDirect = inputs == 1 || !plan.dataByAdjoint;
        if (plan.dataByAdjoint) {
            plan.borderedOutput = memory::desc({batch, outputs, height + 2 * pad, width + 2 * pad},
                                               Type::f32, blockedTag(outputs));
            plan.outputInterior = plan.borderedOutput.submemory_desc(
                {batch, outputs, height, width}, {0, 0, pad, pad});
            plan.inputBlocked =
                memory::desc({batch, inputs, height, width}, Type::f32, blockedTag(inputs));
            plan.userAdjoint = memory::desc({inputs, outputs, 3, 3}, Type::f32, Tag::oihw);
            plan.adjoint = dnnl::convolution_forward::primitive_desc(
                dnnl::convolution_forward::desc(
                    dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                    plan.borderedOutput, memory::desc({inputs, outputs, 3, 3}, Type::f32, Tag::any),
                    memory::desc(), plan.inputBlocked, strides, dilates, none, none),
                lib.engine);
            dataDirect = direct(plan.adjoint.impl_info_str());
        }
        plan.usable = direct(plan.forward.impl_info_str()) && dataDirect;
        if (plan.usable) {
            plan.forwardPrimitive = dnnl::convolution_forward(plan.forward);
            if (plan.dataByAdjoint)
                plan.adjointPrimitive = dnnl::convolution_forward(plan.adjoint);
            else // for one input channel possibly a reference kernel: the CAN never asks for it
                plan.backwardDataPrimitive = dnnl::convolution_backward_data(plan.backwardData);
            if (plan.weightsBy == WeightsBy::OneDnn)
                plan.backwardWeightsPrimitive =
                    dnnl::convolution_backward_weights(plan.backwardWeights);
        }
    } catch (const dnnl::error&) {
        plan.usable = false;
    }
    return plan;
}

// A pooled float buffer big enough for `desc` (zero on first use when `zeroed`), and a oneDNN
// memory over it.
std::pair<at::Tensor, memory> pooled(const Plan& plan, Role role, const memory::desc& desc,
                                     bool zeroed = false)
{
    at::Tensor storage = pool().take(plan, role, desc.get_size(), zeroed);
    return {storage, memory(desc, library().engine, storage.data_ptr<float>())};
}

// A float tensor big enough for `desc`, and a oneDNN memory over it.
std::pair<at::Tensor, memory> buffer(const memory::desc& desc, const at::Tensor& like)
{
    at::Tensor storage =
        at::empty({static_cast<std::int64_t>(desc.get_size() / sizeof(float))}, like.options());
    return {storage, memory(desc, library().engine, storage.data_ptr<float>())};
}

memory view(const memory::desc& desc, const at::Tensor& tensor)
{
    return memory(desc, library().engine, tensor.data_ptr());
}

// Reorders `from` into `to` (layouts, borders) on `stream`.
void copy(const dnnl::stream& stream, memory from, memory to)
{
    dnnl::reorder(from, to).execute(stream, from, to);
}

struct OneDnnConvFunction : torch::autograd::Function<OneDnnConvFunction> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& input,
                              const at::Tensor& weight, const at::Tensor& bias,
                              std::int64_t dilation)
    {
        const at::Tensor x = input.contiguous();
        const at::Tensor w = weight.contiguous();
        const at::Tensor b = bias.contiguous();
        const std::int64_t batch = x.size(0), height = x.size(2), width = x.size(3);
        Library& lib = library();
        const std::lock_guard lock(lib.mutex);
        const Plan& plan = planFor(batch, x.size(1), w.size(0), height, width, dilation);
        dnnl::stream stream(lib.engine);
        auto [bordered, borderedMemory] = pooled(plan, Role::Bordered, plan.bordered, true);
        copy(stream, view(plan.user, x), memory(plan.interior, lib.engine, bordered.data_ptr()));
        auto [weights, weightsMemory] = buffer(plan.forward.weights_desc(), x);
        copy(stream, view(plan.userWeights, w), weightsMemory);
        auto [blocked, blockedMemory] = pooled(plan, Role::Output, plan.output);
        plan.forwardPrimitive.execute(
            stream, {{DNNL_ARG_SRC, borderedMemory},
                     {DNNL_ARG_WEIGHTS, weightsMemory},
                     {DNNL_ARG_BIAS, view(memory::desc({w.size(0)}, Type::f32, Tag::x), b)},
                     {DNNL_ARG_DST, blockedMemory}});
        at::Tensor output = at::empty({batch, w.size(0), height, width}, x.options());
        copy(stream, blockedMemory, view(plan.userOutput, output));
        stream.wait();
        // The bordered input feeds oneDNN's weight gradient; torch's wants the plain one.
        ctx->save_for_backward({plan.weightsBy == WeightsBy::Torch ? x : bordered, w});
        ctx->saved_data["dilation"] = dilation;
        ctx->saved_data["inputs"] = x.size(1);
        return output;
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list gradOutputs)
    {
        const auto saved = ctx->get_saved_variables();
        const at::Tensor& bordered = saved[0]; // the plain input where torch takes the weights
        const at::Tensor& w = saved[1];
        const std::int64_t dilation = ctx->saved_data["dilation"].toInt();
        const std::int64_t inputs = ctx->saved_data["inputs"].toInt();
        const at::Tensor gradOutput = gradOutputs[0].contiguous();
        const std::int64_t batch = gradOutput.size(0), height = gradOutput.size(2),
                           width = gradOutput.size(3);
        Library& lib = library();
        const std::lock_guard lock(lib.mutex);
        const Plan& plan = planFor(batch, inputs, w.size(0), height, width, dilation);
        dnnl::stream stream(lib.engine);
        // The output gradient in the blocked layout, for oneDNN's own backward kernels.
        const bool wantWeights = ctx->needs_input_grad(1) || ctx->needs_input_grad(2);
        const bool blockedGradient = (ctx->needs_input_grad(0) && !plan.dataByAdjoint) ||
                                     (wantWeights && plan.weightsBy != WeightsBy::Torch);
        at::Tensor diffDst;
        memory diffDstMemory;
        if (blockedGradient) {
            std::tie(diffDst, diffDstMemory) = pooled(plan, Role::OutputGradient, plan.output);
            copy(stream, view(plan.userOutput, gradOutput), diffDstMemory);
        }

        at::Tensor gradInput;
        if (ctx->needs_input_grad(0) && plan.dataByAdjoint) {
            const at::Tensor adjointWeights = w.flip({2, 3}).transpose(0, 1).contiguous();
            auto [weights, weightsMemory] = buffer(plan.adjoint.weights_desc(), gradOutput);
            copy(stream, view(plan.userAdjoint, adjointWeights), weightsMemory);
            auto [borderedGrad, borderedGradMemory] =
                pooled(plan, Role::BorderedGradient, plan.borderedOutput, true);
            copy(stream, view(plan.userOutput, gradOutput),
                 memory(plan.outputInterior, lib.engine, borderedGrad.data_ptr()));
            auto [blockedGrad, blockedGradMemory] =
                pooled(plan, Role::InputGradient, plan.inputBlocked);
            plan.adjointPrimitive.execute(stream, {{DNNL_ARG_SRC, borderedGradMemory},
                                                   {DNNL_ARG_WEIGHTS, weightsMemory},
                                                   {DNNL_ARG_DST, blockedGradMemory}});
            gradInput = at::empty({batch, inputs, height, width}, gradOutput.options());
            copy(stream, blockedGradMemory, view(plan.user, gradInput));
        } else if (ctx->needs_input_grad(0)) {
            auto [weights, weightsMemory] = buffer(plan.backwardData.weights_desc(), gradOutput);
            copy(stream, view(plan.userWeights, w), weightsMemory);
            auto [diffBordered, diffBorderedMemory] =
                pooled(plan, Role::InputGradient, plan.bordered);
            plan.backwardDataPrimitive.execute(stream, {{DNNL_ARG_DIFF_DST, diffDstMemory},
                                                        {DNNL_ARG_WEIGHTS, weightsMemory},
                                                        {DNNL_ARG_DIFF_SRC, diffBorderedMemory}});
            // The border's gradients belong to the zero padding: only the image's are kept.
            gradInput = at::empty({batch, inputs, height, width}, gradOutput.options());
            const memory interior(plan.interior, lib.engine, diffBordered.data_ptr());
            copy(stream, interior, view(plan.user, gradInput));
        }
        at::Tensor gradWeight;
        at::Tensor gradBias;
        if (wantWeights && plan.weightsBy == WeightsBy::Torch) {
            stream.wait();
            const std::vector<std::int64_t> biasSizes{w.size(0)};
            auto grads = at::convolution_backward(
                gradOutput, bordered, w, at::OptionalIntArrayRef(biasSizes), {1, 1},
                {dilation, dilation}, {dilation, dilation}, false, {0, 0}, 1, {false, true, true});
            gradWeight = std::get<1>(grads);
            gradBias = std::get<2>(grads);
        } else if (wantWeights && plan.weightsBy == WeightsBy::Kernel) {
            stream.wait();
            gradWeight = at::empty_like(w);
            detail::blockedWeightGradient(bordered.data_ptr<float>(), diffDst.data_ptr<float>(),
                                          batch, inputs, w.size(0), height, width, dilation,
                                          gradWeight.data_ptr<float>());
            gradBias = gradOutput.sum({0, 2, 3});
        } else if (wantWeights) {
            auto [diffWeights, diffWeightsMemory] =
                buffer(plan.backwardWeights.diff_weights_desc(), gradOutput);
            gradBias = at::empty({w.size(0)}, gradOutput.options());
            plan.backwardWeightsPrimitive.execute(
                stream, {{DNNL_ARG_SRC, view(plan.bordered, bordered)},
                         {DNNL_ARG_DIFF_DST, diffDstMemory},
                         {DNNL_ARG_DIFF_WEIGHTS, diffWeightsMemory},
                         {DNNL_ARG_DIFF_BIAS,
                          view(memory::desc({w.size(0)}, Type::f32, Tag::x), gradBias)}});
            gradWeight = at::empty_like(w);
            copy(stream, diffWeightsMemory, view(plan.userWeights, gradWeight));
        }
        stream.wait();
        return {gradInput, ctx->needs_input_grad(1) ? gradWeight : at::Tensor(),
                ctx->needs_input_grad(2) ? gradBias : at::Tensor(), at::Tensor()};
    }
};

} // namespace

bool oneDnnConvPreferred()
{
    // Measured faster than torch's path on AVX2 (bench/README.md); on AVX-512 torch's path, with
    // dilatedConv3x3 for the wide dilations, was measured and this one not yet.
    return dnnl::get_effective_cpu_isa() < dnnl::cpu_isa::avx512_core;
}

bool oneDnnConvSupports(const at::Tensor& input, const at::Tensor& weight, std::int64_t dilation)
{
    if (!input.is_cpu() || input.scalar_type() != at::kFloat || input.dim() != 4 ||
        weight.dim() != 4 || weight.size(1) != input.size(1) || weight.size(2) != 3 ||
        weight.size(3) != 3 || weight.scalar_type() != at::kFloat)
        return false;
    const std::lock_guard lock(library().mutex);
    return planFor(input.size(0), input.size(1), weight.size(0), input.size(2), input.size(3),
                   dilation)
        .usable;
}

at::Tensor oneDnnConv3x3(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,
                         std::int64_t dilation)
{
    return OneDnnConvFunction::apply(input, weight, bias, dilation);
}

} // namespace dwb
