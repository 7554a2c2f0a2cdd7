#include "dwb/widgets/ReviewPanel.h"

#include "ReviewMetricsView.h"
#include "ReviewPanelData.h"

#include "dwb/eval/ErrorReview.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/widgets/BackgroundJobs.h"
#include "dwb/widgets/ProjectContext.h"
#include "dwb/widgets/UiHelpers.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace dwb {

namespace {

constexpr int kSliderSteps = 1000;
constexpr int kRescoreDelayMs = 40;

// The slider's pair of thresholds: the image-level one it moves and the pixel one the blobs and
// the predicted mask use.
QString thresholdPairText(double image, double pixels)
{
    return ReviewPanel::tr("image %1 · pixels %2").arg(image, 0, 'f', 3).arg(pixels, 0, 'f', 3);
}

} // namespace

ReviewPanel::ReviewPanel(QWidget* parent)
    : QWidget(parent)
    , m_loads(new BackgroundJobs(1, this))
    , m_evaluations(new BackgroundJobs(1, this))
    , m_rescore(new QTimer(this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(this))
    , m_set(new QComboBox(this))
    , m_class(new QComboBox(this))
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_thresholdLabel(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_kind(new QComboBox(this))
    , m_level(new QComboBox(this))
    , m_note(new QLabel(this))
    , m_gallery(new QListWidget(this))
    , m_evalRun(new QComboBox(this))
    , m_evalSplit(new QComboBox(this))
    , m_evaluate(new QPushButton(tr("Evaluate"), this))
    , m_evalBusy(new QProgressBar(this))
    , m_evalStatus(new QLabel(this))
{
    m_rescore->setSingleShot(true);
    m_rescore->setInterval(kRescoreDelayMs);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_slider->setRange(0, kSliderSteps);
    m_slider->setToolTip(tr("Decision threshold of this class: moving it re-scores the cached "
                            "predictions without running the model"));
    m_thresholdLabel->setMinimumWidth(40);
    m_thresholdLabel->setToolTip(tr("The image-level threshold decides whether an image holds "
                                    "the class; the pixel threshold cuts the blobs and the "
                                    "predicted mask"));
    m_set->setToolTip(tr("Predictions cached by an evaluation (Evaluate above, or dwb eval): run "
                         "and split"));
    m_kind->addItem(tr("False positives"));
    m_kind->addItem(tr("False negatives"));
    m_level->addItem(tr("Images"));
    m_level->addItem(tr("Blobs"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->setWordWrap(true);

    setUpGallery();

    m_stack->addWidget(m_empty);
    m_stack->addWidget(makeReviewPage());
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(makeEvaluationRow());
    layout->addWidget(m_stack, 1);

    connect(m_set, &QComboBox::currentIndexChanged, this, &ReviewPanel::loadSet);
    connect(m_class, &QComboBox::currentIndexChanged, this, &ReviewPanel::onClassChanged);
    connect(m_slider, &QSlider::valueChanged, this, &ReviewPanel::onSliderMoved);
    connect(m_rescore, &QTimer::timeout, this, &ReviewPanel::refresh);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &ReviewPanel::fillGallery);
    connect(m_level, &QComboBox::currentIndexChanged, this, &ReviewPanel::fillGallery);
    setProject({}, {});
}

// Controls in a column on the left, the gallery and the metrics beside them, as on the other
// pages.
QWidget* ReviewPanel::makeReviewPage()
{
    auto* thresholdRow = new QHBoxLayout;
    thresholdRow->addWidget(m_slider, 1);
    thresholdRow->addWidget(m_thresholdLabel);
    auto* form = new QFormLayout;
    form->addRow(tr("Predictions"), m_set);
    form->addRow(tr("Class"), m_class);
    form->addRow(tr("Threshold"), thresholdRow);
    auto* showRow = new QHBoxLayout;
    showRow->addWidget(m_kind);
    showRow->addWidget(m_level);
    showRow->addStretch(1);
    form->addRow(tr("Show"), showRow);

    auto* controls = new QWidget(this);
    auto* controlsLayout = new QVBoxLayout(controls);
    controlsLayout->addLayout(form);
    controlsLayout->addWidget(m_summary);
    controlsLayout->addWidget(m_note);
    controlsLayout->addStretch(1);
    controls->setMaximumWidth(360);
    auto* review = new QWidget(this);
    auto* reviewLayout = new QHBoxLayout(review);
    reviewLayout->setContentsMargins(0, 0, 0, 0);
    reviewLayout->addWidget(controls);
    m_metrics = new ReviewMetricsView(this);
    m_views = new QTabWidget(this);
    m_views->addTab(m_gallery, tr("Errors"));
    m_views->addTab(m_metrics, tr("Metrics"));
    reviewLayout->addWidget(m_views, 1);
    return review;
}

ReviewPanel::~ReviewPanel()
{
    if (m_cancelEvaluation)
        *m_cancelEvaluation = true;
    m_evaluations->waitForDone();
    m_loads->waitForDone();
}

void ReviewPanel::setProject(const QString& projectPath, std::vector<ClassInfo> classes)
{
    m_loads->invalidate();
    m_evaluations->invalidate();
    if (m_cancelEvaluation)
        *m_cancelEvaluation = true; // its project is no longer shown
    m_evaluating = false;
    const SetKey preferred = std::exchange(m_preferredSet, SetKey{});
    m_rescore->stop();
    m_evalStatus->clear();
    m_projectPath = projectPath;
    m_classes = std::move(classes);
    m_sets.clear();
    m_data.reset();
    m_loaded = false;
    m_gallery->clear();
    listRuns({});
    {
        const QSignalBlocker blockSet(m_set);
        const QSignalBlocker blockClass(m_class);
        m_set->clear();
        m_class->clear();
        for (const ClassInfo& c : m_classes)
            m_class->addItem(classSwatch(c.color), QString::fromStdString(c.name));
    }
    if (projectPath.isEmpty())
        return showEmpty(tr("Open a project to review its errors"));

    // A short read on the GUI thread with its own connection; the heavy load runs on the worker.
    auto project = ProjectContext::connect(projectPath, ProjectDb::Access::ReadOnly);
    if (!project)
        return showEmpty(
            tr("Cannot open the project: %1").arg(QString::fromStdString(project.error().message)));
    if (auto runs = project->runs())
        listRuns(*runs);
    else
        m_evalStatus->setText(
            tr("Cannot read the runs: %1").arg(QString::fromStdString(runs.error().message)));
    auto sets = project->predictionSets();
    if (!sets)
        return showEmpty(tr("Cannot read the cached predictions: %1")
                             .arg(QString::fromStdString(sets.error().message)));
    if (sets->empty())
        return showEmpty(tr("No predictions to review yet: choose a trained run and a split above "
                            "and press Evaluate"));

    listSets(std::move(*sets), preferred);
}

void ReviewPanel::showEmpty(const QString& text)
{
    m_empty->setText(text);
    m_stack->setCurrentIndex(0);
}

QString ReviewPanel::emptyText() const
{
    return m_stack->currentIndex() == 0 ? m_empty->text() : QString();
}

QString ReviewPanel::summaryText() const
{
    return m_summary->text();
}

int ReviewPanel::currentClass() const
{
    return m_class->currentIndex();
}

double ReviewPanel::threshold(int classIndex) const
{
    return classIndex >= 0 && classIndex < static_cast<int>(m_thresholds.size())
               ? m_thresholds[static_cast<std::size_t>(classIndex)]
               : 0.5;
}

double ReviewPanel::pixelThreshold(int classIndex) const
{
    const auto c = static_cast<std::size_t>(classIndex);
    if (classIndex >= 0 && c < m_pixelThresholds.size() && m_pixelThresholds[c] >= 0)
        return m_pixelThresholds[c];
    return threshold(classIndex);
}

QString ReviewPanel::thresholdText() const
{
    return m_thresholdLabel->text();
}

void ReviewPanel::setClass(int classIndex)
{
    m_class->setCurrentIndex(classIndex); // onClassChanged follows when it changes
}

void ReviewPanel::setThreshold(int classIndex, double threshold)
{
    if (classIndex < 0 || classIndex >= static_cast<int>(m_thresholds.size()))
        return;
    m_thresholds[static_cast<std::size_t>(classIndex)] = std::clamp(threshold, 0.0, 1.0);
    if (classIndex == currentClass())
        onClassChanged(); // moves the slider without rounding the threshold to its steps
}

void ReviewPanel::setShowing(bool falsePositives, bool blobs)
{
    {
        const QSignalBlocker blockKind(m_kind);
        const QSignalBlocker blockLevel(m_level);
        m_kind->setCurrentIndex(falsePositives ? 0 : 1);
        m_level->setCurrentIndex(blobs ? 1 : 0);
    }
    fillGallery();
}

int ReviewPanel::galleryCount() const
{
    return m_gallery->count();
}

void ReviewPanel::onClassChanged()
{
    const double t = threshold(currentClass());
    {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(static_cast<int>(std::lround(t * kSliderSteps)));
    }
    m_thresholdLabel->setText(thresholdPairText(t, pixelThreshold(currentClass())));
    m_rescore->stop();
    refresh();
}

void ReviewPanel::onSliderMoved(int value)
{
    const int c = currentClass();
    if (c < 0 || c >= static_cast<int>(m_thresholds.size()))
        return;
    const double t = static_cast<double>(value) / kSliderSteps;
    m_thresholds[static_cast<std::size_t>(c)] = t;
    m_thresholdLabel->setText(thresholdPairText(t, pixelThreshold(c)));
    m_rescore->start(); // a drag re-scores once it pauses, not at every step
}

void ReviewPanel::refresh()
{
    m_gallery->clear();
    m_note->clear();
    const int c = currentClass();
    if (!m_data || c < 0)
        return;
    auto review = reviewClass(m_data->samples, c, threshold(c), pixelThreshold(c));
    if (!review) {
        // The cache predates the class (or its maps do not fit): nothing to review.
        m_data->review = {};
        m_summary->setText(tr("This prediction set has no predictions for class %1: evaluate "
                              "the run again")
                               .arg(m_class->currentText()));
        return;
    }
    m_data->review = std::move(*review);
    const ClassReview& r = m_data->review;
    m_summary->setText(
        tr("TP %1 · FP %2 · FN %3 · TN %4 — precision %5, recall %6. Blobs: %7 of %8 predicted "
           "touch no defect, %9 of %10 true ones are missed.")
            .arg(r.tp)
            .arg(r.fp)
            .arg(r.fn)
            .arg(r.tn)
            .arg(r.precision, 0, 'f', 3)
            .arg(r.recall, 0, 'f', 3)
            .arg(r.falsePositiveBlobs.size())
            .arg(r.predictedBlobs)
            .arg(r.falseNegativeBlobs.size())
            .arg(r.truthBlobs));
    fillGallery();
    std::vector<double> thresholds, pixelThresholds;
    for (int k = 0; k < m_class->count(); ++k) {
        thresholds.push_back(threshold(k));
        pixelThresholds.push_back(pixelThreshold(k));
    }
    auto metrics = reviewMetrics(m_data->samples, thresholds, pixelThresholds);
    auto curve = precisionRecallCurve(m_data->samples, c);
    if (metrics && curve)
        m_metrics->show(*metrics, thresholds, m_classes, *curve, c, r);
    else
        m_metrics->clear(); // some class has no cached predictions
}

int ReviewPanel::metricsRows() const
{
    return m_metrics->table()->rowCount();
}

int ReviewPanel::curvePoints() const
{
    return m_metrics->curvePoints();
}

} // namespace dwb
