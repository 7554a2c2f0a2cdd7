// Training within a budget: the time budget, the schedules that follow it, the best epoch as the
// run's model, early stopping and calibrated thresholds.

#include "TrainerFixtures.h"

#include "dwb/eval/Evaluator.h"
#include "dwb/eval/RunEvaluation.h"
#include "dwb/model/ModelFile.h"
#include "dwb/train/Checkpoint.h"
#include "dwb/train/Loss.h"
#include "dwb/train/Trainer.h"
#include "dwb/train/TrainingSchedule.h"
#include "dwb/train/TrainingSetup.h"

#include "support/TempDir.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <algorithm>

namespace dwb {
namespace {

class TrainerBudgetTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        m_project = test::makeDemoProject(m_dir.path(), 48, 64);
        ASSERT_TRUE(m_project);
    }

    static TrainingConfig config()
    {
        TrainingConfig c;
        c.batchSize = 4;
        c.threads = 1; // ctest runs tests side by side on two cores
        c.checkpointEvery = 1;
        return c;
    }

    // The stored value of metric `name` (over all classes) at each epoch of a run.
    std::vector<double> stored(std::int64_t runId, int epochs, const std::string& name) const
    {
        std::vector<double> values;
        for (int e = 0; e < epochs; ++e) {
            auto rows = m_project->runMetrics(runId, e, "val");
            EXPECT_TRUE(rows);
            for (const MetricRow& row : *rows)
                if (row.classBit == -1 && row.name == name)
                    values.push_back(row.value);
        }
        return values;
    }

    test::TempDir m_dir;
    std::unique_ptr<ProjectDb> m_project;
};

} // namespace

TEST_F(TrainerBudgetTest, TheBudgetEndsTheRunWithinOneBatch)
{
    TrainingConfig c = config();
    c.minutes = 4.0 / 60.0;
    c.epochs = kUnboundedEpochs;
    CancellationToken token;
    test::Recorder recorder;
    auto result = Trainer::run(*m_project, c, token, &recorder);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->stopReason, StopReason::Budget);
    ASSERT_FALSE(recorder.batches.empty());
    // Every batch starts inside the budget, so at most one can end past it.
    const double budget = c.minutes * 60.0;
    const auto late = std::ranges::count_if(
        recorder.batches, [budget](const BatchProgress& b) { return b.elapsed > budget; });
    EXPECT_LE(late, 1);
    for (const BatchProgress& b : recorder.batches) {
        EXPECT_EQ(b.budget, budget);
        EXPECT_GE(b.etaSeconds, 0.0);
        EXPECT_LE(b.etaSeconds, budget);
    }
    EXPECT_EQ(m_project->run(result->runId)->status, "finished");
}

TEST_F(TrainerBudgetTest, SchedulesFollowTheBudgetUsed)
{
    TrainingConfig c = config();
    c.minutes = 3.0 / 60.0;
    c.epochs = kUnboundedEpochs;
    c.lrSchedule = LearningRateSchedule::OneCycle;
    c.schedule = LambdaSchedule::ClassificationFirst;
    CancellationToken token;
    test::Recorder recorder;
    auto result = Trainer::run(*m_project, c, token, &recorder);
    ASSERT_TRUE(result) << result.error().message;
    ASSERT_GE(recorder.batches.size(), 2u);
    double previous = -1;
    for (const BatchProgress& b : recorder.batches) {
        EXPECT_GE(b.progress, previous) << "progress only grows";
        previous = b.progress;
        EXPECT_DOUBLE_EQ(b.learningRate, c.learningRate * learningRateFactor(c, b.progress));
        EXPECT_DOUBLE_EQ(b.lambda, lambdaAtProgress(c, b.progress));
    }
    EXPECT_LT(recorder.batches.front().progress, 0.2);
    EXPECT_GT(recorder.batches.back().progress, 0.7) << "the schedules reach their end";
    EXPECT_LT(recorder.batches.back().learningRate, 0.5 * c.learningRate);
}

TEST_F(TrainerBudgetTest, WithoutABudgetTheSchedulesFollowTheEpochs)
{
    TrainingConfig c = config();
    c.epochs = 3;
    CancellationToken token;
    test::Recorder recorder;
    ASSERT_TRUE(Trainer::run(*m_project, c, token, &recorder));
    for (const BatchProgress& b : recorder.batches) {
        const double progress = (b.epoch + static_cast<double>(b.batch - 1) / b.batches) / 3.0;
        EXPECT_NEAR(b.progress, progress, 1e-12);
        EXPECT_DOUBLE_EQ(b.learningRate, c.learningRate * learningRateFactor(c, progress));
        EXPECT_DOUBLE_EQ(b.lambda, lambdaAt(c, b.epoch)) << "lambda per epoch, as in the paper";
    }
}

