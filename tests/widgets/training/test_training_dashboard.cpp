// size: one suite over shared fixtures; each test reads best top to bottom, as a scenario.

#include "dwb/train/RunLock.h"
#include "dwb/widgets/ProjectContext.h"
#include "dwb/widgets/ReviewPanel.h"
#include "dwb/widgets/TrainingDashboard.h"
#include "dwb/widgets/TrainingWorker.h"

#include "support/TempDir.h"
#include "widgets/WidgetTestSupport.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <functional>

namespace dwb {
namespace {

// Processes events until `done` holds or `ms` passed.
bool waitFor(const std::function<bool()>& done, int ms = 60000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > ms)
            return false;
        QTest::qWait(10);
    }
    return true;
}

// Two epochs on 32x32 inputs: well under a second each on one core.
TrainingConfig tinyConfig(int epochs)
{
    TrainingConfig config;
    config.epochs = epochs;
    config.batchSize = 4;
    config.learningRate = 2e-3;
    config.inputHeight = 32;
    config.inputWidth = 32;
    config.threads = 1; // the tests share the machine
    config.device = "cpu";
    config.checkpointEvery = 1;
    return config;
}

// What the worker emitted, as received on the GUI thread (queued, like the dashboard's).
struct Recorder {
    explicit Recorder(TrainingWorker& worker)
    {
        QObject::connect(&worker, &TrainingWorker::started, &context,
                         [this](const RunStart& s) { starts.push_back(s); });
        QObject::connect(&worker, &TrainingWorker::batchProgress, &context,
                         [this](const BatchProgress& p) { batches.push_back(p); });
        QObject::connect(&worker, &TrainingWorker::epochFinished, &context,
                         [this](const EpochSummary& s) { epochs.push_back(s); });
        QObject::connect(&worker, &TrainingWorker::augmented, &context,
                         [this](const AugmentEvent& e) { augments.push_back(e); });
        QObject::connect(&worker, &TrainingWorker::finished, &context,
                         [this](const TrainingOutcome& o) { outcomes.push_back(o); });
        QObject::connect(&worker, &TrainingWorker::failed, &context,
                         [this](const QString& m) { failures.push_back(m); });
    }
    bool ended() const { return !outcomes.empty() || !failures.empty(); }

    QObject context;
    std::vector<RunStart> starts;
    std::vector<BatchProgress> batches;
    std::vector<EpochSummary> epochs;
    std::vector<AugmentEvent> augments;
    std::vector<TrainingOutcome> outcomes;
    std::vector<QString> failures;
};

class TrainingDashboardTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        test::ensureApplication();
        auto project = test::makeDemoProject(m_dir.path(), 24);
        ASSERT_TRUE(project);
        auto classes = project->classes();
        ASSERT_TRUE(classes);
        m_classes = *classes;
        m_project = std::move(project);
        m_path = QString::fromStdString(m_project->path().string());
    }

    test::TempDir m_dir;
    std::unique_ptr<ProjectDb> m_project;
    std::vector<ClassInfo> m_classes;
    QString m_path;
};

} // namespace

TEST_F(TrainingDashboardTest, WorkerReportsStartEveryEpochAndTheEnd)
{
    TrainingWorker worker;
    Recorder recorder(worker);
    ASSERT_TRUE(worker.start(m_path, tinyConfig(2)));
    EXPECT_TRUE(worker.isRunning());
    EXPECT_FALSE(worker.start(m_path, tinyConfig(2))) << "one training at a time";
    ASSERT_TRUE(waitFor([&] { return recorder.ended(); }));
    ASSERT_TRUE(recorder.failures.empty()) << recorder.failures.front().toStdString();

    ASSERT_EQ(recorder.starts.size(), 1u);
    EXPECT_EQ(recorder.starts[0].device, "cpu");
    EXPECT_EQ(recorder.starts[0].inputHeight, 32);
    ASSERT_EQ(recorder.epochs.size(), 2u);
    EXPECT_EQ(recorder.epochs[0].epoch, 0);
    EXPECT_EQ(recorder.epochs[1].epoch, 1);
    EXPECT_EQ(recorder.epochs[1].metrics.perClass.size(), m_classes.size());
    ASSERT_FALSE(recorder.batches.empty());
    EXPECT_EQ(recorder.batches.back().batch, recorder.batches.back().batches)
        << "the last batch of an epoch is always reported";
    ASSERT_EQ(recorder.outcomes.size(), 1u);
    const TrainingOutcome& outcome = recorder.outcomes[0];
    EXPECT_EQ(outcome.runId, recorder.starts[0].runId);
    EXPECT_EQ(outcome.epochs, 2);
    EXPECT_FALSE(outcome.cancelled);
    EXPECT_GT(outcome.seconds, 0);
    EXPECT_TRUE(QFile::exists(outcome.modelPath));

    ASSERT_TRUE(worker.wait(10000));
    EXPECT_FALSE(worker.isRunning());
    auto run = m_project->run(outcome.runId);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->status, "finished");
    EXPECT_EQ(run->epochsDone, 2);
}

