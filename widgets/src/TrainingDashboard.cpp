#include "dwb/widgets/TrainingDashboard.h"

#include "RunCurves.h"
#include "TrainingCharts.h"
#include "TrainingConfigForm.h"
#include "TrainingProgressPanel.h"

#include "dwb/storage/ProjectDb.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>

namespace dwb {
namespace {

// The stored status of a run ("running", "finished", "cancelled", "failed") in the interface's
// language.
QString runStatusText(const std::string& status)
{
    if (status == "running")
        return TrainingDashboard::tr("running");
    if (status == "finished")
        return TrainingDashboard::tr("finished");
    if (status == "cancelled")
        return TrainingDashboard::tr("stopped");
    if (status == "failed")
        return TrainingDashboard::tr("failed");
    return QString::fromStdString(status);
}

// One row of the final-metrics table: the last epoch's validation numbers of a run.
QString finalMetricsRow(const RunCurves& curves, const QString& style)
{
    const EpochPoint& last = curves.epochs.back();
    auto mean = [](const std::vector<double>& values) {
        double sum = 0;
        for (const double v : values)
            sum += v;
        return values.empty() ? 0.0 : sum / static_cast<double>(values.size());
    };
    QString cells = QStringLiteral("<td style=\"%1\">%2</td><td>%3</td><td>%4</td><td>%5</td>"
                                   "<td>%6</td>")
                        .arg(style, TrainingDashboard::tr("Run %1").arg(curves.runId))
                        .arg(curves.epochs.size())
                        .arg(last.valTotal, 0, 'f', 3)
                        .arg(mean(last.classAp), 0, 'f', 3)
                        .arg(mean(last.classIou), 0, 'f', 3);
    for (const double ap : last.classAp)
        cells += QStringLiteral("<td>%1</td>").arg(ap, 0, 'f', 3);
    return QStringLiteral("<tr>%1</tr>").arg(cells);
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
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_stop);

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
                              "epochs set in the configuration."));
    auto* png = new QPushButton(tr("Export PNG…"), history);
    auto* csv = new QPushButton(tr("Export CSV…"), history);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Run:"), history));
    bar->addWidget(m_runs);
    bar->addWidget(new QLabel(tr("Compare with:"), history));
    bar->addWidget(m_compareRuns);
    bar->addWidget(m_continue);
    bar->addStretch(1);
    bar->addWidget(png);
    bar->addWidget(csv);

    m_charts = new TrainingCharts(history);
    m_final = new QLabel(history);
    m_final->setTextFormat(Qt::RichText);
    m_final->setToolTip(tr("The last epoch of each run, on the validation split"));
    auto* layout = new QVBoxLayout(history);
    layout->addLayout(bar);
    layout->addWidget(m_final);
    layout->addWidget(m_charts, 1);

    connect(m_runs, &QComboBox::activated, this,
            [this] { showRun(m_runs->currentData().toLongLong()); });
    connect(m_compareRuns, &QComboBox::activated, this,
            [this] { compareWith(m_compareRuns->currentData().toLongLong()); });
    connect(m_continue, &QPushButton::clicked, this,
            [this] { continueRun(m_shownRun, m_form->config().epochs); });
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

