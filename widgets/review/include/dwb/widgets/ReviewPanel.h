#pragma once

#include "dwb/storage/ProjectTypes.h"

#include <QImage>
#include <QString>
#include <QWidget>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QListWidget;
class QTabWidget;
class QProgressBar;
class QPushButton;
class QSlider;
class QStackedWidget;
class QTimer;

namespace dwb {

class BackgroundJobs;
class ProjectContext;
struct PredictionSetInfo;

class ReviewMetricsView;

struct ReviewPanelData; // the loaded samples, their pictures and the current review

// Error review of a run's cached predictions (dwb eval): for one class at a threshold, the
// image-level and blob-level false positives and false negatives as a gallery, with the
// confusion counts, precision and recall. Loading a prediction set runs on a worker thread;
// moving a threshold re-scores the cache on the GUI thread and never runs the model.
// Double-clicking a tile opens its sample (sampleActivated, then reviewSampleActivated with the
// predicted mask). A row above the review evaluates a trained run on a split (evaluateRun, on
// the worker thread) and then opens its predictions.
class ReviewPanel : public QWidget {
    Q_OBJECT

public:
    explicit ReviewPanel(QWidget* parent = nullptr);
    ~ReviewPanel() override;

    // The project file and its classes; lists its prediction sets and loads the newest run's
    // (its test split when there is one). An empty path clears the panel.
    void setProject(const QString& projectPath, std::vector<ClassInfo> classes);
    // Follows `context`'s announcements: runs trained or advanced elsewhere join the evaluation
    // row as they happen. The context outlives the panel.
    void followProject(ProjectContext* context);
    // Lists the project's trained runs again, keeping the chosen one.
    void refreshRuns();

    // The class reviewed (mask bit / class table position).
    void setClass(int classIndex);
    int currentClass() const;
    // The image-level decision threshold of a class, in [0, 1]; each class keeps its own. It
    // starts at the set's calibrated threshold of the class when the model had them, else at
    // the set's one threshold. The slider moves it.
    void setThreshold(int classIndex, double threshold);
    double threshold(int classIndex) const;
    // The pixel threshold of a class, which cuts the blobs and the predicted mask: the set's
    // calibrated one when the model had them, else the image-level threshold.
    double pixelThreshold(int classIndex) const;
    // The thresholds shown beside the slider ("image 0.420 · pixels 0.310").
    QString thresholdText() const;
    // What the gallery lists: false positives or false negatives, whole images or blobs.
    void setShowing(bool falsePositives, bool blobs);

    // True once the selected prediction set is loaded (loaded() was emitted).
    bool isLoaded() const { return m_loaded; }
    int galleryCount() const;
    QListWidget* gallery() const { return m_gallery; }
    // For tests: the metrics table's rows (classes and the mean) and the PR curve's points.
    int metricsRows() const;
    int curvePoints() const;
    ReviewMetricsView* metricsView() const { return m_metrics; }
    // The text shown instead of the review when there is nothing to review; empty otherwise.
    QString emptyText() const;
    // The summary line: TP/FP/FN/TN, precision and recall.
    QString summaryText() const;

    // Evaluates the run chosen in the evaluation row on the chosen split (the button's action).
    void evaluate();
    bool isEvaluating() const { return m_evaluating; }
    QPushButton* evaluateButton() const { return m_evaluate; }
    QComboBox* evaluationRunBox() const { return m_evalRun; }
    QComboBox* evaluationSplitBox() const { return m_evalSplit; }
    // The evaluation row's status line: progress, the result or the error.
    QString evaluationStatus() const;

signals:
    void loaded();
    void failed(const QString& message);
    void sampleActivated(qint64 sampleId);
    // Emitted right after sampleActivated for a double-clicked tile: the reviewed class and its
    // predicted pixels at its pixel threshold, resized (nearest) to the sample's image size, as
    // a Format_Grayscale16 class mask holding bit classIndex (MaskEditor::setPredictionLayer).
    void reviewSampleActivated(qint64 sampleId, int classIndex, QImage predictedClassMask);

private:
    struct SetKey {
        std::int64_t runId = 0;
        std::string split;
        double threshold = 0.5;
        std::vector<double> imageThresholds; // per class when calibrated; else empty
        std::vector<double> pixelThresholds;
    };

    QWidget* makeEvaluationRow();
    QWidget* makeReviewPage();
    void listSets(std::vector<PredictionSetInfo> sets, const SetKey& preferred);
    void listRuns(const std::vector<RunRecord>& runs);
    void setEvaluationBusy(bool busy);
    // `message` is the outcome (ok) or the core's error.
    void onEvaluated(SetKey key, bool ok, const QString& message);
    void showEmpty(const QString& text);
    void loadSet(int index);
    void onLoaded(std::shared_ptr<ReviewPanelData> loadedData);
    void onClassChanged();
    void onSliderMoved(int value);
    void refresh();
    void setUpGallery();
    void fillGallery();
    void addGalleryTile(const QImage& image, const QString& text, std::int64_t sampleId);
    void emitReviewSample(qint64 sampleId);

    QString m_projectPath;
    std::vector<ClassInfo> m_classes;
    std::vector<SetKey> m_sets;
    std::vector<double> m_thresholds;      // per class: image level
    std::vector<double> m_pixelThresholds; // per class; negative: the image-level one
    std::unique_ptr<ReviewPanelData> m_data;
    bool m_loaded = false;
    BackgroundJobs* m_loads;       // the latest load counts; another project drops the rest
    BackgroundJobs* m_evaluations; // another project drops the result
    QTimer* m_rescore;             // coalesces slider moves
    SetKey m_preferredSet;         // the set setProject selects when listed (runId 0: none)
    bool m_evaluating = false;
    std::shared_ptr<std::atomic<bool>> m_cancelEvaluation;

    QStackedWidget* m_stack;
    QLabel* m_empty;
    QComboBox* m_set;
    QComboBox* m_class;
    QSlider* m_slider;
    QLabel* m_thresholdLabel;
    QLabel* m_summary;
    QComboBox* m_kind;
    QComboBox* m_level;
    QLabel* m_note;
    QListWidget* m_gallery;
    QTabWidget* m_views = nullptr;
    ReviewMetricsView* m_metrics = nullptr;
    QComboBox* m_evalRun;
    QComboBox* m_evalSplit;
    QPushButton* m_evaluate;
    QProgressBar* m_evalBusy;
    QLabel* m_evalStatus;
};

} // namespace dwb