TEST_F(TrainingDashboardTest, PauseHoldsTheRunAndStopCancelsItWithACheckpoint)
{
    TrainingWorker worker;
    Recorder recorder(worker);
    // Paused from the training thread at its first batch, so that the pause lands mid-epoch
    // however fast the machine is.
    QObject::connect(
        &worker, &TrainingWorker::batchProgress, &worker,
        [&worker](const BatchProgress& p) {
            if (p.epoch == 0 && p.batch == 1)
                worker.pause();
        },
        Qt::DirectConnection);
    ASSERT_TRUE(worker.start(m_path, tinyConfig(3)));
    ASSERT_TRUE(waitFor([&] { return !recorder.batches.empty() || recorder.ended(); }));
    ASSERT_FALSE(recorder.ended());
    EXPECT_TRUE(worker.isPaused());
    QTest::qWait(300);
    EXPECT_TRUE(recorder.epochs.empty()) << "no epoch ends while paused";
    EXPECT_EQ(recorder.batches.size(), 1u) << "no batch runs while paused";

    worker.stop(); // wakes the paused run
    ASSERT_TRUE(waitFor([&] { return recorder.ended(); }));
    ASSERT_TRUE(recorder.failures.empty()) << recorder.failures.front().toStdString();
    const TrainingOutcome& outcome = recorder.outcomes.at(0);
    EXPECT_TRUE(outcome.cancelled);
    EXPECT_EQ(outcome.epochs, 0);
    ASSERT_FALSE(outcome.checkpointPath.isEmpty());
    EXPECT_TRUE(QFile::exists(outcome.checkpointPath));
    EXPECT_EQ(m_project->run(outcome.runId)->status, "cancelled");
}

TEST_F(TrainingDashboardTest, ChartsGainOnePointPerEpochAndMarkEachAugmentation)
{
    TrainingDashboard dashboard;
    dashboard.setProject(m_path, m_classes);
    TrainingConfig config = tinyConfig(2);
    config.augment = true;
    config.augmentEvery = 1;
    config.augmentCount = 4;
    dashboard.setConfig(config);
    ASSERT_TRUE(dashboard.isConfigValid()) << dashboard.configMessage().toStdString();
    Recorder recorder(*dashboard.worker());
    std::vector<int> pointsAfterEpoch;
    QObject::connect(&dashboard, &TrainingDashboard::epochPlotted, &dashboard,
                     [&](int) { pointsAfterEpoch.push_back(dashboard.plottedEpochs()); });
    bool finished = false;
    QObject::connect(&dashboard, &TrainingDashboard::trainingFinished, &dashboard,
                     [&](const TrainingOutcome&) { finished = true; });

    ASSERT_TRUE(dashboard.startTraining());
    EXPECT_TRUE(dashboard.isTraining());
    EXPECT_FALSE(dashboard.startButton()->isEnabled());
    ASSERT_TRUE(waitFor([&] { return finished || !recorder.failures.empty(); }));
    ASSERT_TRUE(recorder.failures.empty()) << recorder.failures.front().toStdString();

    EXPECT_EQ(pointsAfterEpoch, (std::vector<int>{1, 2}));
    ASSERT_EQ(recorder.augments.size(), 2u);
    EXPECT_EQ(recorder.augments[0].epoch, 0);
    EXPECT_EQ(recorder.augments[1].epoch, 1);
    EXPECT_EQ(dashboard.augmentationMarkers(), 2);
    EXPECT_FALSE(dashboard.isTraining());
    EXPECT_TRUE(dashboard.startButton()->isEnabled());
    const qint64 runId = recorder.outcomes.at(0).runId;
    EXPECT_EQ(dashboard.shownRun(), runId);
    EXPECT_EQ(dashboard.listedRuns(), (std::vector<qint64>{runId}));
    // The run's model is its best epoch; the charts and the progress panel say which.
    const TrainingOutcome& outcome = recorder.outcomes.at(0);
    EXPECT_EQ(outcome.stopReason, StopReason::Epochs);
    ASSERT_GE(outcome.bestEpoch, 0);
    EXPECT_EQ(dashboard.bestEpochMarker(), outcome.bestEpoch);
    int lastBest = -1;
    for (const EpochSummary& summary : recorder.epochs)
        lastBest = summary.best ? summary.epoch : lastBest;
    EXPECT_EQ(lastBest, outcome.bestEpoch);
    EXPECT_TRUE(dashboard.outcomeText().startsWith(QStringLiteral("Every epoch trained")))
        << dashboard.outcomeText().toStdString();
}

