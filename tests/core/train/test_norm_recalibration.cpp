#include "dwb/imaging/ClassMask.h"
#include "dwb/train/NormRecalibration.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <torch/torch.h>

namespace dwb {
namespace {

std::vector<PreparedSample> randomSamples(int count)
{
    std::vector<PreparedSample> samples;
    cv::RNG rng(4);
    for (int i = 0; i < count; ++i) {
        cv::Mat image(24, 32, CV_8UC1);
        // Images of different brightness and contrast, as a real set has.
        rng.fill(image, cv::RNG::UNIFORM, 10 * i, 60 + 20 * i);
        samples.push_back({i + 1, image, emptyClassMask({32, 24}), 0u});
    }
    return samples;
}

} // namespace

TEST(NormRecalibration, EvaluationThenMatchesTheBatchStatistics)
{
    torch::manual_seed(9);
    CanOptions options;
    options.classes = 2;
    Can model(options);
    const auto samples = randomSamples(6);
    std::vector<torch::Tensor> images;
    for (const auto& s : samples)
        images.push_back(
            torch::from_blob(s.image.data, {1, 24, 32}, torch::kByte).to(torch::kFloat).div(255));
    const torch::Tensor batch = torch::stack(images);

    torch::NoGradGuard noGrad;
    model->train();
    const torch::Tensor inTraining = model->forward(batch).maskLogits;
    model->eval();
    const torch::Tensor before = model->forward(batch).maskLogits;
    const double gapBefore = (before - inTraining).abs().max().item<double>();
    EXPECT_GT(gapBefore, 0.1) << "fresh running statistics describe no image";

    // One batch of all six: the running statistics become that batch's.
    ASSERT_TRUE(recalibrateBatchNorm(model, samples, 6, 6, torch::kCPU, 1));
    EXPECT_FALSE(model->is_training()) << "the mode is left as it was";
    const torch::Tensor after = model->forward(batch).maskLogits;
    // Not to the last bit: the running variance is the unbiased one, the batch's the biased.
    const double gapAfter = (after - inTraining).abs().max().item<double>();
    EXPECT_LT(gapAfter, 0.02 * gapBefore);
    EXPECT_LT(gapAfter, 1e-2);
    for (const auto& module : model->modules(false)) {
        if (auto* norm = module->as<torch::nn::BatchNorm2dImpl>()) {
            EXPECT_EQ(norm->options.momentum().value(), 0.1) << "momentum restored";
        }
    }
}

TEST(NormRecalibration, AveragesOverBatchesAndDrawsTheSameImagesForTheSameSeed)
{
    torch::manual_seed(9);
    Can first(CanOptions{});
    Can second(CanOptions{});
    {
        torch::NoGradGuard noGrad;
        for (auto& p : second->named_parameters())
            p.value().copy_(first->named_parameters()[p.key()]);
    }
    const auto samples = randomSamples(10);
    ASSERT_TRUE(recalibrateBatchNorm(first, samples, 4, 2, torch::kCPU, 5));
    ASSERT_TRUE(recalibrateBatchNorm(second, samples, 4, 2, torch::kCPU, 5));
    const auto a = first->named_buffers()["norms.0.running_mean"];
    const auto b = second->named_buffers()["norms.0.running_mean"];
    EXPECT_TRUE(torch::equal(a, b));
    ASSERT_TRUE(recalibrateBatchNorm(second, samples, 4, 2, torch::kCPU, 6));
    EXPECT_FALSE(torch::equal(a, second->named_buffers()["norms.0.running_mean"]))
        << "another seed, other images";
    EXPECT_TRUE(recalibrateBatchNorm(second, {}, 4, 2, torch::kCPU, 6)) << "nothing to do";
}

} // namespace dwb
