#include "dwb/model/DilatedConv.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace dwb {
namespace {

struct Gradients {
    torch::Tensor output, input, weight, bias;
};

// Runs `conv` on copies of the given tensors and back-propagates `upstream` through it.
template <typename Conv>
Gradients gradientsOf(Conv conv, const torch::Tensor& input, const torch::Tensor& weight,
                      const torch::Tensor& bias, const torch::Tensor& upstream)
{
    torch::Tensor x = input.clone().requires_grad_(true);
    torch::Tensor w = weight.clone().requires_grad_(true);
    torch::Tensor b = bias.clone().requires_grad_(true);
    torch::Tensor y = conv(x, w, b);
    (y * upstream).sum().backward();
    return {y.detach(), x.grad(), w.grad(), b.grad()};
}

class DilatedConvTest : public ::testing::TestWithParam<std::int64_t> {};

TEST_P(DilatedConvTest, MatchesTheStockConvolutionAndItsGradients)
{
    const std::int64_t dilation = GetParam();
    torch::manual_seed(7);
    const auto options = torch::dtype(torch::kFloat64);
    // Odd, unequal sizes, some smaller than the dilation, so that padding and borders matter.
    const torch::Tensor input = torch::randn({2, 3, 21, 34}, options);
    const torch::Tensor weight = torch::randn({4, 3, 3, 3}, options);
    const torch::Tensor bias = torch::randn({4}, options);
    const torch::Tensor upstream = torch::randn({2, 4, 21, 34}, options);

    const Gradients ours =
        gradientsOf([&](auto x, auto w, auto b) { return dilatedConv3x3(x, w, b, dilation); },
                    input, weight, bias, upstream);
    const Gradients stock = gradientsOf(
        [&](auto x, auto w, auto b) { return torch::conv2d(x, w, b, 1, dilation, dilation); },
        input, weight, bias, upstream);

    ASSERT_EQ(ours.output.sizes(), stock.output.sizes());
    EXPECT_TRUE(torch::allclose(ours.output, stock.output, 1e-10, 1e-10));
    EXPECT_TRUE(torch::allclose(ours.input, stock.input, 1e-10, 1e-10))
        << (ours.input - stock.input).abs().max().item<double>();
    EXPECT_TRUE(torch::allclose(ours.weight, stock.weight, 1e-10, 1e-10));
    EXPECT_TRUE(torch::allclose(ours.bias, stock.bias, 1e-10, 1e-10));
    // Not trivially equal: the input gradient is far from zero.
    EXPECT_GT(ours.input.abs().sum().item<double>(), 1.0);
}

INSTANTIATE_TEST_SUITE_P(Dilations, DilatedConvTest, ::testing::Values(1, 2, 16, 64));

TEST(DilatedConv, LeavesGradientsOfFrozenInputsUncomputed)
{
    torch::manual_seed(3);
    const torch::Tensor input = torch::randn({1, 2, 9, 9});
    torch::Tensor weight = torch::randn({2, 2, 3, 3}).requires_grad_(true);
    const torch::Tensor bias = torch::randn({2});
    dilatedConv3x3(input, weight, bias, 4).sum().backward();
    EXPECT_TRUE(weight.grad().defined());
    EXPECT_GT(weight.grad().abs().sum().item<double>(), 0.0);
}

} // namespace
} // namespace dwb