// The Review page hears of a run trained on the Train page through the project context: its
// evaluation row lists the run once an epoch's model exists, without reopening the project.
TEST_F(TrainingDashboardTest, RunsTrainedHereReachTheReviewPageAsTheyHappen)
{
    ProjectContext context;
    ASSERT_TRUE(context.open(m_path));
    TrainingDashboard dashboard;
    ReviewPanel review;
    dashboard.followProject(&context);
    review.followProject(&context);
    dashboard.setProject(m_path, m_classes);
    review.setProject(m_path, m_classes);
    ASSERT_EQ(review.evaluationRunBox()->count(), 0) << "no run trained yet";
    EXPECT_FALSE(review.evaluateButton()->isEnabled());

    int announced = 0;
    QObject::connect(&context, &ProjectContext::runsChanged, [&] { ++announced; });
    std::vector<int> listedAfterEpoch;
    QObject::connect(&dashboard, &TrainingDashboard::epochPlotted, &dashboard,
                     [&](int) { listedAfterEpoch.push_back(review.evaluationRunBox()->count()); });
    bool finished = false;
    QObject::connect(&dashboard, &TrainingDashboard::trainingFinished, &dashboard,
                     [&](const TrainingOutcome&) { finished = true; });
    dashboard.setConfig(tinyConfig(2));
    ASSERT_TRUE(dashboard.startTraining());
    ASSERT_TRUE(waitFor([&] { return finished || !dashboard.isTraining(); }));
    ASSERT_TRUE(finished);

    EXPECT_EQ(listedAfterEpoch, (std::vector<int>{1, 1})) << "listed from the first epoch on";
    EXPECT_GE(announced, 4) << "start, two epochs and the end";
    ASSERT_EQ(review.evaluationRunBox()->count(), 1);
    EXPECT_EQ(review.evaluationRunBox()->currentData().toLongLong(), dashboard.shownRun());
    EXPECT_TRUE(review.evaluateButton()->isEnabled());
}

