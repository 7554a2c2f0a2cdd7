// size: one suite over shared fixtures; each test reads best top to bottom, as a scenario.

#include "dwb/eval/ErrorReview.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/train/Trainer.h"
#include "dwb/widgets/ReviewPanel.h"

#include "ReviewMetricsView.h"

#include <QTableWidget>

#include "support/TempDir.h"
#include "widgets/WidgetTestSupport.h"

#include <QComboBox>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>

namespace dwb {
namespace {

constexpr int kClasses = 3; // the demo's
constexpr int kMapSide = 32;

// Hand-made predictions of every sample: each class's true pixels (at map size) with a
// probability that varies by sample, plus one square of a spurious blob, and scores spread over
// [0, 1] so that moving the threshold moves images between the lists.
std::vector<PredictionRecord> makeRecords(const ProjectDb& db, int salt)
{
    std::vector<PredictionRecord> records;
    const auto samples = db.samples();
    for (std::size_t i = 0; i < samples->size(); ++i) {
        const SampleRecord& sample = (*samples)[i];
        const cv::Mat mask = *db.mask(sample.id);
        cv::Mat small;
        cv::resize(mask, small, {kMapSide, kMapSide}, 0, 0, cv::INTER_NEAREST);
        PredictionRecord record;
        record.sampleId = sample.id;
        const int k = static_cast<int>(i) + salt;
        for (int c = 0; c < kClasses; ++c) {
            record.scores.push_back(static_cast<float>((k * 7 + c * 3) % 11) / 10.0f);
            cv::Mat map(kMapSide, kMapSide, CV_8UC1, cv::Scalar(0));
            cv::Mat bits;
            cv::bitwise_and(small, cv::Scalar(1u << c), bits);
            map.setTo(cv::Scalar((k * 37 + c * 50) % 256), bits != 0);
            map(cv::Rect(2 + (k * 5) % 24, 2 + (c * 9) % 24, 4, 3))
                .setTo(cv::Scalar((k * 53 + c * 29) % 256));
            record.probabilities.push_back(map);
        }
        records.push_back(std::move(record));
    }
    return records;
}

PredictionSetInfo infoFor(std::int64_t runId, const std::string& split, double threshold)
{
    PredictionSetInfo info;
    info.runId = runId;
    info.split = split;
    info.threshold = threshold;
    info.classes = kClasses;
    info.width = kMapSide;
    info.height = kMapSide;
    return info;
}

std::vector<qint64> galleryIds(const ReviewPanel& panel)
{
    std::vector<qint64> ids;
    for (int i = 0; i < panel.gallery()->count(); ++i)
        ids.push_back(panel.gallery()->item(i)->data(Qt::UserRole + 1).toLongLong());
    return ids;
}

template <typename T>
std::vector<qint64> idsOf(const std::vector<T>& errors)
{
    std::vector<qint64> ids;
    for (const T& error : errors)
        ids.push_back(error.sampleId);
    return ids;
}

class ReviewPanelTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        test::ensureApplication();
        m_project = test::makeDemoProject(m_dir.path(), 16);
        ASSERT_TRUE(m_project);
    }

    // Two runs: the newest one's test split (threshold 0.45) is the one the panel opens.
    void storeSets()
    {
        const auto first = m_project->createRun("{}", "cpu");
        const auto second = m_project->createRun("{}", "cpu");
        ASSERT_TRUE(first && second);
        m_runId = *second;
        ASSERT_TRUE(
            m_project->storePredictions(infoFor(*first, "test", 0.3), makeRecords(*m_project, 1)));
        ASSERT_TRUE(m_project->storePredictions(infoFor(*second, "test", 0.45),
                                                makeRecords(*m_project, 0)));
        ASSERT_TRUE(
            m_project->storePredictions(infoFor(*second, "val", 0.6), makeRecords(*m_project, 2)));
        auto samples = loadReviewSamples(*m_project, m_runId, "test");
        ASSERT_TRUE(samples) << samples.error().message;
        m_samples = std::move(*samples);
    }

