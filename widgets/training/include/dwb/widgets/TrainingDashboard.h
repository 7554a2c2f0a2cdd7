#pragma once

// The training panel: configuration, start/pause/stop, progress and live charts, and the run
// history of the project. Torch-free; QCustomPlot stays inside the library.

#include "dwb/storage/ProjectTypes.h"
#include "dwb/train/TrainingConfig.h"
#include "dwb/widgets/TrainingWorker.h"

#include <QString>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;

namespace dwb {

class BackgroundJobs;
class ProjectContext;

class ProjectDb;
class TrainingCharts;
class TrainingConfigForm;
class TrainingProgressPanel;
struct RunCurves;

// Trains on the project through a TrainingWorker (its own thread and ProjectDb) and reads the
// run history through a read-only use of a ProjectDb of its own, on the GUI thread.
class TrainingDashboard : public QWidget {
    Q_OBJECT

public:
    explicit TrainingDashboard(QWidget* parent = nullptr);
    // Stops a running training and waits for its checkpoint.
    ~TrainingDashboard() override;

    // The project to train on, with its classes in bit order; an empty path closes it. Ignored
    // while training (the run keeps its project).
    void setProject(const QString& path, std::vector<ClassInfo> classes);
    QString projectPath() const { return m_projectPath; }
    // Announces through `context` each run this page starts, advances by an epoch or ends, so
    // that the other pages list it at once. The context outlives the page.
    void followProject(ProjectContext* context) { m_context = context; }

    bool isTraining() const { return m_training; }
    TrainingWorker* worker() const { return m_worker; }

    TrainingConfig config() const;
    void setConfig(const TrainingConfig& config);
    bool isConfigValid() const;
    // The inline validation message; empty when the configuration is valid.
    QString configMessage() const;
    // What the form warns of while the configuration is valid (a batch larger than the split).
    QString configWarning() const;

    // As the buttons do. startTraining is false when nothing could start.
    bool startTraining();
    // Up to `epochs` in all and, when `minutes` is positive, that time budget in all (0: the
    // run's own budget).
    bool continueRun(qint64 runId, int epochs, double minutes = 0);
    void togglePause();
    void stopTraining();

    // Run history: the project's runs, newest last.
    std::vector<qint64> listedRuns() const;
    // Shows a run's curves (the live one while it trains, else as stored); false if unknown.
    bool showRun(qint64 runId);
    // Draws a second run dashed; 0 removes it.
    bool compareWith(qint64 runId);
    qint64 shownRun() const;

    bool exportChartsPng(const QString& path) const;
    bool exportCsv(const QString& path) const;
    // Exports the shown run's model to `folder` (model.onnx and model.json, checked against
    // LibTorch on the project's images: dwb/model/ModelExport.h) off the GUI thread; the result
    // arrives as modelExported and in the status line. False when no shown run has a model.
    bool exportShownRunToOnnx(const QString& folder);
    // Writes the form's configuration as a training job for another machine (a snapshot of the
    // project, optionally with its images, and the exact dwb train command for `processes`:
    // dwb/train/TrainingJob.h) off the GUI thread; the result arrives as jobWritten and in the
    // status line. False when no project is open or a job or export is being written.
    bool writeJob(const QString& folder, int processes, bool copyImages);
    // Copies the runs a job trained (its project at `jobProject`) into this project and shows
    // the last; the number of runs brought back, or -1 with the reason in the status line.
    int importJobRuns(const QString& jobProject);

    // For tests: what the charts hold.
    int plottedEpochs() const;
    int comparedEpochs() const;
    int augmentationMarkers() const;
    // The 0-based epoch the charts mark as the shown run's best; -1: none.
    int bestEpochMarker() const;
    // The progress panel's rows: the time remaining and why the last run ended.
    QString remainingText() const;
    QString outcomeText() const;
    // The final-metrics table beside the charts: the last epoch of the shown and compared runs.
    QString finalMetricsText() const;
    // Chart 0: losses, 1: per-class validation loss, 2: per-class IoU and AP. A line is named
    // as in its legend; toggling is what a legend click does.
    bool toggleChartLine(int chart, const QString& name);
    bool isChartLineVisible(int chart, const QString& name) const;
    QPushButton* startButton() const { return m_start; }

signals:
    void trainingStarted(qint64 runId);
    // After the charts and history took the outcome in.
    void trainingFinished(const dwb::TrainingOutcome& outcome);
    void trainingFailed(const QString& message);
    void epochPlotted(int epoch);
    // `message` says where the files are and how close the two runtimes came, or why not.
    void modelExported(bool ok, const QString& message);
    // `message` says where the job is and what to run there, or why it was not written.
    void jobWritten(bool ok, const QString& message);

private:
    QWidget* createControls();
    QWidget* createHistory();
    void connectWorker();
    void onStarted(const RunStart& start);
    void onBatch(const BatchProgress& progress);
    void onEpoch(const EpochSummary& summary);
    void onAugment(const AugmentEvent& event);
    void onFinished(const TrainingOutcome& outcome);
    void announceRuns();
    void showTrainData();
    void onFailed(const QString& message);
    void reloadRuns();
    void redraw();
    void updateButtons();
    void exportPngDialog();
    void exportCsvDialog();
    void exportOnnxDialog();
    void writeJobDialog();
    QPushButton* createImportJobButton(QWidget* parent);
    void importJobRunDialog();

    TrainingWorker* m_worker;
    QString m_projectPath;
    std::vector<ClassInfo> m_classes;
    std::unique_ptr<ProjectDb> m_project;
    bool m_training = false;

    std::unique_ptr<RunCurves> m_live;    // the run being trained
    std::unique_ptr<RunCurves> m_shown;   // a stored run
    std::unique_ptr<RunCurves> m_compare; // drawn dashed; runId 0: none
    qint64 m_shownRun = 0;

    TrainingConfigForm* m_form = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_pause = nullptr;
    QPushButton* m_stop = nullptr;
    QPushButton* m_continue = nullptr;
    QPushButton* m_exportOnnx = nullptr;
    QPushButton* m_writeJob = nullptr;
    BackgroundJobs* m_exports = nullptr; // one export at a time
    bool m_exporting = false;
    TrainingProgressPanel* m_progress = nullptr;
    QComboBox* m_runs = nullptr;
    QComboBox* m_compareRuns = nullptr;
    TrainingCharts* m_charts = nullptr;
    QLabel* m_final = nullptr;
    ProjectContext* m_context = nullptr;
};

} // namespace dwb