TEST_F(TrainingDashboardTest, BudgetedRunEndsOnItsBudgetAndContinuesWithAnother)
{
    TrainingDashboard dashboard;
    dashboard.setProject(m_path, m_classes);
    TrainingConfig config = tinyConfig(kUnboundedEpochs);
    config.minutes = 0.02; // 1.2 s
    dashboard.setConfig(config);
    ASSERT_TRUE(dashboard.isConfigValid()) << dashboard.configMessage().toStdString();
    ASSERT_EQ(dashboard.config().epochs, kUnboundedEpochs);
    Recorder recorder(*dashboard.worker());
    // Connected after the dashboard: its panel has taken each batch in when this runs.
    std::vector<QString> remaining;
    QObject::connect(dashboard.worker(), &TrainingWorker::batchProgress, &dashboard,
                     [&](const BatchProgress&) { remaining.push_back(dashboard.remainingText()); });
    int finished = 0;
    QObject::connect(&dashboard, &TrainingDashboard::trainingFinished, &dashboard,
                     [&](const TrainingOutcome&) { ++finished; });

    ASSERT_TRUE(dashboard.startTraining());
    ASSERT_TRUE(waitFor([&] { return finished == 1 || !recorder.failures.empty(); }));
    ASSERT_TRUE(recorder.failures.empty()) << recorder.failures.front().toStdString();
    const TrainingOutcome first = recorder.outcomes.at(0);
    EXPECT_EQ(first.stopReason, StopReason::Budget);
    EXPECT_TRUE(dashboard.outcomeText().startsWith(QStringLiteral("Time budget used")))
        << dashboard.outcomeText().toStdString();
    ASSERT_FALSE(recorder.batches.empty());
    for (const BatchProgress& batch : recorder.batches) {
        EXPECT_DOUBLE_EQ(batch.budget, 1.2);
        EXPECT_GE(batch.etaSeconds, 0) << "a budget always knows its time left";
    }
    ASSERT_FALSE(remaining.empty());
    EXPECT_TRUE(remaining.back().contains(QStringLiteral("of the 0:01 budget")))
        << remaining.back().toStdString();

    // Continuing with a larger budget: the worker passes it on, and the run ends on it again.
    recorder.batches.clear();
    ASSERT_TRUE(dashboard.continueRun(first.runId, kUnboundedEpochs, 0.06));
    ASSERT_TRUE(waitFor([&] { return finished == 2 || recorder.failures.size() > 0; }));
    ASSERT_TRUE(recorder.failures.empty()) << recorder.failures.front().toStdString();
    const TrainingOutcome& second = recorder.outcomes.at(1);
    EXPECT_EQ(second.runId, first.runId);
    EXPECT_EQ(second.stopReason, StopReason::Budget);
    EXPECT_GT(second.seconds, first.seconds);
    ASSERT_FALSE(recorder.batches.empty());
    EXPECT_DOUBLE_EQ(recorder.batches.back().budget, 3.6);
}

TEST_F(TrainingDashboardTest, StoredRunLoadsIntoTheHistoryAndExports)
{
    TrainingConfig config = tinyConfig(2);
    config.augment = true;
    config.augmentEvery = 1;
    config.augmentCount = 4;
    CancellationToken token;
    auto first = Trainer::run(*m_project, config, token);
    ASSERT_TRUE(first) << first.error().message;
    config.epochs = 1;
    config.augment = false;
    auto second = Trainer::run(*m_project, config, token);
    ASSERT_TRUE(second) << second.error().message;

    TrainingDashboard dashboard;
    dashboard.setProject(m_path, m_classes);
    EXPECT_EQ(dashboard.listedRuns(), (std::vector<qint64>{first->runId, second->runId}));
    EXPECT_EQ(dashboard.shownRun(), second->runId) << "the newest run is shown";
    EXPECT_EQ(dashboard.plottedEpochs(), 1);

    ASSERT_TRUE(dashboard.showRun(first->runId));
    EXPECT_EQ(dashboard.plottedEpochs(), 2);
    EXPECT_EQ(dashboard.augmentationMarkers(), 2);
    // The best epoch comes back from the stored selection scores.
    ASSERT_GE(first->bestEpoch, 0);
    EXPECT_EQ(dashboard.bestEpochMarker(), first->bestEpoch);
    EXPECT_TRUE(dashboard.finalMetricsText().contains(
        QStringLiteral("%1 (score %2)").arg(first->bestEpoch + 1).arg(first->bestScore, 0, 'f', 3)))
        << dashboard.finalMetricsText().toStdString();
    ASSERT_TRUE(dashboard.compareWith(second->runId));
    EXPECT_EQ(dashboard.comparedEpochs(), 1);
    // Final metrics side by side: both runs' last epochs, with their stored validation losses.
    const QString finals = dashboard.finalMetricsText();
    EXPECT_TRUE(finals.contains(QStringLiteral("Run %1<").arg(first->runId)))
        << finals.toStdString();
    EXPECT_TRUE(finals.contains(QStringLiteral("Run %1<").arg(second->runId)));
    EXPECT_TRUE(finals.contains(QString::number(first->last.validation.total, 'f', 3)));
    EXPECT_TRUE(finals.contains(QString::number(second->last.validation.total, 'f', 3)));
    EXPECT_FALSE(dashboard.showRun(9999));

    // A legend click hides a class line, and it stays hidden when the charts are redrawn.
    const QString className = QString::fromStdString(m_classes.at(0).name);
    ASSERT_TRUE(dashboard.isChartLineVisible(1, className));
    ASSERT_TRUE(dashboard.toggleChartLine(1, className));
    EXPECT_FALSE(dashboard.isChartLineVisible(1, className));
    ASSERT_TRUE(dashboard.compareWith(0));
    EXPECT_EQ(dashboard.comparedEpochs(), 0);
    EXPECT_FALSE(
        dashboard.finalMetricsText().contains(QStringLiteral("Run %1<").arg(second->runId)));
    EXPECT_FALSE(dashboard.isChartLineVisible(1, className));

    const QString csvPath = QString::fromStdString((m_dir.path() / "run.csv").string());
    ASSERT_TRUE(dashboard.exportCsv(csvPath));
    QFile csv(csvPath);
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split(QLatin1Char('\n'));
    ASSERT_EQ(lines.size(), 3) << "a header and one line per epoch";
    const int columns = 8 + 3 * static_cast<int>(m_classes.size()) + 1;
    EXPECT_EQ(lines[0].split(QLatin1Char(',')).size(), columns);
    EXPECT_TRUE(lines[1].startsWith(QStringLiteral("1,")));
    EXPECT_TRUE(lines[2].endsWith(QStringLiteral(",1"))) << "augmented before epoch 2";

    const QString pngPath = QString::fromStdString((m_dir.path() / "run.png").string());
    ASSERT_TRUE(dashboard.exportChartsPng(pngPath));
    const QImage image(pngPath);
    EXPECT_FALSE(image.isNull());
    EXPECT_GT(image.height(), image.width()) << "three charts stacked";
}