void TrainingDashboard::setProject(const QString& path, std::vector<ClassInfo> classes)
{
    if (m_training)
        return;
    m_projectPath = path;
    m_classes = std::move(classes);
    m_project.reset();
    if (!path.isEmpty()) {
        auto project = ProjectDb::open(path.toStdString());
        if (project)
            m_project = std::make_unique<ProjectDb>(std::move(*project));
        else
            m_progress->setStatus(tr("Cannot open the project: %1")
                                      .arg(QString::fromStdString(project.error().message)));
    }
    m_form->setClassCount(static_cast<int>(m_classes.size()));
    m_charts->setClasses(m_classes);
    *m_live = RunCurves{};
    *m_shown = RunCurves{};
    *m_compare = RunCurves{};
    m_shownRun = 0;
    reloadRuns();
    const std::vector<qint64> runs = listedRuns();
    if (runs.empty() || !showRun(runs.back()))
        m_charts->clear();
    updateButtons();
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

bool TrainingDashboard::continueRun(qint64 runId, int epochs)
{
    if (m_training || !m_project || runId <= 0)
        return false;
    if (!m_worker->resume(m_projectPath, runId, epochs))
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
    m_progress->setStatus(tr("Run %1: %2 training and %3 validation images at %4 × %5, pool %6")
                              .arg(start.runId)
                              .arg(start.trainSamples)
                              .arg(start.validationSamples)
                              .arg(start.inputHeight)
                              .arg(start.inputWidth)
                              .arg(start.pool));
    reloadRuns();
    redraw();
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
    m_progress->setStatus(outcome.cancelled
                              ? tr("Run %1 stopped after %n epoch(s); it can continue from its "
                                   "checkpoint.",
                                   nullptr, outcome.epochs)
                                    .arg(outcome.runId)
                              : tr("Run %1 finished: %n epoch(s) in %2.", nullptr, outcome.epochs)
                                    .arg(outcome.runId)
                                    .arg(formatDuration(outcome.seconds)));
    m_progress->runEnded(!outcome.cancelled);
    reloadRuns();
    showRun(outcome.runId);
    updateButtons();
    emit trainingFinished(outcome);
}

void TrainingDashboard::onFailed(const QString& message)
{
    m_training = false;
    m_progress->setStatus(tr("Training failed: %1").arg(message));
    m_progress->runEnded(false);
    reloadRuns();
    updateButtons();
    emit trainingFailed(message);
}

void TrainingDashboard::reloadRuns()
{
    const QSignalBlocker blockRuns(m_runs);
    const QSignalBlocker blockCompare(m_compareRuns);
    m_runs->clear();
    m_compareRuns->clear();
    m_compareRuns->addItem(tr("None"), qint64(0));
    if (!m_project)
        return;
    auto runs = m_project->runs();
    if (!runs)
        return;
    for (const RunRecord& run : *runs) {
        const QString text = tr("Run %1: %2, %n epoch(s)", nullptr, run.epochsDone)
                                 .arg(run.id)
                                 .arg(runStatusText(run.status));
        m_runs->addItem(text, qint64(run.id));
        m_compareRuns->addItem(text, qint64(run.id));
    }
    m_runs->setCurrentIndex(m_runs->findData(m_shownRun));
    m_compareRuns->setCurrentIndex(std::max(0, m_compareRuns->findData(qint64(m_compare->runId))));
}

std::vector<qint64> TrainingDashboard::listedRuns() const
{
    std::vector<qint64> runs;
    for (int i = 0; i < m_runs->count(); ++i)
        runs.push_back(m_runs->itemData(i).toLongLong());
    return runs;
}

bool TrainingDashboard::showRun(qint64 runId)
{
    if (m_training && runId == m_live->runId) {
        m_shownRun = runId;
    } else {
        if (!m_project || !m_project->run(runId))
            return false;
        auto curves = loadRunCurves(*m_project, runId);
        if (!curves) {
            m_progress->setStatus(QString::fromStdString(curves.error().message));
            return false;
        }
        *m_shown = std::move(*curves);
        m_shownRun = runId;
    }
    const QSignalBlocker block(m_runs);
    m_runs->setCurrentIndex(m_runs->findData(runId));
    redraw();
    updateButtons();
    return true;
}

bool TrainingDashboard::compareWith(qint64 runId)
{
    if (runId == 0) {
        *m_compare = RunCurves{};
    } else {
        if (!m_project || !m_project->run(runId))
            return false;
        auto curves = loadRunCurves(*m_project, runId);
        if (!curves)
            return false;
        *m_compare = std::move(*curves);
    }
    const QSignalBlocker block(m_compareRuns);
    m_compareRuns->setCurrentIndex(std::max(0, m_compareRuns->findData(runId)));
    redraw();
    return true;
}

qint64 TrainingDashboard::shownRun() const
{
    return m_shownRun;
}

void TrainingDashboard::redraw()
{
    const RunCurves* curves = m_shownRun == 0                ? nullptr
                              : m_shownRun == m_live->runId  ? m_live.get()
                              : m_shownRun == m_shown->runId ? m_shown.get()
                                                             : nullptr;
    const RunCurves empty;
    m_charts->show(curves ? *curves : empty, m_compare->runId != 0 ? m_compare.get() : nullptr);

    // Final metrics side by side: the shown run, then the compared one (its lines are dashed).
    QString rows;
    if (curves && !curves->epochs.empty())
        rows += finalMetricsRow(*curves, QStringLiteral("font-weight:bold"));
    if (m_compare->runId != 0 && !m_compare->epochs.empty())
        rows += finalMetricsRow(*m_compare, QStringLiteral("font-style:italic"));
    if (rows.isEmpty()) {
        m_final->clear();
        return;
    }
    QString header = QStringLiteral("<th></th><th>%1</th><th>%2</th><th>%3</th><th>%4</th>")
                         .arg(tr("epochs"), tr("val loss"), tr("mAP"), tr("pixel IoU"));
    for (const ClassInfo& c : m_classes)
        header += QStringLiteral("<th style=\"color:%1\">%2 AP</th>")
                      .arg(QString::fromStdString(c.color),
                           QString::fromStdString(c.name).toHtmlEscaped());
    m_final->setText(QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\"><tr>%1</tr>%2"
                                    "</table>")
                         .arg(header, rows));
}

