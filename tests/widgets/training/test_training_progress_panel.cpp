#include "TrainingProgressPanel.h"

#include "widgets/WidgetTestSupport.h"

#include <QProgressBar>

#include <gtest/gtest.h>

#include <memory>

namespace dwb {
namespace {

BatchProgress batchAt(double progress, double elapsed, double eta, double budget = 0)
{
    BatchProgress batch;
    batch.epoch = 1;
    batch.epochs = budget > 0 ? kUnboundedEpochs : 10;
    batch.batch = 3;
    batch.batches = 6;
    batch.loss = 0.4;
    batch.learningRate = 0.00125;
    batch.lambda = 0.8;
    batch.progress = progress;
    batch.elapsed = elapsed;
    batch.budget = budget;
    batch.etaSeconds = eta;
    return batch;
}

QString epochBarText(const TrainingProgressPanel& panel)
{
    // The epoch's bar is the first of the two.
    const auto bars = panel.findChildren<QProgressBar*>();
    return bars.isEmpty() ? QString() : bars.front()->text();
}

class TrainingProgressPanelTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        test::ensureApplication();
        m_panel = std::make_unique<TrainingProgressPanel>();
    }
    std::unique_ptr<TrainingProgressPanel> m_panel; // made once the application exists
};

} // namespace

TEST_F(TrainingProgressPanelTest, ShowsTheCoresEstimateAndTheLearningRate)
{
    EXPECT_EQ(m_panel->remainingText(), QStringLiteral("–"));
    m_panel->batchDone(batchAt(0.25, 60, 125));
    EXPECT_EQ(m_panel->remainingText(), QStringLiteral("2:05 (elapsed 1:00)"));
    EXPECT_DOUBLE_EQ(m_panel->runFraction(), 0.25) << "the run's share as the core reports it";
    EXPECT_EQ(m_panel->learningRateText(), QStringLiteral("0.00125 (lambda 0.80)"));
    EXPECT_EQ(epochBarText(*m_panel), QStringLiteral("Epoch 2 of 10: batch 3 of 6"));

    // Before the core can estimate, the panel says so instead of guessing.
    m_panel->batchDone(batchAt(0.01, 3, -1));
    EXPECT_EQ(m_panel->remainingText(), QStringLiteral("estimating… (elapsed 0:03)"));

    m_panel->runEnded(true);
    EXPECT_EQ(m_panel->remainingText(), QStringLiteral("–"));
    EXPECT_DOUBLE_EQ(m_panel->runFraction(), 1.0);
}

TEST_F(TrainingProgressPanelTest, BudgetedRunShowsWhatIsLeftOfItsBudget)
{
    RunStart start;
    start.budgetSeconds = 600;
    start.device = "cpu";
    m_panel->runStarted(start);
    m_panel->batchDone(batchAt(0.25, 150, 450, 600));
    EXPECT_EQ(m_panel->remainingText(), QStringLiteral("7:30 of the 10:00 budget (elapsed 2:30)"));
    EXPECT_EQ(epochBarText(*m_panel), QStringLiteral("Epoch 2: batch 3 of 6"))
        << "no epoch count without an epoch limit";

    // An epoch's end keeps the budget's share rather than one of a million epochs.
    EpochSummary summary;
    summary.epoch = 1;
    summary.epochs = kUnboundedEpochs;
    summary.best = true;
    summary.score = 0.4567;
    m_panel->epochDone(summary);
    EXPECT_DOUBLE_EQ(m_panel->runFraction(), 0.25);
    EXPECT_EQ(m_panel->bestEpochText(), QStringLiteral("epoch 2, score 0.457"));
    summary.epoch = 2;
    summary.best = false;
    summary.score = 0.3;
    m_panel->epochDone(summary);
    EXPECT_EQ(m_panel->bestEpochText(), QStringLiteral("epoch 2, score 0.457"))
        << "a worse epoch leaves the best one shown";
}

TEST_F(TrainingProgressPanelTest, OutcomeSaysWhyTheRunStoppedAndWhichEpochIsTheModel)
{
    TrainingOutcome outcome;
    outcome.epochs = 8;
    outcome.stopReason = StopReason::Budget;
    outcome.bestEpoch = 4;
    outcome.bestScore = 0.5;
    outcome.lastModelPath = QStringLiteral("/runs/run-1/last-model.pt");
    m_panel->showOutcome(outcome);
    EXPECT_EQ(m_panel->outcomeText(), QStringLiteral("Time budget used"));
    EXPECT_EQ(m_panel->bestEpochText(), QStringLiteral("epoch 5, score 0.500: the model"));

    outcome.stopReason = StopReason::Patience;
    outcome.calibrated = true;
    m_panel->showOutcome(outcome);
    EXPECT_EQ(m_panel->outcomeText(),
              QStringLiteral("Stopped early: the validation score stopped improving; thresholds "
                             "calibrated on the validation split"));

    // Without selection the model is the last epoch, whatever scored best.
    outcome.stopReason = StopReason::Epochs;
    outcome.calibrated = false;
    outcome.lastModelPath.clear();
    m_panel->showOutcome(outcome);
    EXPECT_EQ(m_panel->outcomeText(), QStringLiteral("Every epoch trained"));
    EXPECT_EQ(m_panel->bestEpochText(),
              QStringLiteral("epoch 5, score 0.500; the model is the last epoch, 8"));

    outcome.bestEpoch = 7; // the best is the last
    m_panel->showOutcome(outcome);
    EXPECT_EQ(m_panel->bestEpochText(), QStringLiteral("epoch 8, score 0.500: the model"));

    outcome.stopReason = StopReason::Cancelled;
    outcome.bestEpoch = -1;
    m_panel->showOutcome(outcome);
    EXPECT_EQ(m_panel->outcomeText(), QStringLiteral("Stopped by the user"));
    EXPECT_EQ(m_panel->bestEpochText(), QStringLiteral("none validated"));
}

} // namespace dwb