// Export ONNX on a finished run: both files written off the GUI thread, the comparison with the
// trained model reported; a run without a model cannot be exported.
TEST_F(TrainingDashboardTest, AFinishedRunExportsToOnnx)
{
    CancellationToken token;
    auto run = Trainer::run(*m_project, tinyConfig(1), token);
    ASSERT_TRUE(run) << run.error().message;
    auto empty = m_project->createRun(toText(tinyConfig(1)), "cpu");
    ASSERT_TRUE(empty);

    TrainingDashboard dashboard;
    dashboard.setProject(m_path, m_classes);
    QPushButton* button = nullptr;
    for (auto* candidate : dashboard.findChildren<QPushButton*>())
        if (candidate->text() == QStringLiteral("Export ONNX…"))
            button = candidate;
    ASSERT_NE(button, nullptr);
    ASSERT_TRUE(dashboard.showRun(*empty));
    EXPECT_FALSE(button->isEnabled()) << "a run without a model";
    EXPECT_FALSE(dashboard.exportShownRunToOnnx(QString::fromStdString(m_dir.path().string())));

    ASSERT_TRUE(dashboard.showRun(run->runId));
    EXPECT_TRUE(button->isEnabled());
    const auto out = m_dir.path() / "onnx";
    QSignalSpy exported(&dashboard, &TrainingDashboard::modelExported);
    ASSERT_TRUE(dashboard.exportShownRunToOnnx(QString::fromStdString(out.string())));
    EXPECT_FALSE(button->isEnabled()) << "one export at a time";
    ASSERT_TRUE(waitFor([&] { return exported.count() == 1; }));
    EXPECT_TRUE(exported.at(0).at(0).toBool()) << exported.at(0).at(1).toString().toStdString();
    EXPECT_TRUE(exported.at(0).at(1).toString().contains(QStringLiteral("differ")));
    EXPECT_TRUE(std::filesystem::is_regular_file(out / "model.onnx"));
    EXPECT_TRUE(std::filesystem::is_regular_file(out / "model.json"));
    EXPECT_TRUE(button->isEnabled());
}

