#include "dwb/widgets/TrainingDashboard.h"

#include "dwb/widgets/BackgroundJobs.h"

#include "RunCurves.h"
#include "TrainingCharts.h"
#include "TrainingConfigForm.h"
#include "TrainingProgressPanel.h"

#include "dwb/storage/ProjectDb.h"
#include "dwb/train/DataDefaults.h"
#include "dwb/train/RunLock.h"
#include "dwb/train/SampleSet.h"
#include "dwb/widgets/ProjectContext.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

namespace dwb {
namespace {

// How a finished call went, for the status line: why it ended, after how many epochs, and which
// epoch became the model.
QString finishedStatus(const TrainingOutcome& outcome)
{
    const QString duration = formatDuration(outcome.seconds);
    QString text;
    switch (outcome.stopReason) {
    case StopReason::Cancelled:
        text = TrainingDashboard::tr("Run %1 stopped after %n epoch(s); it can continue from its "
                                     "checkpoint.",
                                     nullptr, outcome.epochs)
                   .arg(outcome.runId);
        break;
    case StopReason::Budget:
        text = TrainingDashboard::tr("Run %1 used its time budget: %n epoch(s) in %2.", nullptr,
                                     outcome.epochs)
                   .arg(outcome.runId)
                   .arg(duration);
        break;
    case StopReason::Patience:
        text = TrainingDashboard::tr("Run %1 stopped early, its validation score no longer "
                                     "improving: %n epoch(s) in %2.",
                                     nullptr, outcome.epochs)
                   .arg(outcome.runId)
                   .arg(duration);
        break;
    case StopReason::Epochs:
        text = TrainingDashboard::tr("Run %1 finished: %n epoch(s) in %2.", nullptr, outcome.epochs)
                   .arg(outcome.runId)
                   .arg(duration);
        break;
    }
    if (outcome.bestEpoch >= 0)
        text += QLatin1Char(' ') + TrainingDashboard::tr("Best epoch %1, score %2.")
                                       .arg(outcome.bestEpoch + 1)
                                       .arg(outcome.bestScore, 0, 'f', 3);
    return text;
}

} // namespace

TrainingDashboard::TrainingDashboard(QWidget* parent)
    : QWidget(parent)
    , m_worker(new TrainingWorker(this))
    , m_live(std::make_unique<RunCurves>())
    , m_shown(std::make_unique<RunCurves>())
    , m_compare(std::make_unique<RunCurves>())
{
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    auto* scroll = new QScrollArea(splitter);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    QWidget* controls = createControls();
    scroll->setWidget(controls);
    scroll->setMinimumWidth(controls->sizeHint().width() + 24);
    splitter->addWidget(scroll);
    splitter->addWidget(createHistory());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({360, 840});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    connectWorker();
    m_form->setClassCount(0);
    updateButtons();
}

TrainingDashboard::~TrainingDashboard()
{
    m_worker->stop();
    m_worker->wait();
}

QWidget* TrainingDashboard::createControls()
{
    auto* controls = new QWidget(this);
    auto* configBox = new QGroupBox(tr("Configuration"), controls);
    m_form = new TrainingConfigForm(configBox);
    (new QVBoxLayout(configBox))->addWidget(m_form);

    m_start = new QPushButton(tr("Start"), controls);
    m_pause = new QPushButton(tr("Pause"), controls);
    m_stop = new QPushButton(tr("Stop"), controls);
    m_stop->setToolTip(tr("Stop after the current batch; the last completed epoch is kept in a "
                          "checkpoint from which the run can continue."));
    m_writeJob = new QPushButton(tr("Write Job…"), controls);
    m_writeJob->setToolTip(tr("Hand this configuration to another machine (a GPU server, a "
                              "cluster): a folder with a snapshot of the project and the exact "
                              "command to train it there with one or more processes."));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_writeJob);

    m_progress = new TrainingProgressPanel(controls);

    auto* layout = new QVBoxLayout(controls);
    layout->addWidget(configBox);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addStretch(1);

    connect(m_form, &TrainingConfigForm::changed, this, &TrainingDashboard::updateButtons);
    connect(m_start, &QPushButton::clicked, this, [this] { startTraining(); });
    connect(m_pause, &QPushButton::clicked, this, &TrainingDashboard::togglePause);
    connect(m_stop, &QPushButton::clicked, this, &TrainingDashboard::stopTraining);
    connect(m_writeJob, &QPushButton::clicked, this, &TrainingDashboard::writeJobDialog);
    return controls;
}

