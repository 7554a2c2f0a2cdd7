// size: one suite over shared fixtures; each test reads best top to bottom, as a scenario.

#include "dwb/augment/LossGuidedSampler.h"
#include "dwb/augment/Provenance.h"
#include "dwb/dataset/DemoGenerator.h"
#include "dwb/dataset/Importers.h"
#include "dwb/eval/Evaluator.h"
#include "dwb/model/ModelFile.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/train/Loss.h"
#include "dwb/train/Trainer.h"
#include "dwb/train/TrainingSetup.h"

#include "TrainerFixtures.h"
#include "support/TempDir.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <thread>

namespace dwb {
namespace {

using test::makeDemoProject;
using test::Recorder;

TrainingConfig quickConfig(int epochs)
{
    TrainingConfig config;
    config.epochs = epochs;
    config.batchSize = 8;
    config.learningRate = 2e-3;
    config.schedule = LambdaSchedule::Constant;
    config.lambdaStart = 0.5;
    config.threads = 1; // ctest runs tests side by side on two cores
    config.checkpointEvery = 1;
    return config;
}

class TrainerTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_project = makeDemoProject(m_dir.path(), 48, 64);
        ASSERT_TRUE(m_project);
    }

    test::TempDir m_dir;
    std::unique_ptr<ProjectDb> m_project;
};

} // namespace

// The demo at its own size: defects of a few pixels need the full 128x128. The network first
// learns the background and only then the defects, so this takes eight epochs (about a minute
// on one thread).
TEST(TrainerLearning, LearnsTheDemo)
{
    test::TempDir dir;
    auto project = makeDemoProject(dir.path(), 96, 128);
    ASSERT_TRUE(project);
    TrainingConfig config;
    config.epochs = 8;
    config.learningRate = 2e-3;
    config.schedule = LambdaSchedule::Constant;
    config.lambdaStart = 0.1;
    config.threads = 1;
    config.checkpointEvery = 0;
    CancellationToken token;
    Recorder recorder;
    auto result = Trainer::run(*project, config, token, &recorder);
    ASSERT_TRUE(result) << result.error().message;
    ASSERT_EQ(recorder.epochs.size(), 8u);

    // The untrained network with the same seed, on the same validation images.
    torch::manual_seed(config.seed);
    CanOptions options;
    options.classes = 3;
    Can untrained(options);
    auto validation = samplesOfSplit(*project, Split::Validation);
    auto prepared = prepareSamples(*project, *validation, {128, 128, 1});
    ASSERT_TRUE(prepared);
    const ProgressiveLoss loss(3, {}, {}, at::kCPU);
    auto before = evaluate(untrained, *prepared, 3, loss, at::kCPU, EvaluationOptions{});
    ASSERT_TRUE(before);

    const auto& first = recorder.epochs.front();
    const auto& last = recorder.epochs.back();
    EXPECT_LT(last.train.total, first.train.total * 0.6);
    EXPECT_LT(last.validation.total, first.validation.total * 0.8);
    EXPECT_GT(last.metrics.meanPixelIou, before->metrics.meanPixelIou + 0.02)
        << "untrained " << before->metrics.meanPixelIou << ", trained "
        << last.metrics.meanPixelIou;
    EXPECT_GT(last.metrics.meanPixelIou, first.metrics.meanPixelIou);
    EXPECT_FALSE(recorder.batches.empty());
}

TEST_F(TrainerTest, SameSeedSameCurve)
{
    CancellationToken token;
    Recorder first, second;
    ASSERT_TRUE(Trainer::run(*m_project, quickConfig(2), token, &first));
    ASSERT_TRUE(Trainer::run(*m_project, quickConfig(2), token, &second));
    ASSERT_EQ(first.epochs.size(), 2u);
    ASSERT_EQ(second.epochs.size(), 2u);
    for (int e = 0; e < 2; ++e) {
        EXPECT_EQ(first.epochs[e].train.total, second.epochs[e].train.total) << "epoch " << e;
        EXPECT_EQ(first.epochs[e].validation.total, second.epochs[e].validation.total);
    }
}