    bool open(ReviewPanel& panel)
    {
        QSignalSpy loaded(&panel, &ReviewPanel::loaded);
        QSignalSpy failed(&panel, &ReviewPanel::failed);
        panel.setProject(QString::fromStdString(m_project->path().string()), *m_project->classes());
        for (int i = 0; i < 300 && loaded.isEmpty() && failed.isEmpty(); ++i)
            loaded.wait(100);
        return !loaded.isEmpty() && panel.isLoaded();
    }

    // The gallery lists exactly reviewClass's errors, in its order, in all four views; the blobs
    // are cut at `pixelThreshold` (the image-level threshold when it is negative).
    void expectGalleryMatches(ReviewPanel& panel, int classIndex, double threshold,
                              double pixelThreshold = -1)
    {
        SCOPED_TRACE("class " + std::to_string(classIndex) + " at " + std::to_string(threshold));
        const ClassReview expected = reviewClass(m_samples, classIndex, threshold,
                                                 pixelThreshold < 0 ? threshold : pixelThreshold)
                                         .value();
        panel.setShowing(true, false);
        EXPECT_EQ(galleryIds(panel), idsOf(expected.falsePositives));
        panel.setShowing(false, false);
        EXPECT_EQ(galleryIds(panel), idsOf(expected.falseNegatives));
        panel.setShowing(true, true);
        EXPECT_EQ(galleryIds(panel), idsOf(expected.falsePositiveBlobs));
        panel.setShowing(false, true);
        EXPECT_EQ(panel.galleryCount(), static_cast<int>(expected.falseNegativeBlobs.size()));
        EXPECT_EQ(galleryIds(panel), idsOf(expected.falseNegativeBlobs));
        EXPECT_TRUE(panel.summaryText().contains(QStringLiteral("TP %1 · FP %2 · FN %3 · TN %4")
                                                     .arg(expected.tp)
                                                     .arg(expected.fp)
                                                     .arg(expected.fn)
                                                     .arg(expected.tn)))
            << panel.summaryText().toStdString();
    }

    test::TempDir m_dir;
    std::unique_ptr<ProjectDb> m_project;
    std::int64_t m_runId = 0;
    std::vector<ReviewSample> m_samples;
};

TEST_F(ReviewPanelTest, GalleryListsTheErrorsReviewClassFinds)
{
    storeSets();
    ReviewPanel panel;
    ASSERT_TRUE(open(panel));
    EXPECT_TRUE(panel.emptyText().isEmpty());
    // The newest run's test split, each class starting at its threshold; without calibrated
    // thresholds the pixels follow the image-level one.
    for (int c = 0; c < kClasses; ++c) {
        EXPECT_DOUBLE_EQ(panel.threshold(c), 0.45);
        EXPECT_DOUBLE_EQ(panel.pixelThreshold(c), 0.45);
    }
    EXPECT_EQ(panel.thresholdText(), QStringLiteral("image 0.450 · pixels 0.450"));

    bool moved = false; // the thresholds below do move errors, so the comparison has teeth
    for (int c = 0; c < kClasses; ++c) {
        panel.setClass(c);
        expectGalleryMatches(panel, c, 0.45);
        for (const double t : {0.15, 0.75}) {
            panel.setThreshold(c, t);
            expectGalleryMatches(panel, c, t);
        }
        const ClassReview low = reviewClass(m_samples, c, 0.15).value();
        const ClassReview high = reviewClass(m_samples, c, 0.75).value();
        moved = moved || low.falsePositives.size() != high.falsePositives.size() ||
                low.falseNegativeBlobs.size() != high.falseNegativeBlobs.size();
    }
    EXPECT_TRUE(moved);
    // Each class keeps its own threshold.
    EXPECT_DOUBLE_EQ(panel.threshold(0), 0.75);
    EXPECT_DOUBLE_EQ(panel.pixelThreshold(0), 0.75);
    panel.setThreshold(0, 0.3);
    panel.setClass(1);
    EXPECT_DOUBLE_EQ(panel.threshold(0), 0.3);
    EXPECT_DOUBLE_EQ(panel.threshold(1), 0.75);
}