QWidget* TrainingDashboard::createHistory()
{
    auto* history = new QWidget(this);
    m_runs = new QComboBox(history);
    m_runs->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_compareRuns = new QComboBox(history);
    m_compareRuns->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_continue = new QPushButton(tr("Continue Run"), history);
    m_continue->setToolTip(tr("Continue training the shown run from its checkpoint up to the "
                              "epochs set in the configuration; with a time budget set there, "
                              "up to that budget in all (otherwise the run keeps its own)."));
    m_exportOnnx = new QPushButton(tr("Export ONNX…"), history);
    m_exportOnnx->setToolTip(tr("Export the shown run's model for deployment: model.onnx and "
                                "model.json, checked against the trained model on the project's "
                                "images."));
    m_exports = new BackgroundJobs(1, this);
    auto* png = new QPushButton(tr("Export PNG…"), history);
    auto* csv = new QPushButton(tr("Export CSV…"), history);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Run:"), history));
    bar->addWidget(m_runs);
    bar->addWidget(new QLabel(tr("Compare with:"), history));
    bar->addWidget(m_compareRuns);
    bar->addWidget(m_continue);
    bar->addStretch(1);
    bar->addWidget(createImportJobButton(history));
    bar->addWidget(m_exportOnnx);
    bar->addWidget(png);
    bar->addWidget(csv);

    m_charts = new TrainingCharts(history);
    m_final = new QLabel(history);
    m_final->setTextFormat(Qt::RichText);
    m_final->setToolTip(tr("The last epoch of each run, on the validation split, and the "
                           "epoch with the best validation score"));
    auto* layout = new QVBoxLayout(history);
    layout->addLayout(bar);
    layout->addWidget(m_final);
    layout->addWidget(m_charts, 1);

    connect(m_runs, &QComboBox::activated, this,
            [this] { showRun(m_runs->currentData().toLongLong()); });
    connect(m_compareRuns, &QComboBox::activated, this,
            [this] { compareWith(m_compareRuns->currentData().toLongLong()); });
    connect(m_continue, &QPushButton::clicked, this, [this] {
        const TrainingConfig config = m_form->config();
        continueRun(m_shownRun, config.epochs, config.minutes);
    });
    connect(m_exportOnnx, &QPushButton::clicked, this, &TrainingDashboard::exportOnnxDialog);
    connect(png, &QPushButton::clicked, this, &TrainingDashboard::exportPngDialog);
    connect(csv, &QPushButton::clicked, this, &TrainingDashboard::exportCsvDialog);
    connect(m_charts, &TrainingCharts::exportPngRequested, this,
            &TrainingDashboard::exportPngDialog);
    connect(m_charts, &TrainingCharts::exportCsvRequested, this,
            &TrainingDashboard::exportCsvDialog);
    return history;
}

void TrainingDashboard::connectWorker()
{
    connect(m_worker, &TrainingWorker::started, this, &TrainingDashboard::onStarted);
    connect(m_worker, &TrainingWorker::batchProgress, this, &TrainingDashboard::onBatch);
    connect(m_worker, &TrainingWorker::epochFinished, this, &TrainingDashboard::onEpoch);
    connect(m_worker, &TrainingWorker::augmented, this, &TrainingDashboard::onAugment);
    connect(m_worker, &TrainingWorker::message, m_progress, &TrainingProgressPanel::setStatus);
    connect(m_worker, &TrainingWorker::finished, this, &TrainingDashboard::onFinished);
    connect(m_worker, &TrainingWorker::failed, this, &TrainingDashboard::onFailed);
}

TrainingConfig TrainingDashboard::config() const
{
    return m_form->config();
}

void TrainingDashboard::setConfig(const TrainingConfig& config)
{
    m_form->setConfig(config);
}

bool TrainingDashboard::isConfigValid() const
{
    return m_form->isValid();
}

QString TrainingDashboard::configMessage() const
{
    return m_form->validationMessage();
}

QString TrainingDashboard::configWarning() const
{
    return m_form->warningMessage();
}

bool TrainingDashboard::startTraining()
{
    if (m_training || !m_project || !m_form->isValid())
        return false;
    if (!m_worker->start(m_projectPath, m_form->config()))
        return false;
    m_training = true;
    m_progress->reset();
    m_progress->setStatus(tr("Preparing the data…"));
    updateButtons();
    return true;
}

bool TrainingDashboard::continueRun(qint64 runId, int epochs, double minutes)
{
    if (m_training || !m_project || runId <= 0)
        return false;
    if (!m_worker->resume(m_projectPath, runId, epochs, minutes))
        return false;
    m_training = true;
    m_progress->reset();
    m_progress->setStatus(tr("Restoring run %1…").arg(runId));
    updateButtons();
    return true;
}

