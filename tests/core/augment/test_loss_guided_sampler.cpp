#include "dwb/augment/LossGuidedSampler.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

namespace dwb {
namespace {

double sum(const std::vector<double>& values)
{
    return std::accumulate(values.begin(), values.end(), 0.0);
}

TEST(LossGuidedSampler, StartsWithInverseClassFrequency)
{
    const std::vector<int> images = {10, 40, 50};
    SamplerConfig config;
    config.floor = 0.0;
    auto sampler = LossGuidedSampler::create(images, config);
    ASSERT_TRUE(sampler) << sampler.error().message;
    EXPECT_EQ(sampler->mode(), SamplerMode::InverseFrequency);
    const auto& p = sampler->probabilities();
    ASSERT_EQ(p.size(), 3u);
    // Weights 1/10, 1/40, 1/50: the rare class gets most.
    const double total = 0.1 + 0.025 + 0.02;
    EXPECT_NEAR(p[0], 0.1 / total, 1e-12);
    EXPECT_NEAR(p[1], 0.025 / total, 1e-12);
    EXPECT_NEAR(p[2], 0.02 / total, 1e-12);
}

TEST(LossGuidedSampler, HigherLossMoreSamplesWithAFloor)
{
    auto sampler = LossGuidedSampler::create(std::vector<int>{5, 5, 5, 5}); // floor 0.2
    ASSERT_TRUE(sampler);
    ASSERT_TRUE(sampler->setValidationLosses(std::vector<double>{0.0, 1.0, 2.0, 5.0}));
    EXPECT_EQ(sampler->mode(), SamplerMode::ValidationLoss);
    const auto& p = sampler->probabilities();
    EXPECT_NEAR(sum(p), 1.0, 1e-12);
    // p = 0.2 / 4 + 0.8 * loss / 8.
    EXPECT_NEAR(p[0], 0.05, 1e-12) << "a class with zero loss keeps the floor";
    EXPECT_NEAR(p[1], 0.05 + 0.1, 1e-12);
    EXPECT_NEAR(p[2], 0.05 + 0.2, 1e-12);
    EXPECT_NEAR(p[3], 0.05 + 0.5, 1e-12);
}

TEST(LossGuidedSampler, TemperatureFlattensAndSharpens)
{
    SamplerConfig hot;
    hot.floor = 0;
    hot.temperature = 4.0;
    SamplerConfig cold = hot;
    cold.temperature = 0.5;
    const std::vector<double> losses = {1.0, 4.0};
    auto flat = LossGuidedSampler::create(std::vector<int>{1, 1}, hot);
    auto sharp = LossGuidedSampler::create(std::vector<int>{1, 1}, cold);
    ASSERT_TRUE(flat->setValidationLosses(losses));
    ASSERT_TRUE(sharp->setValidationLosses(losses));
    // (1/4)^(1/4) = 0.7071 against 1; (1/4)^2 = 1/16 against 1.
    EXPECT_NEAR(flat->probabilities()[0], std::pow(0.25, 0.25) / (1 + std::pow(0.25, 0.25)), 1e-12);
    EXPECT_NEAR(sharp->probabilities()[0], (1.0 / 16) / (1 + 1.0 / 16), 1e-12);
}

TEST(LossGuidedSampler, FixedWeightsAndAllZeroLosses)
{
    SamplerConfig config;
    config.floor = 0;
    auto sampler = LossGuidedSampler::create(std::vector<int>{3, 3, 3}, config);
    ASSERT_TRUE(sampler->setFixedWeights(std::vector<double>{1, 0, 3}));
    EXPECT_EQ(sampler->mode(), SamplerMode::Fixed);
    EXPECT_EQ(sampler->probabilities(), (std::vector<double>{0.25, 0.0, 0.75}));
    ASSERT_TRUE(sampler->setValidationLosses(std::vector<double>{0, 0, 0}));
    for (double p : sampler->probabilities())
        EXPECT_NEAR(p, 1.0 / 3, 1e-12);
}

TEST(LossGuidedSampler, RejectsBadInput)
{
    EXPECT_FALSE(LossGuidedSampler::create(std::vector<int>{}));
    SamplerConfig bad;
    bad.temperature = 0;
    EXPECT_FALSE(LossGuidedSampler::create(std::vector<int>{1}, bad));
    bad = {};
    bad.floor = 1.5;
    EXPECT_FALSE(LossGuidedSampler::create(std::vector<int>{1}, bad));

    auto sampler = LossGuidedSampler::create(std::vector<int>{1, 2});
    auto wrongCount = sampler->setValidationLosses(std::vector<double>{1.0});
    ASSERT_FALSE(wrongCount);
    EXPECT_NE(wrongCount.error().message.find("expected 2 values, got 1"), std::string::npos);
    auto negative = sampler->setValidationLosses(std::vector<double>{1.0, -1.0});
    ASSERT_FALSE(negative);
    EXPECT_NE(negative.error().message.find("class 1"), std::string::npos);
    EXPECT_FALSE(sampler->setValidationLosses(std::vector<double>{NAN, 1.0}));
    EXPECT_FALSE(sampler->setFixedWeights(std::vector<double>{0, 0}));
    // A failed update keeps the previous probabilities.
    EXPECT_EQ(sampler->mode(), SamplerMode::InverseFrequency);
}

// Over n draws the count of class c is Binomial(n, p_c): within 3 standard deviations.
TEST(LossGuidedSampler, DrawsFollowTheProbabilities)
{
    auto sampler = LossGuidedSampler::create(std::vector<int>{1, 1, 1});
    ASSERT_TRUE(sampler->setValidationLosses(std::vector<double>{0.1, 0.6, 0.3}));
    const int n = 20000;
    std::vector<int> counts(3, 0);
    Rng rng(77);
    for (int i = 0; i < n; ++i)
        ++counts[static_cast<std::size_t>(sampler->sampleClass(rng))];
    for (std::size_t c = 0; c < 3; ++c) {
        const double p = sampler->probabilities()[c];
        EXPECT_NEAR(counts[c], n * p, 3 * std::sqrt(n * p * (1 - p))) << "class " << c;
    }
}

TEST(DrawWeighted, SkipsZeroWeightsAndReportsNone)
{
    Rng rng(1);
    const std::vector<double> weights = {0.0, 2.0, 0.0};
    for (int i = 0; i < 100; ++i)
        EXPECT_EQ(drawWeighted(weights, rng), 1);
    EXPECT_EQ(drawWeighted(std::vector<double>{0.0, 0.0}, rng), -1);
    EXPECT_EQ(drawWeighted(std::vector<double>{}, rng), -1);
}

} // namespace
} // namespace dwb
