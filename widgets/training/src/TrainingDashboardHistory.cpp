// The training dashboard's run history: the runs listed, the shown and compared curves, the
// final-metrics table and the exports.

#include "dwb/widgets/TrainingDashboard.h"

#include "RunCurves.h"
#include "TrainingCharts.h"
#include "TrainingProgressPanel.h"

#include "dwb/model/RunExport.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/train/RunLock.h"
#include "dwb/widgets/BackgroundJobs.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>

#include <algorithm>

namespace dwb {
namespace {

// The status of a run as displayedRunStatus gives it ("running", "interrupted", "finished",
// "cancelled", "failed") in the interface's language.
QString runStatusText(const std::string& status)
{
    if (status == "running")
        return TrainingDashboard::tr("running");
    if (status == "interrupted")
        return TrainingDashboard::tr("interrupted: continue it from its checkpoint");
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
    const int bestEpoch = curves.bestEpoch();
    const auto best = std::find_if(curves.epochs.begin(), curves.epochs.end(),
                                   [&](const EpochPoint& p) { return p.epoch == bestEpoch; });
    const QString bestCell = best == curves.epochs.end() ? TrainingDashboard::tr("–")
                                                         : TrainingDashboard::tr("%1 (score %2)")
                                                               .arg(best->epoch + 1)
                                                               .arg(best->score, 0, 'f', 3);
    QString cells = QStringLiteral("<td style=\"%1\">%2</td><td>%3</td><td>%4</td><td>%5</td>"
                                   "<td>%6</td><td>%7</td>")
                        .arg(style, TrainingDashboard::tr("Run %1").arg(curves.runId))
                        .arg(curves.epochs.size())
                        .arg(bestCell)
                        .arg(last.valTotal, 0, 'f', 3)
                        .arg(mean(last.classAp), 0, 'f', 3)
                        .arg(mean(last.classIou), 0, 'f', 3);
    for (const double ap : last.classAp)
        cells += QStringLiteral("<td>%1</td>").arg(ap, 0, 'f', 3);
    return QStringLiteral("<tr>%1</tr>").arg(cells);
}

} // namespace

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
                                 .arg(runStatusText(displayedRunStatus(m_project->path(), run)));
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
    QString header =
        QStringLiteral("<th></th><th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th>")
            .arg(tr("epochs"), tr("best epoch"), tr("val loss"), tr("mAP"), tr("pixel IoU"));
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

void TrainingDashboard::exportOnnxDialog()
{
    QSettings settings;
    const QString start =
        settings.value(QStringLiteral("export/onnxFolder"), QDir::homePath()).toString();
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Export Run %1 to ONNX").arg(m_shownRun), start);
    if (folder.isEmpty())
        return;
    settings.setValue(QStringLiteral("export/onnxFolder"), folder);
    exportShownRunToOnnx(folder);
}

bool TrainingDashboard::exportShownRunToOnnx(const QString& folder)
{
    if (m_exporting || !m_project || m_shownRun <= 0)
        return false;
    const auto run = m_project->run(m_shownRun);
    if (!run || run->modelPath.empty())
        return false;
    m_exporting = true;
    updateButtons();
    m_progress->setStatus(tr("Exporting run %1 to ONNX and checking it…").arg(m_shownRun));
    const std::filesystem::path project = m_project->path();
    const std::filesystem::path out = folder.toStdString();
    const qint64 runId = m_shownRun;
    const std::string version = QApplication::applicationVersion().toStdString();
    m_exports->start(
        [=] { return exportRun(project, runId, out, 16, version); },
        [this, runId](const Result<ExportReport>& report) {
            m_exporting = false;
            updateButtons();
            QString message;
            if (report)
                message =
                    tr("Run %1 exported to %2: model.onnx and model.json. On %3 images the "
                       "exported model's outputs differ from the trained one's by at most "
                       "%4.")
                        .arg(runId)
                        .arg(QString::fromStdString(report->onnxFile.parent_path().string()))
                        .arg(report->imagesCompared)
                        .arg(std::max(report->maskDifference, report->imageDifference), 0, 'g', 3);
            else
                message = tr("Run %1 was not exported: %2")
                              .arg(runId)
                              .arg(QString::fromStdString(report.error().message));
            m_progress->setStatus(message);
            emit modelExported(report.has_value(), message);
        });
    return true;
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

int TrainingDashboard::bestEpochMarker() const
{
    return m_charts->bestEpochMarker();
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
