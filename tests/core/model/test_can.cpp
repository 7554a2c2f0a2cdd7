#include "dwb/model/Can.h"

#include <gtest/gtest.h>
#include <torch/nn/utils.h>

namespace dwb {
namespace {

std::int64_t countParameters(Can& model)
{
    std::int64_t count = 0;
    for (const auto& p : model->parameters())
        count += p.numel();
    return count;
}

} // namespace

TEST(CanModel, ParametersMatchTheStatsAndThePaper)
{
    CanOptions options;
    options.classes = 4;
    options.pool = 3;
    Can model(options);
    const ModelStats stats = canStats(options, 256, 1600);
    EXPECT_EQ(countParameters(model), stats.parameters);
    // The paper's Table III: 112.29 K parameters and 5.11 GMac at 1x256x1600 with p = 3.
    EXPECT_NEAR(static_cast<double>(stats.parameters), 112.29e3, 0.1e3);
    EXPECT_GE(stats.macs, 5.0e9);
    EXPECT_LE(stats.macs, 5.2e9);
}

TEST(CanModel, MagneticTileShapeHasTheKnownSize)
{
    CanOptions options; // 1 channel, 5 classes, p = 2
    const ModelStats stats = canStats(options, 300, 400);
    // The paper's 112.29 K: 111,461 convolution parameters plus 832 of batch normalisation.
    EXPECT_EQ(stats.parameters, 112293);
    EXPECT_NEAR(stats.macs / 1e9, 3.356, 0.001);
    options.inputChannels = 3;
    Can colour(options);
    EXPECT_EQ(countParameters(colour), canStats(options, 300, 400).parameters);
}

TEST(CanModel, OutputsOneMaskPerClassAtTheInputSizeAndImageScoresAreTheirMaxima)
{
    torch::manual_seed(1);
    CanOptions options;
    options.classes = 3;
    Can model(options);
    model->eval();
    torch::NoGradGuard noGrad;
    const auto input =
        torch::rand({2, 1, 37, 50}); // odd sizes: pooling floors, upsampling restores
    const CanOutput out = model->forward(input);
    EXPECT_EQ(out.maskLogits.sizes(), (std::vector<int64_t>{2, 3, 37, 50}));
    EXPECT_EQ(out.imageLogits.sizes(), (std::vector<int64_t>{2, 3}));
    for (int n = 0; n < 2; ++n)
        for (int c = 0; c < 3; ++c)
            EXPECT_FLOAT_EQ(out.imageLogits[n][c].item<float>(),
                            out.maskLogits[n][c].max().item<float>());
}

TEST(CanModel, GradientsReachEveryLayer)
{
    CanOptions options;
    options.classes = 2;
    Can model(options);
    const auto input = torch::rand({1, 1, 32, 32});
    model->forward(input).maskLogits.sum().backward();
    for (const auto& p : model->named_parameters()) {
        ASSERT_TRUE(p.value().grad().defined()) << p.key();
        EXPECT_GT(p.value().grad().abs().sum().item<float>(), 0.0f) << p.key();
    }
}

TEST(CanModel, StandardisedImagesDoNotDependOnBrightnessOrContrast)
{
    const torch::Tensor images = torch::rand({2, 1, 12, 20});
    const torch::Tensor standard = standardizeImages(images);
    EXPECT_LT(standard.mean({1, 2, 3}).abs().max().item<double>(), 1e-5);
    EXPECT_NEAR(standard[0].std(false).item<double>(), 1.0, 1e-4);
    // The same image brighter and with twice the contrast gives the same network input.
    const torch::Tensor brighter = images * 2 + 0.3;
    EXPECT_LT((standardizeImages(brighter) - standard).abs().max().item<double>(), 1e-4);
    // A flat image is not blown up into noise.
    const torch::Tensor flat = torch::full({1, 1, 8, 8}, 0.5) + torch::rand({1, 1, 8, 8}) * 1e-4;
    EXPECT_LT(standardizeImages(flat).abs().max().item<double>(), 0.01);

    CanOptions options;
    options.standardize = true;
    torch::manual_seed(2);
    Can model(options);
    model->eval();
    torch::NoGradGuard noGrad;
    const auto a = model->forward(images).maskLogits;
    const auto b = model->forward(brighter).maskLogits;
    EXPECT_LT((a - b).abs().max().item<double>(), 1e-4);
}

TEST(CanModel, TheHeadBiasSetsThePriorOfEveryClass)
{
    CanOptions options;
    options.classes = 3;
    Can model(options);
    model->setHeadBias({-4.0, -2.0, 0.5});
    EXPECT_THROW(model->setHeadBias({1.0}), std::invalid_argument);
    // All-zero input: every layer's output is its bias path, so the head's bias shows through
    // only as an offset; compare two models that differ in it alone.
    Can other(options);
    torch::NoGradGuard noGrad;
    for (auto& p : other->named_parameters())
        p.value().copy_(model->named_parameters()[p.key()]);
    for (auto& b : other->named_buffers())
        b.value().copy_(model->named_buffers()[b.key()]);
    other->setHeadBias({0.0, 0.0, 0.0});
    model->eval();
    other->eval();
    const auto images = torch::rand({1, 1, 16, 16});
    const auto difference =
        (model->forward(images).maskLogits - other->forward(images).maskLogits).mean({0, 2, 3});
    EXPECT_NEAR(difference[0].item<double>(), -4.0, 1e-5);
    EXPECT_NEAR(difference[1].item<double>(), -2.0, 1e-5);
    EXPECT_NEAR(difference[2].item<double>(), 0.5, 1e-5);
}

TEST(CanModel, RejectsNonsenseOptions)
{
    CanOptions options;
    options.classes = 0;
    EXPECT_THROW(Can{options}, std::invalid_argument);
}

TEST(CanModel, DefaultPoolFollowsThePaper)
{
    EXPECT_EQ(defaultPool(300, 400), 2);
    EXPECT_EQ(defaultPool(256, 1600), 3);
}

} // namespace dwb