TEST_F(ReviewPanelTest, SliderRescoresTheCurrentClass)
{
    storeSets();
    ReviewPanel panel;
    ASSERT_TRUE(open(panel));
    panel.setClass(2);
    auto* slider = panel.findChild<QSlider*>();
    ASSERT_TRUE(slider);
    EXPECT_EQ(slider->value(), 450);
    slider->setValue(200);
    EXPECT_DOUBLE_EQ(panel.threshold(2), 0.2);
    EXPECT_DOUBLE_EQ(panel.threshold(0), 0.45);
    // The re-score waits for the drag to pause.
    const ClassReview expected = reviewClass(m_samples, 2, 0.2).value();
    ASSERT_NE(expected.fp, reviewClass(m_samples, 2, 0.45).value().fp)
        << "the move must change counts";
    const QString counts = QStringLiteral("TP %1 · FP %2").arg(expected.tp).arg(expected.fp);
    for (int i = 0; i < 250 && !panel.summaryText().contains(counts); ++i)
        QTest::qWait(20);
    expectGalleryMatches(panel, 2, 0.2);
}

// A calibrated model's set carries per-class thresholds: each class's slider starts at its
// image-level one, and the blobs and predicted masks use its pixel one whatever the slider says.
TEST_F(ReviewPanelTest, CalibratedSetStartsEachClassAtItsThresholds)
{
    const auto run = m_project->createRun("{}", "cpu");
    ASSERT_TRUE(run);
    m_runId = *run;
    PredictionSetInfo info = infoFor(m_runId, "test", 0.5);
    const std::vector<double> image = {0.3, 0.55, 0.7};
    const std::vector<double> pixels = {0.2, 0.4, 0.65};
    info.imageThresholds = image;
    info.pixelThresholds = pixels;
    ASSERT_TRUE(m_project->storePredictions(info, makeRecords(*m_project, 0)));
    auto samples = loadReviewSamples(*m_project, m_runId, "test");
    ASSERT_TRUE(samples) << samples.error().message;
    m_samples = std::move(*samples);

    ReviewPanel panel;
    ASSERT_TRUE(open(panel));
    auto* slider = panel.findChild<QSlider*>();
    ASSERT_TRUE(slider);
    QComboBox* sets = nullptr; // the prediction sets: the one box that speaks of dwb eval
    for (QComboBox* box : panel.findChildren<QComboBox*>())
        if (box->toolTip().contains(QStringLiteral("dwb eval")))
            sets = box;
    ASSERT_TRUE(sets);
    for (int c = 0; c < kClasses; ++c) {
        const auto k = static_cast<std::size_t>(c);
        panel.setClass(c);
        EXPECT_DOUBLE_EQ(panel.threshold(c), image[k]);
        EXPECT_DOUBLE_EQ(panel.pixelThreshold(c), pixels[k]);
        EXPECT_EQ(slider->value(), static_cast<int>(std::lround(image[k] * 1000)));
        EXPECT_EQ(panel.thresholdText(), QStringLiteral("image %1 · pixels %2")
                                             .arg(image[k], 0, 'f', 3)
                                             .arg(pixels[k], 0, 'f', 3));
        expectGalleryMatches(panel, c, image[k], pixels[k]);
    }
    // The two thresholds must lead to different blobs, or the comparison above proves nothing.
    bool differs = false;
    for (int c = 0; c < kClasses; ++c) {
        const auto k = static_cast<std::size_t>(c);
        differs =
            differs || reviewClass(m_samples, c, image[k]).value().predictedBlobs !=
                           reviewClass(m_samples, c, image[k], pixels[k]).value().predictedBlobs;
    }
    EXPECT_TRUE(differs);
    EXPECT_TRUE(sets->currentText().contains(QStringLiteral("calibrated")))
        << sets->currentText().toStdString();

    // The slider moves the image-level threshold only.
    panel.setClass(1);
    panel.setThreshold(1, 0.15);
    EXPECT_DOUBLE_EQ(panel.threshold(1), 0.15);
    EXPECT_DOUBLE_EQ(panel.pixelThreshold(1), 0.4);
    expectGalleryMatches(panel, 1, 0.15, 0.4);
}

