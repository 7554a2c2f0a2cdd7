#include "dwb/train/TrainingSchedule.h"

#include <gtest/gtest.h>

#include <cmath>

namespace dwb {
namespace {

TrainingConfig withSchedule(LearningRateSchedule schedule, double warmup, double final)
{
    TrainingConfig config;
    config.lrSchedule = schedule;
    config.warmup = warmup;
    config.lrFinal = final;
    return config;
}

} // namespace

TEST(TrainingSchedule, ConstantStaysAfterItsWarmUp)
{
    const TrainingConfig paper = paperConfig();
    for (const double p : {0.0, 0.3, 1.0})
        EXPECT_EQ(learningRateFactor(paper, p), 1.0) << "the paper's rate never moves";
    const auto warm = withSchedule(LearningRateSchedule::Constant, 0.2, 0.0);
    EXPECT_DOUBLE_EQ(learningRateFactor(warm, 0.1), 0.5);
    EXPECT_DOUBLE_EQ(learningRateFactor(warm, 0.2), 1.0);
    EXPECT_DOUBLE_EQ(learningRateFactor(warm, 0.9), 1.0);
}

TEST(TrainingSchedule, CosineWarmsUpLinearlyThenFallsToItsFloor)
{
    const auto config = withSchedule(LearningRateSchedule::Cosine, 0.1, 0.02);
    EXPECT_DOUBLE_EQ(learningRateFactor(config, 0.0), 0.0);
    EXPECT_DOUBLE_EQ(learningRateFactor(config, 0.05), 0.5);
    EXPECT_DOUBLE_EQ(learningRateFactor(config, 0.1), 1.0);
    // Halfway through the fall: halfway between the peak and the floor.
    EXPECT_NEAR(learningRateFactor(config, 0.55), 0.51, 1e-12);
    EXPECT_NEAR(learningRateFactor(config, 1.0), 0.02, 1e-12);
    double previous = 2;
    for (double p = 0.1; p <= 1.0; p += 0.05) {
        const double f = learningRateFactor(config, p);
        EXPECT_LE(f, previous + 1e-12) << "monotone after the warm-up, at " << p;
        previous = f;
    }
    EXPECT_NEAR(learningRateFactor(config, 7.0), 0.02, 1e-12) << "clamped past the end";
}

TEST(TrainingSchedule, OneCycleRisesFromATwentyFifthAndFalls)
{
    const auto config = withSchedule(LearningRateSchedule::OneCycle, 0.0, 0.0);
    EXPECT_NEAR(learningRateFactor(config, 0.0), 1.0 / 25.0, 1e-12);
    EXPECT_NEAR(learningRateFactor(config, 0.3), 1.0, 1e-12) << "peak at 30% by default";
    EXPECT_NEAR(learningRateFactor(config, 0.65), 0.5, 1e-12);
    EXPECT_NEAR(learningRateFactor(config, 1.0), 0.0, 1e-12);
    EXPECT_LT(learningRateFactor(config, 0.1), learningRateFactor(config, 0.2));
}

TEST(TrainingSchedule, LambdaFollowsTheProgress)
{
    TrainingConfig config;
    config.schedule = LambdaSchedule::ClassificationFirst;
    config.lambdaStart = 1.0;
    config.lambdaEnd = 0.2;
    EXPECT_DOUBLE_EQ(lambdaAtProgress(config, 0.0), 1.0);
    EXPECT_DOUBLE_EQ(lambdaAtProgress(config, 0.5), 0.6);
    EXPECT_DOUBLE_EQ(lambdaAtProgress(config, 1.0), 0.2);
    config.schedule = LambdaSchedule::SegmentationFirst;
    EXPECT_DOUBLE_EQ(lambdaAtProgress(config, 0.0), 0.2);
    EXPECT_DOUBLE_EQ(lambdaAtProgress(config, 1.0), 1.0);
    config.schedule = LambdaSchedule::Constant;
    EXPECT_DOUBLE_EQ(lambdaAtProgress(config, 0.7), 1.0);
}

TEST(TrainingSchedule, GuidedCropSetsSpreadOverTheBudget)
{
    TrainingConfig config;
    config.augmentSets = 4;
    EXPECT_TRUE(augmentationDue(config, 0.0, 0));
    EXPECT_FALSE(augmentationDue(config, 0.2, 1));
    EXPECT_TRUE(augmentationDue(config, 0.25, 1));
    EXPECT_TRUE(augmentationDue(config, 0.9, 3));
    EXPECT_FALSE(augmentationDue(config, 1.0, 4)) << "never more sets than asked for";
}

TEST(TrainingSchedule, TheBudgetKeepsTimeForTheLastValidation)
{
    TimeBudget none(0);
    EXPECT_FALSE(none.enabled());
    EXPECT_FALSE(none.exhausted(1e9));

    TimeBudget budget(100);
    EXPECT_DOUBLE_EQ(budget.progress(50), 0.5);
    EXPECT_FALSE(budget.exhausted(99));
    EXPECT_TRUE(budget.exhausted(100));
    budget.setReserve(10);
    EXPECT_TRUE(budget.exhausted(90)) << "training stops while the validation still fits";
    EXPECT_FALSE(budget.exhausted(89));
    EXPECT_DOUBLE_EQ(budget.progress(45), 0.5) << "progress of the training time";
    budget.setReserve(80);
    EXPECT_NEAR(budget.reserve(), 100.0 / 3.0, 1e-12) << "a slow validation cannot eat the run";
}

} // namespace dwb