// Write Job…: the form's configuration leaves as a job folder off the GUI thread; the run the
// job trains elsewhere comes back with Import Job Run… and is shown.
TEST_F(TrainingDashboardTest, AJobLeavesAndItsRunComesBack)
{
    TrainingDashboard dashboard;
    dashboard.setProject(m_path, m_classes);
    dashboard.setConfig(tinyConfig(1));
    const auto folder = m_dir.path() / "job";
    QSignalSpy written(&dashboard, &TrainingDashboard::jobWritten);
    ASSERT_TRUE(dashboard.writeJob(QString::fromStdString(folder.string()), 2, true));
    ASSERT_TRUE(waitFor([&] { return written.count() == 1; }));
    ASSERT_TRUE(written.at(0).at(0).toBool()) << written.at(0).at(1).toString().toStdString();
    EXPECT_TRUE(written.at(0).at(1).toString().contains(QStringLiteral("run.sh")));
    const auto snapshot = folder / std::filesystem::path(m_path.toStdString()).filename();
    EXPECT_EQ(dashboard.importJobRuns(QString::fromStdString(snapshot.string())), -1)
        << "nothing trained there yet";

    // "There": the job's own configuration on its snapshot.
    auto remote = ProjectDb::open(snapshot);
    ASSERT_TRUE(remote);
    CancellationToken token;
    auto run = Trainer::run(*remote, tinyConfig(1), token);
    ASSERT_TRUE(run) << run.error().message;
    const auto before = dashboard.listedRuns().size();
    EXPECT_EQ(dashboard.importJobRuns(QString::fromStdString(snapshot.string())), 1);
    ASSERT_EQ(dashboard.listedRuns().size(), before + 1);
    EXPECT_EQ(dashboard.shownRun(), dashboard.listedRuns().back());
    EXPECT_GT(dashboard.plottedEpochs(), 0);
}

TEST_F(TrainingDashboardTest, InvalidConfigurationShowsWhyAndDisablesStart)
{
    TrainingDashboard dashboard;
    dashboard.setProject(m_path, m_classes);
    EXPECT_TRUE(dashboard.isConfigValid());
    EXPECT_TRUE(dashboard.startButton()->isEnabled());

    TrainingConfig config = tinyConfig(2);
    config.pool = 12;
    dashboard.setConfig(config);
    EXPECT_FALSE(dashboard.isConfigValid());
    EXPECT_TRUE(dashboard.configMessage().contains(QStringLiteral("pool")))
        << dashboard.configMessage().toStdString();
    EXPECT_FALSE(dashboard.startButton()->isEnabled());
    EXPECT_FALSE(dashboard.startTraining());

    // The paper's preset carries five positive weights; the demo has three classes.
    dashboard.setConfig(magneticTileConfig());
    EXPECT_FALSE(dashboard.isConfigValid());
    EXPECT_TRUE(dashboard.configMessage().contains(QStringLiteral("positive weights")));

    dashboard.setConfig(tinyConfig(2));
    EXPECT_TRUE(dashboard.isConfigValid());
    EXPECT_TRUE(dashboard.configMessage().isEmpty());
    EXPECT_EQ(toText(dashboard.config()), toText(tinyConfig(2))) << "the form round-trips";
}

} // namespace dwb

namespace dwb {

// A run whose process died (the window killed mid-run) stayed "running" for ever: it is listed
// as interrupted and can be continued; a run another process holds is listed as running and
// cannot.
TEST_F(TrainingDashboardTest, AnInterruptedRunIsListedAsSuchAndCanBeContinued)
{
    CancellationToken token;
    auto run = Trainer::run(*m_project, tinyConfig(1), token);
    ASSERT_TRUE(run) << run.error().message;
    // As a killed process leaves it: stored as running, its lock free.
    ASSERT_TRUE(m_project->setRunStatus(run->runId, "running"));

    TrainingDashboard dashboard;
    dashboard.setProject(m_path, m_classes);
    auto* runs = dashboard.findChild<QComboBox*>();
    ASSERT_TRUE(runs);
    EXPECT_TRUE(runs->itemText(0).contains(QStringLiteral("interrupted")))
        << runs->itemText(0).toStdString();
    QPushButton* continueButton = nullptr;
    for (auto* button : dashboard.findChildren<QPushButton*>())
        if (button->text() == QStringLiteral("Continue Run"))
            continueButton = button;
    ASSERT_TRUE(continueButton);
    EXPECT_TRUE(continueButton->isEnabled());

    // Held by a training process (here: this one), it is running, and not to be continued.
    auto lock = RunLock::acquire(runFolder(m_project->path(), run->runId));
    ASSERT_TRUE(lock);
    dashboard.setProject(m_path, m_classes);
    EXPECT_TRUE(runs->itemText(0).contains(QStringLiteral("running")))
        << runs->itemText(0).toStdString();
    EXPECT_FALSE(continueButton->isEnabled());
}

} // namespace dwb
