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

// The dilation from which the CAN routes its CPU convolutions through dilatedConv3x3 (below it
// oneDNN's own backward is as fast).
constexpr std::int64_t kDilatedBackwardFrom = 16;

} // namespace dwb