// The curve is the step function whose area is the class's AP: from (0, 1), recall rising at
// every point (no vertical spikes where only the precision changes), the area equal to the AP in
// the table. The threshold's point is drawn inside the axes, labelled, even when nothing is
// predicted and it sits at the origin.
TEST_F(ReviewPanelTest, MetricsTabShowsEveryClassAndTheCurveOfTheCurrentOne)
{
    storeSets();
    ReviewPanel panel;
    ASSERT_TRUE(open(panel));
    const int classes = static_cast<int>(m_project->classes()->size());
    EXPECT_EQ(panel.metricsRows(), classes + 1) << "one row per class and the mean";
    const ReviewMetricsView& view = *panel.metricsView();
    for (int c = 0; c < classes; ++c) {
        panel.setClass(c);
        const auto curve = precisionRecallCurve(m_samples, c).value();
        const auto drawn = view.curve();
        if (curve.empty()) {
            EXPECT_TRUE(drawn.empty()) << "class " << c;
            continue;
        }
        ASSERT_GE(drawn.size(), 2u);
        EXPECT_EQ(drawn.front(), std::make_pair(0.0, 1.0));
        double area = 0;
        for (std::size_t k = 1; k < drawn.size(); ++k) {
            EXPECT_GT(drawn[k].first, drawn[k - 1].first) << "class " << c << " point " << k;
            area += (drawn[k].first - drawn[k - 1].first) * drawn[k].second;
        }
        EXPECT_DOUBLE_EQ(drawn.back().first, 1.0);
        const QString ap = view.table()->item(c, 2)->text();
        EXPECT_NEAR(area, ap.toDouble(), 0.0005) << "class " << c;
        EXPECT_TRUE(view.thresholdPointVisible()) << "class " << c;
        EXPECT_TRUE(view.thresholdText().contains(QStringLiteral("Threshold")));
    }

    // A threshold no score passes: nothing predicted, the point at the origin, still inside.
    panel.setClass(0);
    panel.setThreshold(0, 1.0);
    EXPECT_EQ(view.thresholdPoint(), QPointF(0, 0));
    EXPECT_TRUE(view.thresholdPointVisible());
    EXPECT_TRUE(view.thresholdText().contains(QStringLiteral("nothing predicted")))
        << view.thresholdText().toStdString();
}

TEST_F(ReviewPanelTest, DoubleClickOpensTheSample)
{
    storeSets();
    ReviewPanel panel;
    ASSERT_TRUE(open(panel));
    panel.setClass(0);
    panel.setThreshold(0, 0.15);
    panel.setShowing(true, false);
    const ClassReview expected = reviewClass(m_samples, 0, 0.15).value();
    ASSERT_GE(expected.falsePositives.size(), 2u);
    panel.resize(900, 700);
    panel.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&panel));

    QSignalSpy opened(&panel, &ReviewPanel::sampleActivated);
    QListWidget* gallery = panel.gallery();
    gallery->doItemsLayout(); // the view lays its items out lazily
    const QPoint centre = gallery->visualItemRect(gallery->item(1)).center();
    ASSERT_EQ(gallery->itemAt(centre), gallery->item(1));
    // The view activates only an item it saw pressed; QTest::mouseDClick alone does not give it
    // that press with the Qt 6 this project builds against.
    QTest::mouseClick(gallery->viewport(), Qt::LeftButton, {}, centre);
    QTest::mouseDClick(gallery->viewport(), Qt::LeftButton, {}, centre);
    ASSERT_EQ(opened.count(), 1);
    EXPECT_EQ(opened.at(0).at(0).toLongLong(), expected.falsePositives[1].sampleId);
}

namespace {

// The pixels of a probability map that the review predicts (q / 255 > threshold in float), 1 or 0.
cv::Mat thresholded(const cv::Mat& map, double threshold)
{
    cv::Mat predicted(map.size(), CV_8UC1);
    for (int y = 0; y < map.rows; ++y)
        for (int x = 0; x < map.cols; ++x)
            predicted.at<std::uint8_t>(y, x) =
                static_cast<float>(map.at<std::uint8_t>(y, x)) / 255.0f >
                        static_cast<float>(threshold)
                    ? 1
                    : 0;
    return predicted;
}

} // namespace