TEST_F(TrainerBudgetTest, TheBestEpochIsTheModelReloaded)
{
    TrainingConfig c = config();
    c.epochs = 6;
    c.learningRate = 5e-3;
    CancellationToken token;
    test::Recorder recorder;
    auto result = Trainer::run(*m_project, c, token, &recorder);
    ASSERT_TRUE(result) << result.error().message;
    const std::vector<double> scores = stored(result->runId, 6, "selection_score");
    ASSERT_EQ(scores.size(), 6u);
    const auto best = static_cast<int>(std::ranges::max_element(scores) - scores.begin());
    EXPECT_EQ(result->bestEpoch, best);
    EXPECT_EQ(result->bestScore, scores[static_cast<std::size_t>(best)]);
    for (const EpochSummary& e : recorder.epochs)
        EXPECT_EQ(e.best, e.epoch == 0 ||
                              e.score > *std::max_element(scores.begin(), scores.begin() + e.epoch))
            << "epoch " << e.epoch;

    // The model file holds that epoch: evaluated again, it scores what it scored then.
    auto model = loadModel(result->modelPath, at::kCPU);
    ASSERT_TRUE(model) << model.error().message;
    EXPECT_EQ(model->meta.epoch, best);
    EXPECT_TRUE(model->meta.calibrated());
    auto validation = samplesOfSplit(*m_project, Split::Validation);
    auto prepared = prepareSamples(*m_project, *validation, {64, 64, 1});
    ASSERT_TRUE(prepared);
    auto runConfig = trainingConfigFromText(m_project->run(result->runId)->config);
    ASSERT_TRUE(runConfig);
    const ProgressiveLoss loss(3, runConfig->posWeightCls, runConfig->posWeightSeg, at::kCPU);
    EvaluationOptions options;
    options.batchSize = c.batchSize;
    auto again = evaluate(model->model, *prepared, 3, loss, at::kCPU, options);
    ASSERT_TRUE(again);
    EXPECT_NEAR(selectionScore(again->metrics, again->histograms), scores[std::size_t(best)], 1e-6);

    // The last epoch's weights are kept beside it when they differ.
    if (best != 5) {
        ASSERT_FALSE(result->lastModelPath.empty());
        auto last = loadModel(result->lastModelPath, at::kCPU);
        ASSERT_TRUE(last);
        EXPECT_EQ(last->meta.epoch, 5);
    } else {
        EXPECT_TRUE(result->lastModelPath.empty());
    }
}

TEST_F(TrainerBudgetTest, ThePaperKeepsTheLastEpochAndOneThreshold)
{
    TrainingConfig c = paperConfig();
    c.epochs = 2;
    c.threads = 1;
    CancellationToken token;
    auto result = Trainer::run(*m_project, c, token);
    ASSERT_TRUE(result) << result.error().message;
    auto model = loadModel(result->modelPath, at::kCPU);
    ASSERT_TRUE(model);
    EXPECT_EQ(model->meta.epoch, 1);
    EXPECT_FALSE(model->meta.calibrated());
    EXPECT_EQ(model->meta.imageThreshold(2), 0.5);
    EXPECT_FALSE(result->calibrated);
    EXPECT_EQ(result->bestEpoch, 1) << "the model is the last epoch, whatever scored best";
    EXPECT_TRUE(result->last.best);
    EXPECT_TRUE(result->lastModelPath.empty());
}

TEST_F(TrainerBudgetTest, PatienceStopsARunThatNoLongerImproves)
{
    TrainingConfig c = config();
    c.epochs = 40;
    c.patience = 2;
    c.learningRate = 2e-2; // too fast to keep improving for long
    CancellationToken token;
    test::Recorder recorder;
    auto result = Trainer::run(*m_project, c, token, &recorder);
    ASSERT_TRUE(result) << result.error().message;
    ASSERT_EQ(result->stopReason, StopReason::Patience);
    EXPECT_LT(result->epochsCompleted, 40);
    EXPECT_EQ(result->epochsCompleted - 1 - result->bestEpoch, 2)
        << "stopped two epochs after the best";
    for (int e = result->bestEpoch + 1; e < result->epochsCompleted; ++e)
        EXPECT_LE(recorder.epochs[static_cast<std::size_t>(e)].score, result->bestScore);
}

TEST_F(TrainerBudgetTest, EvaluationUsesTheCalibratedThresholds)
{
    TrainingConfig c = config();
    c.epochs = 3;
    CancellationToken token;
    auto result = Trainer::run(*m_project, c, token);
    ASSERT_TRUE(result) << result.error().message;
    auto model = loadModel(result->modelPath, at::kCPU);
    ASSERT_TRUE(model);
    auto report = evaluateRun(*m_project, result->runId, Split::Test);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_TRUE(report->calibrated);
    EXPECT_EQ(report->metrics.thresholds, model->meta.imageThresholds);
    EXPECT_EQ(report->pixelThresholds, model->meta.pixelThresholds);
    auto sets = m_project->predictionSets();
    ASSERT_TRUE(sets);
    ASSERT_EQ(sets->size(), 1u);
    EXPECT_EQ(sets->front().imageThresholds, model->meta.imageThresholds) << "stored exactly";
    EXPECT_EQ(sets->front().pixelThresholds, model->meta.pixelThresholds);

    EvaluateRunOptions fixed;
    fixed.threshold = 0.5;
    auto plain = evaluateRun(*m_project, result->runId, Split::Test, fixed);
    ASSERT_TRUE(plain);
    EXPECT_FALSE(plain->calibrated);
    EXPECT_EQ(plain->metrics.thresholds, std::vector<double>(3, 0.5));
}

