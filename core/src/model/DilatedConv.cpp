#include "dwb/model/DilatedConv.h"

#include <ATen/ATen.h>
#include <torch/autograd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace dwb {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::tensor_list;

struct DilatedConvFunction : torch::autograd::Function<DilatedConvFunction> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& input,
                              const at::Tensor& weight, const at::Tensor& bias,
                              std::int64_t dilation)
    {
        ctx->save_for_backward({input, weight});
        ctx->saved_data["dilation"] = dilation;
        ctx->saved_data["bias"] = bias.defined();
        return at::conv2d(input, weight, bias, {1, 1}, {dilation, dilation}, {dilation, dilation});
    }

    static tensor_list backward(AutogradContext* ctx, tensor_list gradOutputs)
    {
        const auto saved = ctx->get_saved_variables();
        const at::Tensor& input = saved[0];
        const at::Tensor& weight = saved[1];
        const std::int64_t dilation = ctx->saved_data["dilation"].toInt();
        const bool hasBias = ctx->saved_data["bias"].toBool();
        const at::Tensor gradOutput = gradOutputs[0].contiguous();

        at::Tensor gradInput;
        if (ctx->needs_input_grad(0)) {
            // The adjoint of a stride-1 "same" convolution: flip the kernel in space, swap its
            // input and output channels, same dilation and padding.
            const at::Tensor adjoint = weight.flip({2, 3}).transpose(0, 1).contiguous();
            gradInput = at::conv2d(gradOutput, adjoint, {}, {1, 1}, {dilation, dilation},
                                   {dilation, dilation});
        }
        at::Tensor gradWeight;
        at::Tensor gradBias;
        const bool wantWeight = ctx->needs_input_grad(1);
        const bool wantBias = hasBias && ctx->needs_input_grad(2);
        if (wantWeight || wantBias) {
            const std::vector<std::int64_t> biasSizes{weight.size(0)};
            auto grads = at::convolution_backward(
                gradOutput, input, weight,
                wantBias ? at::OptionalIntArrayRef(biasSizes) : at::OptionalIntArrayRef{}, {1, 1},
                {dilation, dilation}, {dilation, dilation}, false, {0, 0}, 1,
                {false, wantWeight, wantBias});
            gradWeight = std::get<1>(grads);
            gradBias = std::get<2>(grads);
        }
        return {gradInput, gradWeight, gradBias, at::Tensor()};
    }
};

} // namespace

#if !DWB_HAVE_DNNL
bool oneDnnConvPreferred()
{
    return false;
}

bool oneDnnConvSupports(const at::Tensor&, const at::Tensor&, std::int64_t)
{
    return false;
}

at::Tensor oneDnnConv3x3(const at::Tensor&, const at::Tensor&, const at::Tensor&, std::int64_t)
{
    throw std::logic_error("oneDnnConv3x3: this build has no oneDNN (libdnnl-dev)");
}
#endif

namespace {
std::atomic<TrainingConv> g_trainingConv{TrainingConv::Auto};
} // namespace

void setTrainingConv(TrainingConv choice)
{
    g_trainingConv = choice;
}

bool trainingUsesOneDnn()
{
    switch (g_trainingConv.load()) {
    case TrainingConv::OneDnn:
        return true;
    case TrainingConv::Aten:
        return false;
    case TrainingConv::Auto:
        break;
    }
    static const bool automatic = [] {
        const char* value = std::getenv("DWB_TRAIN_ENGINE");
        if (value && std::string_view(value) == "aten")
            return false;
        if (value && std::string_view(value) == "onednn")
            return true;
        return oneDnnConvPreferred();
    }();
    return automatic;
}

at::Tensor dilatedConv3x3(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,
                          std::int64_t dilation)
{
    return DilatedConvFunction::apply(input, weight, bias, dilation);
}

} // namespace dwb
