#include "dwb/train/TrainingConfig.h"

#include <gtest/gtest.h>

namespace dwb {

TEST(TrainingConfig, TextRoundTripIsExact)
{
    TrainingConfig config = magneticTileConfig();
    config.learningRate = 1.0 / 3.0;
    config.seed = 18446744073709551557ull;
    config.schedule = LambdaSchedule::SegmentationFirst;
    config.device = "cuda:1";
    config.mixedPrecision = true;
    config.flips = false;
    config.augment = true;
    config.augmentEvery = 3;
    config.augmentCount = 40;
    config.augmentTemperature = 0.7;
    config.augmentFloor = 0.15;
    auto parsed = trainingConfigFromText(toText(config));
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(toText(*parsed), toText(config));
    EXPECT_EQ(parsed->learningRate, config.learningRate);
    EXPECT_EQ(parsed->seed, config.seed);
    EXPECT_EQ(parsed->posWeightSeg, (std::vector<double>{18, 13, 18, 13, 7}));
    EXPECT_EQ(parsed->schedule, LambdaSchedule::SegmentationFirst);
    EXPECT_FALSE(parsed->flips);
    EXPECT_TRUE(parsed->augment);
    EXPECT_EQ(parsed->augmentEvery, 3);
    EXPECT_EQ(parsed->augmentCount, 40);
    EXPECT_EQ(parsed->augmentTemperature, 0.7);
    EXPECT_EQ(parsed->augmentFloor, 0.15);
}

TEST(TrainingConfig, BadTextNamesTheLine)
{
    auto unknown = trainingConfigFromText("epochs = 3\nbatchsize = 4\n");
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().message.find("line 2: unknown setting 'batchsize'"),
              std::string::npos)
        << unknown.error().message;
    auto badValue = trainingConfigFromText("epochs = many\n");
    ASSERT_FALSE(badValue);
    EXPECT_NE(badValue.error().message.find("line 1 (epochs)"), std::string::npos);
}

TEST(TrainingConfig, DefaultsFollowThePaper)
{
    const TrainingConfig config;
    EXPECT_EQ(config.learningRate, 5e-4);
    EXPECT_EQ(config.beta1, 0.99);
    EXPECT_EQ(config.beta2, 0.99);
    EXPECT_EQ(config.threshold, 0.5);
    const TrainingConfig mt = magneticTileConfig();
    EXPECT_EQ(mt.inputHeight, 300);
    EXPECT_EQ(mt.inputWidth, 400);
    EXPECT_EQ(mt.pool, 2);
    EXPECT_EQ(mt.posWeightCls, (std::vector<double>{3, 3, 7, 8, 4}));
}

TEST(TrainingConfig, LambdaSchedules)
{
    TrainingConfig config;
    config.epochs = 5;
    EXPECT_DOUBLE_EQ(lambdaAt(config, 0), 1.0); // classification first
    EXPECT_DOUBLE_EQ(lambdaAt(config, 2), 0.5);
    EXPECT_DOUBLE_EQ(lambdaAt(config, 4), 0.0);
    config.schedule = LambdaSchedule::SegmentationFirst;
    EXPECT_DOUBLE_EQ(lambdaAt(config, 0), 0.0);
    EXPECT_DOUBLE_EQ(lambdaAt(config, 4), 1.0);
    config.schedule = LambdaSchedule::Constant;
    config.lambdaStart = 0.3;
    EXPECT_DOUBLE_EQ(lambdaAt(config, 0), 0.3);
    EXPECT_DOUBLE_EQ(lambdaAt(config, 4), 0.3);
}

TEST(TrainingConfig, ValidationCatchesNonsense)
{
    TrainingConfig config;
    EXPECT_TRUE(validateTrainingConfig(config, 3));
    config.posWeightCls = {1, 2};
    auto wrongCount = validateTrainingConfig(config, 3);
    ASSERT_FALSE(wrongCount);
    EXPECT_NE(wrongCount.error().message.find("2 values for 3 classes"), std::string::npos);
    config = {};
    config.inputHeight = 64;
    EXPECT_FALSE(validateTrainingConfig(config, 3)) << "height without width";
    config = {};
    config.device = "tpu";
    EXPECT_FALSE(validateTrainingConfig(config, 3));
    config = {};
    config.threshold = 1.0;
    EXPECT_FALSE(validateTrainingConfig(config, 3));
    config = {};
    config.augmentFloor = 1.5;
    EXPECT_FALSE(validateTrainingConfig(config, 3));
    config = {};
    config.augmentTemperature = 0;
    EXPECT_FALSE(validateTrainingConfig(config, 3));
}

} // namespace dwb
