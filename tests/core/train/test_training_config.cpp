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

TEST(TrainingConfig, ThePaperPresetFollowsThePaper)
{
    const TrainingConfig config = paperConfig();
    EXPECT_EQ(config.learningRate, 5e-4);
    EXPECT_EQ(config.beta1, 0.99);
    EXPECT_EQ(config.beta2, 0.99);
    EXPECT_EQ(config.threshold, 0.5);
    const TrainingConfig mt = magneticTileConfig();
    EXPECT_EQ(mt.inputHeight, 300);
    EXPECT_EQ(mt.inputWidth, 400);
    EXPECT_EQ(mt.pool, 2);
    EXPECT_EQ(mt.posWeightCls, (std::vector<double>{3, 3, 7, 8, 4}));
    EXPECT_EQ(mt.learningRate, 5e-4);
    // Section IV-B: a constant rate, whole images, one threshold, the last epoch.
    for (const TrainingConfig* c : {&config, &mt}) {
        EXPECT_EQ(c->lrSchedule, LearningRateSchedule::Constant);
        EXPECT_EQ(c->warmup, 0);
        EXPECT_EQ(c->patchSize, 0);
        EXPECT_EQ(c->cleanShare, 0);
        EXPECT_EQ(c->diceWeight, 0);
        EXPECT_FALSE(c->selectBest);
        EXPECT_FALSE(c->calibrate);
        EXPECT_EQ(c->minutes, 0);
    }
}

TEST(TrainingConfig, OlderRunsKeepTheirBehaviourWhenResumed)
{
    // A configuration stored before the budget knobs existed: no schedule, no selection, no
    // calibration, whole images, so that a resumed run goes on on its own curve.
    auto old = trainingConfigFromText("epochs = 12\nlearning_rate = 0.0005\n");
    ASSERT_TRUE(old) << old.error().message;
    EXPECT_EQ(old->lrSchedule, LearningRateSchedule::Constant);
    EXPECT_EQ(old->warmup, 0);
    EXPECT_EQ(old->patchSize, 0);
    EXPECT_EQ(old->cleanShare, 0);
    EXPECT_FALSE(old->selectBest);
    EXPECT_FALSE(old->calibrate);
    EXPECT_FALSE(old->priorBias);
    EXPECT_FALSE(old->standardizeInput);
}

TEST(TrainingConfig, BudgetKnobsRoundTripAndAreChecked)
{
    TrainingConfig config;
    config.minutes = 22.5;
    config.augmentSets = 3;
    config.lrSchedule = LearningRateSchedule::OneCycle;
    config.warmup = 0.25;
    config.lrFinal = 0.05;
    config.patchSize = 160;
    config.patchDefectShare = 0.7;
    config.cleanShare = 0.3;
    config.diceWeight = 0.5;
    config.selectBest = false;
    config.patience = 4;
    config.calibrate = false;
    config.priorBias = false;
    config.standardizeInput = false;
    auto parsed = trainingConfigFromText(toText(config));
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(toText(*parsed), toText(config));
    EXPECT_EQ(parsed->lrSchedule, LearningRateSchedule::OneCycle);
    EXPECT_EQ(parsed->patchSize, 160);
    EXPECT_EQ(parsed->minutes, 22.5);

    const auto rejects = [](auto change, const char* words) {
        TrainingConfig c;
        change(c);
        auto ok = validateTrainingConfig(c, 2);
        ASSERT_FALSE(ok) << words;
        EXPECT_NE(ok.error().message.find(words), std::string::npos) << ok.error().message;
    };
    rejects([](TrainingConfig& c) { c.minutes = -1; }, "time budget");
    rejects([](TrainingConfig& c) { c.warmup = 0.8; }, "warm-up");
    rejects([](TrainingConfig& c) { c.patchSize = 8; }, "patches");
    rejects([](TrainingConfig& c) { c.cleanShare = 1; }, "defect-free");
    rejects([](TrainingConfig& c) { c.patience = -2; }, "patience");
    EXPECT_TRUE(validateTrainingConfig(TrainingConfig{}, 2)) << "the defaults are valid";
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