TEST_F(ReviewPanelTest, DoubleClickSendsThePredictedMaskOfTheClass)
{
    storeSets();
    ReviewPanel panel;
    ASSERT_TRUE(open(panel));
    const int c = 1;
    const double t = 0.15;
    panel.setClass(c);
    panel.setThreshold(c, t);
    panel.setShowing(true, false);
    const ClassReview expected = reviewClass(m_samples, c, t).value();
    // A false positive with predicted pixels, so that the mask has something to compare.
    std::size_t tile = 0;
    while (tile < expected.falsePositives.size() &&
           cv::countNonZero(thresholded(
               m_samples[expected.falsePositives[tile].sample].probabilities[c], t)) == 0)
        ++tile;
    ASSERT_LT(tile, expected.falsePositives.size());
    panel.resize(900, 700);
    panel.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&panel));

    QSignalSpy opened(&panel, &ReviewPanel::sampleActivated);
    QSignalSpy review(&panel, &ReviewPanel::reviewSampleActivated);
    QListWidget* gallery = panel.gallery();
    gallery->doItemsLayout();
    QListWidgetItem* item = gallery->item(static_cast<int>(tile));
    gallery->scrollToItem(item);
    const QPoint centre = gallery->visualItemRect(item).center();
    ASSERT_EQ(gallery->itemAt(centre), item);
    QTest::mouseClick(gallery->viewport(), Qt::LeftButton, {}, centre);
    QTest::mouseDClick(gallery->viewport(), Qt::LeftButton, {}, centre);
    ASSERT_EQ(opened.count(), 1) << "sampleActivated is still emitted";
    ASSERT_EQ(review.count(), 1);
    const ImageError& error = expected.falsePositives[tile];
    EXPECT_EQ(review.at(0).at(0).toLongLong(), error.sampleId);
    EXPECT_EQ(review.at(0).at(1).toInt(), c);
    const QImage mask = review.at(0).at(2).value<QImage>();
    const SampleRecord sample = *m_project->sample(error.sampleId);
    ASSERT_EQ(mask.format(), QImage::Format_Grayscale16);
    ASSERT_EQ(mask.size(), QSize(sample.width, sample.height));
    ASSERT_NE(sample.width, kMapSide) << "the test must exercise the resize";

    cv::Mat resized;
    cv::resize(thresholded(m_samples[error.sample].probabilities[c], t), resized,
               {sample.width, sample.height}, 0, 0, cv::INTER_NEAREST);
    int wrong = 0;
    int set = 0;
    for (int y = 0; y < mask.height(); ++y) {
        const auto* row = reinterpret_cast<const quint16*>(mask.constScanLine(y));
        for (int x = 0; x < mask.width(); ++x) {
            const quint16 want = resized.at<std::uint8_t>(y, x) != 0 ? quint16(1u << c) : 0;
            wrong += row[x] != want ? 1 : 0;
            set += row[x] != 0 ? 1 : 0;
        }
    }
    EXPECT_EQ(wrong, 0);
    EXPECT_EQ(set, cv::countNonZero(resized));
}

TEST_F(ReviewPanelTest, WithoutCachedPredictionsSaysHowToGetThem)
{
    ReviewPanel panel;
    QSignalSpy loaded(&panel, &ReviewPanel::loaded);
    panel.setProject(QString::fromStdString(m_project->path().string()), *m_project->classes());
    // The page's own Evaluate button, not the command line, is the way it names.
    EXPECT_EQ(panel.emptyText(),
              QStringLiteral("No predictions to review yet: choose a trained run and a split "
                             "above and press Evaluate"));
    EXPECT_FALSE(panel.isLoaded());
    EXPECT_EQ(panel.galleryCount(), 0);
    QTest::qWait(50);
    EXPECT_TRUE(loaded.isEmpty());

    panel.setProject({}, {});
    EXPECT_FALSE(panel.emptyText().isEmpty());
}

