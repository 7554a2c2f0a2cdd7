#pragma once

// A 3x3 "same" convolution (stride 1, padding = dilation) whose backward pass is cheap on the CPU
// for wide dilations (torch). Include only where torch is needed.

#include <ATen/core/Tensor.h>

namespace dwb {

// Same result and gradients as at::conv2d(input, weight, bias, 1, dilation, dilation).
//
// On the CPU oneDNN 2.6 computes the input gradient of a convolution dilated 16 or more by im2col
// and GEMM, which takes most of a CAN training step. For a stride-1 convolution padded to keep
// its size, that gradient is itself a forward convolution of the output gradient with the weights
// flipped in space and with input and output channels swapped, at the same dilation and padding,
// and oneDNN runs forward convolutions with its direct kernels. Weight and bias gradients still
// come from the stock convolution backward, asked for those two only. About 2x on a 300x400
// training step (bench/README.md); gradients equal the stock ones within float rounding
// (tests/core/model/test_dilated_conv.cpp).
at::Tensor dilatedConv3x3(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,
                          std::int64_t dilation);

// The same convolution and gradients through oneDNN's primitives directly (OneDnnConv.cpp): the
// input is reordered once into a zero-bordered blocked buffer, and the forward and both backward
// passes run unpadded on it with the direct kernels of the ISA at hand, where torch's own path
// reorders around every call and, on AVX2, falls back to im2col + GEMM for dilations of 4 and
// more. Float32 on the CPU; only when oneDnnConvSupports says so (a build with libdnnl-dev, and
// direct kernels for this shape). Where the ISA lacks a direct backward kernel, the input gradient
// runs as the adjoint forward convolution on a zero-bordered output gradient (as dilatedConv3x3
// does) and the weight gradient through torch.
bool oneDnnConvSupports(const at::Tensor& input, const at::Tensor& weight, std::int64_t dilation);
// Whether the CAN trains through it by default on this CPU: where it was measured faster than
// torch's path, on ISAs below AVX-512.
bool oneDnnConvPreferred();

// How the CAN runs its convolutions while training on the CPU, for the whole process: Auto
// follows DWB_TRAIN_ENGINE (onednn or aten) when set, else oneDnnConvPreferred().
enum class TrainingConv { Auto, OneDnn, Aten };
void setTrainingConv(TrainingConv choice);
bool trainingUsesOneDnn();
at::Tensor oneDnnConv3x3(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,
                         std::int64_t dilation);

// The dilation from which the CAN routes its CPU convolutions through dilatedConv3x3 (below it
// oneDNN's own backward is as fast).
constexpr std::int64_t kDilatedBackwardFrom = 16;

} // namespace dwb