TEST_F(TrainerTest, CancelCheckpointsAndResumeContinuesTheSameCurve)
{
    CancellationToken straightToken;
    Recorder straight;
    ASSERT_TRUE(Trainer::run(*m_project, quickConfig(3), straightToken, &straight));

    CancellationToken token;
    Recorder interrupted(&token, 0);
    auto stopped = Trainer::run(*m_project, quickConfig(3), token, &interrupted);
    ASSERT_TRUE(stopped) << stopped.error().message;
    EXPECT_TRUE(stopped->cancelled);
    EXPECT_EQ(stopped->epochsCompleted, 1);
    EXPECT_TRUE(std::filesystem::exists(stopped->checkpointPath));
    EXPECT_TRUE(std::filesystem::exists(stopped->modelPath));
    EXPECT_EQ(m_project->run(stopped->runId)->status, "cancelled");

    CancellationToken resumeToken;
    Recorder resumed;
    auto continued = Trainer::resume(*m_project, stopped->runId, 3, resumeToken, &resumed);
    ASSERT_TRUE(continued) << continued.error().message;
    ASSERT_EQ(resumed.epochs.size(), 2u);
    EXPECT_EQ(resumed.epochs[0].epoch, 1);
    for (int e = 1; e < 3; ++e)
        EXPECT_NEAR(resumed.epochs[static_cast<std::size_t>(e - 1)].train.total,
                    straight.epochs[static_cast<std::size_t>(e)].train.total, 1e-9)
            << "epoch " << e;
    EXPECT_EQ(m_project->run(stopped->runId)->status, "finished");
    EXPECT_EQ(m_project->runEpochs(stopped->runId)->size(), 3u);
}

TEST_F(TrainerTest, StoresTheRunAndAModelThatLoadsAlone)
{
    CancellationToken token;
    auto result = Trainer::run(*m_project, quickConfig(2), token);
    ASSERT_TRUE(result) << result.error().message;
    auto run = m_project->run(result->runId);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->status, "finished");
    EXPECT_EQ(run->epochsDone, 2);
    EXPECT_EQ(run->device, "cpu");
    auto config = trainingConfigFromText(run->config);
    ASSERT_TRUE(config);
    EXPECT_EQ(config->inputHeight, 64) << "the resolved input size is stored";
    EXPECT_EQ(config->posWeightSeg.size(), 3u) << "the weights used are stored";

    auto epochs = m_project->runEpochs(result->runId);
    ASSERT_EQ(epochs->size(), 2u);
    EXPECT_EQ((*epochs)[1].validation.size(), 4u) << "the mean and one row per class";
    auto metrics = m_project->runMetrics(result->runId, 1, "val");
    ASSERT_TRUE(metrics);
    EXPECT_GE(metrics->size(), 10u + 3u * 12u);

    auto model = loadModel(m_project->path().parent_path() / run->modelPath, at::kCPU);
    ASSERT_TRUE(model) << model.error().message;
    EXPECT_EQ(model->meta.classNames, (std::vector<std::string>{"Pit", "Scratch", "Patch"}));
    EXPECT_EQ(model->meta.inputWidth, 64);
    torch::NoGradGuard noGrad;
    EXPECT_EQ(model->model->forward(at::rand({1, 1, 64, 64})).maskLogits.size(1), 3);
}

TEST_F(TrainerTest, PauseHoldsTrainingUntilResumed)
{
    CancellationToken token;
    token.pause();
    std::jthread resumer([&token] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        token.resume();
    });
    Recorder recorder;
    auto result = Trainer::run(*m_project, quickConfig(1), token, &recorder);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_FALSE(result->cancelled);
    EXPECT_EQ(recorder.epochs.size(), 1u);
}

TEST_F(TrainerTest, RefusesAProjectWithoutSplits)
{
    test::TempDir other;
    auto empty = ProjectDb::create(other / "empty.dwb");
    ASSERT_TRUE(empty->addClass("A"));
    CancellationToken token;
    auto result = Trainer::run(*empty, quickConfig(1), token);
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("train and val splits"), std::string::npos);
}

namespace {

TrainingConfig augmentedConfig(int epochs, int every, int count)
{
    TrainingConfig config = quickConfig(epochs);
    config.cleanShare = 0; // every image in every epoch, so that batches can be counted
    config.augment = true;
    config.augmentEvery = every;
    config.augmentCount = count;
    return config;
}

} // namespace