// The evaluation row evaluates a trained run on the chosen split on the worker thread, then
// opens the new prediction set rather than the one listed first (the run's test split here).
TEST_F(ReviewPanelTest, EvaluatesARunAndOpensItsPredictions)
{
    TrainingConfig config;
    config.epochs = 1;
    config.device = "cpu";
    config.threads = 1;
    CancellationToken token;
    auto trained = Trainer::run(*m_project, config, token);
    ASSERT_TRUE(trained) << trained.error().message;
    m_runId = trained->runId;
    ASSERT_TRUE(m_project->createRun("{}", "cpu")) << "a run without a model is not offered";
    ASSERT_TRUE(
        m_project->storePredictions(infoFor(m_runId, "test", 0.45), makeRecords(*m_project, 0)));

    ReviewPanel panel;
    ASSERT_TRUE(open(panel));
    ASSERT_EQ(panel.evaluationRunBox()->count(), 1);
    EXPECT_EQ(panel.evaluationRunBox()->currentData().toLongLong(), m_runId);
    ASSERT_TRUE(panel.evaluateButton()->isEnabled());
    panel.evaluationSplitBox()->setCurrentIndex(1); // validation

    QSignalSpy loaded(&panel, &ReviewPanel::loaded);
    QSignalSpy failed(&panel, &ReviewPanel::failed);
    panel.evaluateButton()->click();
    EXPECT_TRUE(panel.isEvaluating());
    EXPECT_FALSE(panel.evaluateButton()->isEnabled());
    for (int i = 0; i < 150 && loaded.isEmpty() && failed.isEmpty(); ++i)
        loaded.wait(100);
    ASSERT_TRUE(failed.isEmpty()) << failed.at(0).at(0).toString().toStdString();
    ASSERT_EQ(loaded.count(), 1);
    EXPECT_FALSE(panel.isEvaluating());
    EXPECT_TRUE(panel.evaluateButton()->isEnabled());
    EXPECT_TRUE(
        panel.evaluationStatus().startsWith(QStringLiteral("Run %1 on the val split").arg(m_runId)))
        << panel.evaluationStatus().toStdString();
    EXPECT_EQ(panel.evaluationSplitBox()->currentIndex(), 1) << "the row keeps its choice";

    auto sets = m_project->predictionSets();
    ASSERT_TRUE(sets);
    ASSERT_EQ(sets->size(), 2u);
    auto samples = loadReviewSamples(*m_project, m_runId, "val");
    ASSERT_TRUE(samples) << samples.error().message;
    ASSERT_FALSE(samples->empty());
    m_samples = std::move(*samples);
    // The panel shows the val set: its gallery is that cache's review at the model's thresholds
    // (each class's calibrated pair, as the evaluation stored them with the set).
    const auto valSet = std::find_if(sets->begin(), sets->end(),
                                     [](const PredictionSetInfo& i) { return i.split == "val"; });
    ASSERT_NE(valSet, sets->end());
    for (int c = 0; c < kClasses; ++c) {
        const auto k = static_cast<std::size_t>(c);
        panel.setClass(c);
        EXPECT_DOUBLE_EQ(panel.threshold(c), k < valSet->imageThresholds.size()
                                                 ? valSet->imageThresholds[k]
                                                 : valSet->threshold);
        EXPECT_DOUBLE_EQ(panel.pixelThreshold(c), k < valSet->pixelThresholds.size()
                                                      ? valSet->pixelThresholds[k]
                                                      : panel.threshold(c));
        expectGalleryMatches(panel, c, panel.threshold(c), panel.pixelThreshold(c));
    }
}

TEST_F(ReviewPanelTest, EvaluationErrorsShowInTheStatusLine)
{
    ReviewPanel panel;
    const QString path = QString::fromStdString(m_project->path().string());
    panel.setProject(path, *m_project->classes());
    EXPECT_EQ(panel.evaluationRunBox()->count(), 0);
    EXPECT_FALSE(panel.evaluateButton()->isEnabled()) << "no trained run to evaluate";

    // A run whose model file is gone.
    auto run = m_project->createRun("{}", "cpu");
    ASSERT_TRUE(run);
    ASSERT_TRUE(m_project->updateRun(*run, "finished", 1, 1.0, "missing.pt", "missing.ckpt"));
    panel.setProject(path, *m_project->classes());
    ASSERT_EQ(panel.evaluationRunBox()->count(), 1);
    QSignalSpy failed(&panel, &ReviewPanel::failed);
    panel.evaluateButton()->click();
    for (int i = 0; i < 100 && failed.isEmpty(); ++i)
        failed.wait(100);
    ASSERT_EQ(failed.count(), 1);
    EXPECT_TRUE(panel.evaluationStatus().startsWith(QStringLiteral("Evaluation failed: ")))
        << panel.evaluationStatus().toStdString();
    EXPECT_FALSE(panel.isEvaluating());
    EXPECT_FALSE(panel.isLoaded());
}

} // namespace
} // namespace dwb