QString TrainingDashboard::finalMetricsText() const
{
    return m_final->text();
}

void TrainingDashboard::updateButtons()
{
    m_start->setEnabled(!m_training && m_project && m_form->isValid());
    m_form->setEnabled(!m_training);
    m_pause->setEnabled(m_training);
    m_pause->setText(m_worker->isPaused() ? tr("Resume") : tr("Pause"));
    m_stop->setEnabled(m_training);
    bool resumable = false;
    if (!m_training && m_project && m_shownRun > 0)
        if (auto run = m_project->run(m_shownRun))
            resumable = !run->checkpointPath.empty() && run->status != "failed";
    m_continue->setEnabled(resumable);
}

bool TrainingDashboard::exportChartsPng(const QString& path) const
{
    return m_charts->savePng(path);
}

bool TrainingDashboard::exportCsv(const QString& path) const
{
    const RunCurves& curves = m_shownRun == m_live->runId ? *m_live : *m_shown;
    if (m_shownRun == 0 || curves.runId != m_shownRun)
        return false;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return false;
    const QByteArray bytes = curvesToCsv(curves, m_classes).toUtf8();
    return file.write(bytes) == bytes.size();
}

void TrainingDashboard::exportPngDialog()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save Charts"), tr("run-%1.png").arg(m_shownRun), tr("PNG images (*.png)"));
    if (!path.isEmpty() && !exportChartsPng(path))
        QMessageBox::warning(this, tr("Save Charts"), tr("Cannot write %1.").arg(path));
}

void TrainingDashboard::exportCsvDialog()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Data"), tr("run-%1.csv").arg(m_shownRun), tr("CSV files (*.csv)"));
    if (!path.isEmpty() && !exportCsv(path))
        QMessageBox::warning(this, tr("Export Data"), tr("Cannot write %1.").arg(path));
}

int TrainingDashboard::plottedEpochs() const
{
    return m_charts->plottedEpochs();
}

int TrainingDashboard::comparedEpochs() const
{
    return m_charts->comparedEpochs();
}

int TrainingDashboard::augmentationMarkers() const
{
    return m_charts->augmentationMarkers();
}

bool TrainingDashboard::toggleChartLine(int chart, const QString& name)
{
    return m_charts->toggleLine(chart, name);
}

bool TrainingDashboard::isChartLineVisible(int chart, const QString& name) const
{
    return m_charts->isLineVisible(chart, name);
}

} // namespace dwb