TEST_F(TrainerTest, GuidedCropFiresOnScheduleFromTheValidationLosses)
{
    CancellationToken token;
    Recorder recorder;
    auto result = Trainer::run(*m_project, augmentedConfig(3, 2, 12), token, &recorder);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->augmentations, 2);
    EXPECT_EQ(result->syntheticImages, 24);
    EXPECT_GT(result->augmentSeconds, 0.0);
    ASSERT_EQ(recorder.augments.size(), 2u);

    // Epoch 0: no validation yet, so inverse class frequency over the train split.
    auto expected = LossGuidedSampler::create(test::trainImagesPerClass(*m_project, 3));
    ASSERT_TRUE(expected);
    const AugmentEvent& first = recorder.augments[0];
    EXPECT_EQ(first.epoch, 0);
    EXPECT_EQ(first.mode, "inverse-frequency");
    EXPECT_EQ(first.lossEpoch, -1);
    for (int c = 0; c < 3; ++c)
        EXPECT_NEAR(first.probabilities[static_cast<std::size_t>(c)],
                    expected->probabilities()[static_cast<std::size_t>(c)], 1e-12);

    // Epoch 2: from the per-class validation losses of epoch 1 (lambda 0.5).
    const AugmentEvent& second = recorder.augments[1];
    EXPECT_EQ(second.epoch, 2);
    EXPECT_EQ(second.mode, "validation-loss");
    EXPECT_EQ(second.lossEpoch, 1);
    std::vector<double> losses;
    for (const ClassLoss& loss : recorder.epochs[1].validation.perClass)
        losses.push_back(0.5 * loss.cls + 0.5 * loss.seg);
    ASSERT_TRUE(expected->setValidationLosses(losses));
    for (int c = 0; c < 3; ++c)
        EXPECT_NEAR(second.probabilities[static_cast<std::size_t>(c)],
                    expected->probabilities()[static_cast<std::size_t>(c)], 1e-9);

    // Each epoch trains on the originals plus the current synthetic set.
    auto train = samplesOfSplit(*m_project, Split::Train);
    ASSERT_TRUE(train);
    const int batches = static_cast<int>((train->size() + 12 + 7) / 8);
    for (const BatchProgress& progress : recorder.batches)
        EXPECT_EQ(progress.batches, batches);

    // Stored: the triggers with their per-class rows, and every synthetic sample's provenance.
    auto triggers = m_project->runAugmentations(result->runId);
    ASSERT_TRUE(triggers);
    ASSERT_EQ(triggers->size(), 2u);
    auto stored = m_project->syntheticSamples(result->runId);
    ASSERT_TRUE(stored);
    ASSERT_EQ(stored->size(), 24u);
    for (std::size_t t = 0; t < 2; ++t) {
        const AugmentationRecord& record = (*triggers)[t];
        EXPECT_EQ(record.epoch, recorder.augments[t].epoch);
        EXPECT_EQ(record.images, 12);
        ASSERT_EQ(record.classes.size(), 3u);
        for (int c = 0; c < 3; ++c) {
            int showing = 0;
            for (const SyntheticSampleRecord& sample : *stored)
                if (sample.epoch == record.epoch && ((sample.classBits >> c) & 1u))
                    ++showing;
            EXPECT_EQ(record.classes[static_cast<std::size_t>(c)].generated, showing);
            EXPECT_EQ(recorder.augments[t].generated[static_cast<std::size_t>(c)], showing);
        }
    }
    for (const SyntheticSampleRecord& sample : *stored) {
        auto provenance = provenanceFromJson(sample.provenance);
        ASSERT_TRUE(provenance) << provenance.error().message;
        EXPECT_EQ(provenance->seed, sample.seed);
    }
}

TEST_F(TrainerTest, ResumeRebuildsTheSyntheticSetAndTheSameCurve)
{
    CancellationToken straightToken;
    Recorder straight;
    ASSERT_TRUE(Trainer::run(*m_project, augmentedConfig(3, 2, 8), straightToken, &straight));

    CancellationToken token;
    Recorder interrupted(&token, 0);
    auto stopped = Trainer::run(*m_project, augmentedConfig(3, 2, 8), token, &interrupted);
    ASSERT_TRUE(stopped) << stopped.error().message;
    ASSERT_TRUE(stopped->cancelled);

    CancellationToken resumeToken;
    Recorder resumed;
    auto continued = Trainer::resume(*m_project, stopped->runId, 3, resumeToken, &resumed);
    ASSERT_TRUE(continued) << continued.error().message;
    // The set of epoch 0 is rebuilt for epoch 1, then epoch 2 gets its own.
    ASSERT_EQ(resumed.augments.size(), 2u);
    EXPECT_EQ(resumed.augments[0].epoch, 0);
    EXPECT_EQ(resumed.augments[0].generated, straight.augments[0].generated);
    ASSERT_EQ(resumed.epochs.size(), 2u);
    for (int e = 1; e < 3; ++e)
        EXPECT_NEAR(resumed.epochs[static_cast<std::size_t>(e - 1)].train.total,
                    straight.epochs[static_cast<std::size_t>(e)].train.total, 1e-9)
            << "epoch " << e;
    EXPECT_EQ(m_project->syntheticSamples(stopped->runId)->size(), 16u) << "replaced, not doubled";
}

} // namespace dwb