TEST_F(TrainerBudgetTest, AResumedBudgetedRunKeepsItsClock)
{
    TrainingConfig c = config();
    // Room for a resumed batch after the first run's start-up, one batch and checkpoint (2.2 s at
    // one thread on a 2-core AVX2 machine) and the reserve kept for the final validation.
    c.minutes = 6.0 / 60.0;
    c.epochs = kUnboundedEpochs;
    CancellationToken token;
    test::Recorder first(&token, 0);
    auto stopped = Trainer::run(*m_project, c, token, &first);
    ASSERT_TRUE(stopped) << stopped.error().message;
    ASSERT_TRUE(stopped->cancelled);
    ASSERT_FALSE(first.batches.empty());
    const double used = stopped->seconds;

    CancellationToken again;
    test::Recorder resumed;
    auto continued = Trainer::resume(*m_project, stopped->runId, 0, again, &resumed);
    ASSERT_TRUE(continued) << continued.error().message;
    EXPECT_EQ(continued->stopReason, StopReason::Budget);
    ASSERT_FALSE(resumed.batches.empty())
        << "first run used " << used << " s of " << c.minutes * 60.0;
    EXPECT_GE(resumed.batches.front().elapsed, used * 0.99) << "the clock goes on, not over";
    EXPECT_GE(resumed.batches.front().progress, first.batches.back().progress);
    EXPECT_LE(continued->seconds, c.minutes * 60.0 + 2.0) << "first run used " << used << " s";
}

TEST_F(TrainerBudgetTest, AResumedRunWithItsBudgetSpentStopsAtOnce)
{
    TrainingConfig c = config();
    c.minutes = 2.0 / 60.0;
    c.epochs = kUnboundedEpochs;
    CancellationToken token;
    auto finished = Trainer::run(*m_project, c, token);
    ASSERT_TRUE(finished) << finished.error().message;
    ASSERT_EQ(finished->stopReason, StopReason::Budget);
    auto before = loadModel(finished->modelPath, at::kCPU);
    ASSERT_TRUE(before);

    CancellationToken again;
    test::Recorder resumed;
    // Less than the first session used: refused, nothing touched.
    auto refused = Trainer::resume(*m_project, finished->runId, 0, again, &resumed,
                                   finished->seconds / 2 / 60.0);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);

    // More than it used, but not enough for the validation kept in reserve: stops at once.
    auto state = readCheckpointState(finished->checkpointPath);
    ASSERT_TRUE(state) << state.error().message;
    ASSERT_GT(state->progress.reserveSeconds, 0.0);
    const double minutes = (state->progress.seconds + state->progress.reserveSeconds / 2) / 60.0;
    auto continued = Trainer::resume(*m_project, finished->runId, 0, again, &resumed, minutes);
    ASSERT_TRUE(continued) << continued.error().message;
    EXPECT_EQ(continued->stopReason, StopReason::Budget);
    EXPECT_TRUE(resumed.batches.empty()) << "no batch past a spent budget";
    EXPECT_TRUE(resumed.epochs.empty());
    EXPECT_EQ(continued->epochsCompleted, finished->epochsCompleted);
    EXPECT_EQ(continued->bestEpoch, finished->bestEpoch);
    EXPECT_EQ(continued->last.epoch, finished->epochsCompleted - 1);
    auto after = loadModel(continued->modelPath, at::kCPU);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->meta.epoch, before->meta.epoch) << "the best model is kept";
    EXPECT_EQ(after->meta.imageThresholds, before->meta.imageThresholds);
}

TEST_F(TrainerBudgetTest, AnEvaluationTorchRejectsIsAnErrorNotACrash)
{
    CanOptions options;
    options.classes = 3;
    options.inputChannels = 3; // the samples are grey: the first convolution throws
    Can model(options);
    model->train();
    auto validation = samplesOfSplit(*m_project, Split::Validation);
    ASSERT_TRUE(validation);
    auto prepared = prepareSamples(*m_project, *validation, {64, 48, 1});
    ASSERT_TRUE(prepared);
    const ProgressiveLoss loss(3, {}, {}, at::kCPU);
    auto evaluation = evaluate(model, *prepared, 3, loss, at::kCPU, EvaluationOptions{});
    ASSERT_FALSE(evaluation);
    EXPECT_EQ(evaluation.error().code, ErrorCode::Internal);
    EXPECT_NE(evaluation.error().message.find("evaluation failed"), std::string::npos);
    EXPECT_TRUE(model->is_training()) << "the mode is left as it was";
}

} // namespace dwb
