#include "dwb/model/CanInference.h"

#include <gtest/gtest.h>
#include <torch/utils.h>

namespace dwb {
namespace {

// A CAN whose batch normalisations are far from the identity, so that a fold that dropped or
// misplaced any of their four tensors would change the outputs.
Can randomisedCan(const CanOptions& options)
{
    Can model(options);
    torch::NoGradGuard noGrad;
    for (auto& buffer : model->named_buffers()) {
        if (buffer.key().ends_with("running_mean"))
            buffer.value().uniform_(-0.5, 0.5);
        else if (buffer.key().ends_with("running_var"))
            buffer.value().uniform_(0.2, 3.0);
    }
    for (auto& parameter : model->named_parameters()) {
        if (parameter.key().starts_with("norms.") && parameter.key().ends_with("weight"))
            parameter.value().uniform_(0.3, 2.0);
        else if (parameter.key().starts_with("norms.") && parameter.key().ends_with("bias"))
            parameter.value().uniform_(-0.5, 0.5);
    }
    model->eval();
    return model;
}

double maxDifference(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a - b).abs().max().item<double>();
}

struct Shape {
    int inputChannels;
    int classes;
    int pool;
    std::int64_t height;
    std::int64_t width;
    bool standardize = false;
};

void PrintTo(const Shape& shape, std::ostream* out)
{
    *out << shape.inputChannels << " channel(s), " << shape.classes << " classes, pool "
         << shape.pool << ", " << shape.height << "x" << shape.width
         << (shape.standardize ? ", standardised" : "");
}

class CanInferenceShapes : public testing::TestWithParam<Shape> {};

TEST_P(CanInferenceShapes, OutputsEqualTheModelInEvalMode)
{
    const Shape shape = GetParam();
    torch::manual_seed(7);
    CanOptions options;
    options.inputChannels = shape.inputChannels;
    options.classes = shape.classes;
    options.pool = shape.pool;
    options.standardize = shape.standardize;
    Can model = randomisedCan(options);
    const CanInference fused(model);
    const auto images = torch::rand({2, shape.inputChannels, shape.height, shape.width});

    torch::NoGradGuard noGrad;
    const CanOutput expected = model->forward(images);
    const CanOutput actual = fused.forward(images);
    ASSERT_EQ(actual.maskLogits.sizes(), expected.maskLogits.sizes());
    ASSERT_EQ(actual.imageLogits.sizes(), expected.imageLogits.sizes());
    // The logits reach tenths here while 1e-4 is float rounding: a batch normalisation left out or
    // folded wrongly would move them by about their own size.
    EXPECT_GT(expected.maskLogits.abs().max().item<double>(), 0.1);
    EXPECT_LT(maxDifference(actual.maskLogits, expected.maskLogits), 1e-4);
    EXPECT_LT(maxDifference(actual.imageLogits, expected.imageLogits), 1e-4);
    // Channels-last inside, ordinary NCHW tensors outside.
    EXPECT_TRUE(actual.maskLogits.is_contiguous());
}

INSTANTIATE_TEST_SUITE_P(Shapes, CanInferenceShapes,
                         testing::Values(Shape{1, 5, 2, 37, 50}, Shape{1, 4, 3, 40, 161},
                                         Shape{3, 2, 1, 24, 30}, Shape{1, 5, 2, 37, 50, true},
                                         Shape{3, 2, 1, 24, 30, true}));

TEST(CanInference, IsACopyThatLaterTrainingDoesNotChange)
{
    torch::manual_seed(3);
    Can model = randomisedCan(CanOptions{});
    const CanInference fused(model);
    const auto images = torch::rand({1, 1, 32, 48});
    const CanOutput before = fused.forward(images);
    {
        torch::NoGradGuard noGrad;
        for (auto& parameter : model->parameters())
            parameter.add_(0.5);
    }
    const CanOutput after = fused.forward(images);
    EXPECT_EQ(maxDifference(before.maskLogits, after.maskLogits), 0.0);
}

TEST(CanInference, RecordsNoGradients)
{
    Can model = randomisedCan(CanOptions{});
    const CanInference fused(model);
    const auto images = torch::rand({1, 1, 16, 16}).requires_grad_();
    const CanOutput out = fused.forward(images);
    EXPECT_FALSE(out.maskLogits.requires_grad());
    EXPECT_FALSE(out.imageLogits.requires_grad());
    EXPECT_EQ(fused.options().classes, CanOptions{}.classes);
}

TEST(CanInference, AnEmptyBatchGivesEmptyOutputs)
{
    const CanInference fused(randomisedCan(CanOptions{}));
    const CanOutput out = fused.forward(torch::rand({0, 1, 20, 30}));
    EXPECT_EQ(out.maskLogits.sizes(), (std::vector<int64_t>{0, 5, 20, 30}));
    EXPECT_EQ(out.imageLogits.sizes(), (std::vector<int64_t>{0, 5}));
}

} // namespace
} // namespace dwb
