#include "dwb/model/DilatedConv.h"

#include "dwb/model/Can.h"

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

struct OneDnnCase {
    std::int64_t inputs;
    std::int64_t outputs;
    std::int64_t dilation;
};

class OneDnnConvTest : public ::testing::TestWithParam<OneDnnCase> {};

// The training step's oneDNN convolution against torch's, output and all three gradients, in
// float (oneDNN's type): the CAN's own shapes (1 -> 32, 32 -> 32) at every dilation it uses, on
// sizes smaller than the dilation, so that the zero border carries the padding.
TEST_P(OneDnnConvTest, MatchesTheStockConvolutionAndItsGradients)
{
    const auto [inputs, outputs, dilation] = GetParam();
    torch::manual_seed(11);
    const torch::Tensor input = torch::randn({2, inputs, 21, 34});
    const torch::Tensor weight = torch::randn({outputs, inputs, 3, 3}) * 0.2;
    const torch::Tensor bias = torch::randn({outputs});
    const torch::Tensor upstream = torch::randn({2, outputs, 21, 34});
    if (!oneDnnConvSupports(input, weight, dilation))
        GTEST_SKIP() << "no oneDNN direct kernels for this shape in this build";

    const Gradients ours =
        gradientsOf([&](auto x, auto w, auto b) { return oneDnnConv3x3(x, w, b, dilation); }, input,
                    weight, bias, upstream);
    const Gradients stock = gradientsOf(
        [&](auto x, auto w, auto b) { return torch::conv2d(x, w, b, 1, dilation, dilation); },
        input, weight, bias, upstream);
    const auto relative = [](const torch::Tensor& a, const torch::Tensor& b) {
        return ((a - b).abs().max() / b.abs().max().clamp_min(1e-6)).item<double>();
    };
    ASSERT_EQ(ours.output.sizes(), stock.output.sizes());
    EXPECT_LT(relative(ours.output, stock.output), 1e-5);
    EXPECT_LT(relative(ours.input, stock.input), 1e-5);
    EXPECT_LT(relative(ours.weight, stock.weight), 1e-5);
    EXPECT_LT(relative(ours.bias, stock.bias), 1e-5);
    EXPECT_GT(ours.input.abs().sum().item<double>(), 1.0);
    EXPECT_GT(ours.weight.abs().sum().item<double>(), 1.0);
}

INSTANTIATE_TEST_SUITE_P(Shapes, OneDnnConvTest,
                         ::testing::Values(OneDnnCase{1, 32, 1}, OneDnnCase{32, 32, 1},
                                           OneDnnCase{32, 32, 2}, OneDnnCase{32, 32, 4},
                                           OneDnnCase{32, 32, 16}, OneDnnCase{32, 32, 64},
                                           OneDnnCase{8, 16, 8}),
                         [](const auto& test) {
                             return std::to_string(test.param.inputs) + "to" +
                                    std::to_string(test.param.outputs) + "_dilation" +
                                    std::to_string(test.param.dilation);
                         });

// The whole network: one training step's gradients through oneDNN equal torch's own.
TEST(OneDnnConv, TheCanTrainsToTheSameGradientsEitherWay)
{
    const auto gradients = [](TrainingConv engine) {
        setTrainingConv(engine);
        torch::manual_seed(21);
        CanOptions options;
        options.classes = 3;
        Can model(options);
        model->train();
        const torch::Tensor images = torch::rand({2, 1, 48, 64});
        const CanOutput out = model->forward(images);
        (out.maskLogits.square().mean() + out.imageLogits.sum()).backward();
        std::vector<torch::Tensor> grads;
        for (const auto& parameter : model->parameters())
            grads.push_back(parameter.grad().clone());
        return grads;
    };
    const auto ours = gradients(TrainingConv::OneDnn);
    const auto stock = gradients(TrainingConv::Aten);
    setTrainingConv(TrainingConv::Auto);
    ASSERT_EQ(ours.size(), stock.size());
    double largest = 0;
    for (const auto& grad : stock)
        largest = std::max(largest, grad.abs().max().item<double>());
    ASSERT_GT(largest, 1e-3);
    for (std::size_t i = 0; i < ours.size(); ++i) {
        // The biases before each batch normalisation have a gradient of exactly zero in theory:
        // rounding noise on both sides, so each is held to the largest gradient's scale too.
        const double scale = std::max(stock[i].abs().max().item<double>(), 0.01 * largest);
        EXPECT_LT((ours[i] - stock[i]).abs().max().item<double>(), 1e-4 * scale)
            << "parameter " << i;
    }
}

} // namespace
} // namespace dwb