void TrainingDashboard::togglePause()
{
    if (!m_training)
        return;
    if (m_worker->isPaused()) {
        m_worker->resumeTraining();
        m_progress->setStatus(tr("Training"));
    } else {
        m_worker->pause();
        m_progress->setStatus(tr("Paused after the current batch"));
    }
    updateButtons();
}

void TrainingDashboard::stopTraining()
{
    if (!m_training)
        return;
    m_worker->stop();
    m_progress->setStatus(tr("Stopping: writing the checkpoint…"));
    updateButtons();
}

void TrainingDashboard::onStarted(const RunStart& start)
{
    // A resumed run continues its stored curve.
    auto stored = m_project ? loadRunCurves(*m_project, start.runId) : Result<RunCurves>{};
    *m_live = stored ? std::move(*stored) : RunCurves{};
    m_live->runId = start.runId;
    m_shownRun = start.runId;
    m_progress->runStarted(start);
    QString status = tr("Run %1: %2 training and %3 validation images at %4 × %5, pool %6")
                         .arg(start.runId)
                         .arg(start.trainSamples)
                         .arg(start.validationSamples)
                         .arg(start.inputHeight)
                         .arg(start.inputWidth)
                         .arg(start.pool);
    status += QLatin1Char(' ') + (start.patchSize > 0
                                      ? tr("Training on %1-pixel patches.").arg(start.patchSize)
                                      : tr("Training on whole images."));
    if (start.budgetSeconds > 0)
        status +=
            QLatin1Char(' ') + tr("Time budget: %1.").arg(formatDuration(start.budgetSeconds));
    m_progress->setStatus(status);
    reloadRuns();
    redraw();
    announceRuns();
    emit trainingStarted(start.runId);
}

void TrainingDashboard::onBatch(const BatchProgress& progress)
{
    m_progress->batchDone(progress);
}

void TrainingDashboard::onEpoch(const EpochSummary& summary)
{
    m_live->add(summary);
    m_progress->epochDone(summary);
    if (m_shownRun == m_live->runId)
        redraw();
    announceRuns(); // the epoch's model is on disk: the run can be evaluated
    emit epochPlotted(summary.epoch);
}

void TrainingDashboard::onAugment(const AugmentEvent& event)
{
    m_live->addAugmentation(event.epoch);
    m_progress->setStatus(
        tr("Guided crop: %n synthetic image(s) from epoch %1", nullptr, event.images)
            .arg(event.epoch + 1));
    if (m_shownRun == m_live->runId)
        redraw();
}

void TrainingDashboard::onFinished(const TrainingOutcome& outcome)
{
    m_training = false;
    m_progress->setStatus(finishedStatus(outcome));
    m_progress->runEnded(!outcome.cancelled);
    m_progress->showOutcome(outcome);
    reloadRuns();
    showRun(outcome.runId);
    updateButtons();
    announceRuns();
    emit trainingFinished(outcome);
}

void TrainingDashboard::onFailed(const QString& message)
{
    m_training = false;
    m_progress->setStatus(tr("Training failed: %1").arg(message));
    m_progress->runEnded(false);
    reloadRuns();
    updateButtons();
    announceRuns();
    emit trainingFailed(message);
}

void TrainingDashboard::updateButtons()
{
    m_start->setEnabled(!m_training && m_project && m_form->isValid());
    m_form->setEnabled(!m_training);
    m_pause->setEnabled(m_training);
    m_pause->setText(m_worker->isPaused() ? tr("Resume") : tr("Pause"));
    m_stop->setEnabled(m_training);
    bool resumable = false;
    bool exportable = false;
    if (m_project && m_shownRun > 0) {
        if (auto run = m_project->run(m_shownRun)) {
            // An interrupted run continues from its checkpoint, or starts again without one.
            const std::string status = displayedRunStatus(m_project->path(), *run);
            resumable = !m_training && (status == "interrupted" ||
                                        (!run->checkpointPath.empty() && status != "running"));
            exportable = !m_exporting && !run->modelPath.empty();
        }
    }
    m_continue->setEnabled(resumable);
    m_exportOnnx->setEnabled(exportable);
    m_writeJob->setEnabled(m_project && !m_exporting && m_form->isValid());
}

QString TrainingDashboard::remainingText() const
{
    return m_progress->remainingText();
}

QString TrainingDashboard::outcomeText() const
{
    return m_progress->outcomeText();
}

} // namespace dwb
