// size: one suite over shared fixtures; each test reads best top to bottom, as a scenario.

#include "dwb/eval/ErrorReview.h"
#include "dwb/eval/Metrics.h"
#include "dwb/imaging/ClassMask.h"
#include "dwb/storage/ProjectDb.h"

#include "support/Fixtures.h"
#include "support/TempDir.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

#include <cmath>
#include <limits>
#include <optional>

namespace dwb {
namespace {

// A sample with one score per class and no maps: image level only.
ReviewSample scored(std::int64_t id, std::vector<float> scores, std::uint32_t labels)
{
    ReviewSample sample;
    sample.sampleId = id;
    sample.scores = std::move(scores);
    sample.labels = labels;
    return sample;
}

std::vector<std::int64_t> idsOf(const std::vector<ImageError>& errors)
{
    std::vector<std::int64_t> ids;
    for (const ImageError& error : errors)
        ids.push_back(error.sampleId);
    return ids;
}

// The rows computeMetrics reads, from the same scores and labels.
std::vector<std::vector<ImageClassResult>> metricRows(const std::vector<ReviewSample>& samples)
{
    std::vector<std::vector<ImageClassResult>> rows;
    for (const ReviewSample& sample : samples) {
        std::vector<ImageClassResult> row;
        for (std::size_t c = 0; c < sample.scores.size(); ++c)
            row.push_back({sample.scores[c], ((sample.labels >> c) & 1u) != 0, 0, 0, 0});
        rows.push_back(std::move(row));
    }
    return rows;
}

void expectAgreesWithMetrics(const std::vector<ReviewSample>& samples, int classes,
                             double threshold)
{
    const MetricsReport report = computeMetrics(metricRows(samples), threshold);
    for (int c = 0; c < classes; ++c) {
        SCOPED_TRACE("class " + std::to_string(c) + " at " + std::to_string(threshold));
        const ClassReview review = reviewClass(samples, c, threshold).value();
        const ClassMetrics& m = report.perClass[static_cast<std::size_t>(c)];
        EXPECT_EQ(review.tp, m.tp);
        EXPECT_EQ(review.fp, m.fp);
        EXPECT_EQ(review.fn, m.fn);
        EXPECT_EQ(review.tn, m.tn);
        EXPECT_DOUBLE_EQ(review.precision, m.precision);
        EXPECT_DOUBLE_EQ(review.recall, m.recall);
        EXPECT_EQ(static_cast<std::int64_t>(review.falsePositives.size()), m.fp);
        EXPECT_EQ(static_cast<std::int64_t>(review.falseNegatives.size()), m.fn);
    }
}

} // namespace

TEST(ErrorReview, FindsOneFalsePositiveAndOneFalseNegative)
{
    const std::vector<ReviewSample> samples = {
        scored(10, {0.9f}, 0), // false positive
        scored(11, {0.2f}, 1), // false negative
        scored(12, {0.8f}, 1), // true positive
        scored(13, {0.1f}, 0), // true negative
    };
    const ClassReview review = reviewClass(samples, 0, 0.5).value();
    EXPECT_EQ(review.tp, 1);
    EXPECT_EQ(review.fp, 1);
    EXPECT_EQ(review.fn, 1);
    EXPECT_EQ(review.tn, 1);
    EXPECT_DOUBLE_EQ(review.precision, 0.5);
    EXPECT_DOUBLE_EQ(review.recall, 0.5);
    ASSERT_EQ(review.falsePositives.size(), 1u);
    EXPECT_EQ(review.falsePositives[0].sampleId, 10);
    EXPECT_EQ(review.falsePositives[0].sample, 0u);
    EXPECT_FLOAT_EQ(review.falsePositives[0].score, 0.9f);
    ASSERT_EQ(review.falseNegatives.size(), 1u);
    EXPECT_EQ(review.falseNegatives[0].sampleId, 11);
    EXPECT_EQ(review.falseNegatives[0].sample, 1u);
    EXPECT_TRUE(review.falsePositiveBlobs.empty()) << "no maps, no blobs";
}

TEST(ErrorReview, SortsByConfidenceAndKeepsTiesInSampleOrder)
{
    const std::vector<ReviewSample> samples = {
        scored(1, {0.7f}, 0),
        scored(2, {0.9f}, 0),
        scored(3, {0.7f}, 0),
        scored(4, {0.3f}, 1),
        scored(5, {0.1f}, 1),
        scored(6, {0.3f}, 1),
        // Exactly at the threshold is negative, as in computeMetrics: a false negative here ...
        scored(7, {0.5f}, 1),
        // ... and not a false positive here.
        scored(8, {0.5f}, 0),
        // A NaN score is never positive and ranks lowest.
        scored(9, {std::numeric_limits<float>::quiet_NaN()}, 1),
    };
    const ClassReview review = reviewClass(samples, 0, 0.5).value();
    EXPECT_EQ(idsOf(review.falsePositives), (std::vector<std::int64_t>{2, 1, 3}));
    EXPECT_EQ(idsOf(review.falseNegatives), (std::vector<std::int64_t>{9, 5, 4, 6, 7}));
    EXPECT_EQ(review.tn, 1);
    expectAgreesWithMetrics(samples, 1, 0.5);
}

TEST(ErrorReview, MovingTheThresholdMovesCountsAsExpected)
{
    const std::vector<ReviewSample> samples = {
        scored(1, {0.9f}, 1), scored(2, {0.8f}, 0), scored(3, {0.7f}, 1),
        scored(4, {0.4f}, 0), scored(5, {0.3f}, 1), scored(6, {0.1f}, 0),
    };
    const ClassReview at05 = reviewClass(samples, 0, 0.5).value();
    EXPECT_EQ((std::vector<std::int64_t>{at05.tp, at05.fp, at05.fn, at05.tn}),
              (std::vector<std::int64_t>{2, 1, 1, 2}));
    // Raising to 0.85: the 0.8 false positive becomes a true negative, the 0.7 true positive a
    // false negative (ascending, so it comes after the 0.3 one).
    const ClassReview at085 = reviewClass(samples, 0, 0.85).value();
    EXPECT_EQ((std::vector<std::int64_t>{at085.tp, at085.fp, at085.fn, at085.tn}),
              (std::vector<std::int64_t>{1, 0, 2, 3}));
    EXPECT_EQ(idsOf(at085.falseNegatives), (std::vector<std::int64_t>{5, 3}));
    EXPECT_DOUBLE_EQ(at085.precision, 1.0);
    EXPECT_DOUBLE_EQ(at085.recall, 1.0 / 3.0);
    // Lowering to 0.2: the 0.4 negative turns false positive, the 0.3 positive true positive.
    const ClassReview at02 = reviewClass(samples, 0, 0.2).value();
    EXPECT_EQ((std::vector<std::int64_t>{at02.tp, at02.fp, at02.fn, at02.tn}),
              (std::vector<std::int64_t>{3, 2, 0, 1}));
    EXPECT_EQ(idsOf(at02.falsePositives), (std::vector<std::int64_t>{2, 4}));
    // Above every score: nothing positive, precision 0 by definition.
    const ClassReview at1 = reviewClass(samples, 0, 1.0).value();
    EXPECT_EQ(at1.tp + at1.fp, 0);
    EXPECT_DOUBLE_EQ(at1.precision, 0.0);
    for (const double t : {0.0, 0.1, 0.2, 0.3, 0.35, 0.5, 0.7, 0.8, 0.85, 0.9, 1.0})
        expectAgreesWithMetrics(samples, 1, t);
}

TEST(ErrorReview, MatchesBlobsOfPaintedMasks)
{
    const cv::Size size(40, 30);
    ReviewSample sample = scored(7, {0.1f, 0.9f}, 0b10);
    sample.truth = emptyClassMask(size);
    addClassPixels(sample.truth, test::rectMask(size, {2, 2, 5, 5}), 1);   // found
    addClassPixels(sample.truth, test::rectMask(size, {20, 20, 4, 4}), 1); // missed
    addClassPixels(sample.truth, test::rectMask(size, {30, 5, 4, 3}), 0);  // other class
    cv::Mat map0 = cv::Mat::zeros(size, CV_8UC1);
    cv::Mat map1 = cv::Mat::zeros(size, CV_8UC1);
    map1(cv::Rect(3, 3, 3, 3)).setTo(200);  // touches the first true blob
    map1(cv::Rect(30, 5, 4, 3)).setTo(180); // class 0's place, not class 1's: false positive
    map1(cv::Rect(20, 20, 4, 2)).setTo(60); // weak inside the missed blob
    sample.probabilities = {map0, map1};
    const std::vector<ReviewSample> samples = {sample};

    const ClassReview review = reviewClass(samples, 1, 0.5).value();
    EXPECT_EQ(review.predictedBlobs, 2);
    EXPECT_EQ(review.truthBlobs, 2);
    ASSERT_EQ(review.falsePositiveBlobs.size(), 1u);
    const BlobError& fp = review.falsePositiveBlobs[0];
    EXPECT_EQ(fp.sampleId, 7);
    EXPECT_EQ(fp.box, cv::Rect(30, 5, 4, 3));
    EXPECT_EQ(fp.area, 12);
    EXPECT_NEAR(fp.meanProbability, 180.0 / 255.0, 1e-12);
    ASSERT_EQ(review.falseNegativeBlobs.size(), 1u);
    const BlobError& fn = review.falseNegativeBlobs[0];
    EXPECT_EQ(fn.box, cv::Rect(20, 20, 4, 4));
    EXPECT_EQ(fn.area, 16);
    EXPECT_NEAR(fn.meanProbability, 60.0 * 8 / 16 / 255.0, 1e-12);

    // At 0.2 the weak pixels are predicted: they touch the missed blob, which is found now.
    const ClassReview low = reviewClass(samples, 1, 0.2).value();
    EXPECT_EQ(low.predictedBlobs, 3);
    EXPECT_TRUE(low.falseNegativeBlobs.empty());
    EXPECT_EQ(low.falsePositiveBlobs.size(), 1u);
    // At 0.75 only the 200 square is predicted (180 / 255 < 0.75): no false positive blob.
    const ClassReview high = reviewClass(samples, 1, 0.75).value();
    EXPECT_EQ(high.predictedBlobs, 1);
    EXPECT_TRUE(high.falsePositiveBlobs.empty());
    EXPECT_EQ(high.falseNegativeBlobs.size(), 1u);

    // Class 0: nothing predicted, its one true blob is missed with mean probability 0.
    const auto reviews = reviewErrors(samples, {0.5, 0.5}).value();
    ASSERT_EQ(reviews.size(), 2u);
    EXPECT_EQ(reviews[0].predictedBlobs, 0);
    ASSERT_EQ(reviews[0].falseNegativeBlobs.size(), 1u);
    EXPECT_EQ(reviews[0].falseNegativeBlobs[0].box, cv::Rect(30, 5, 4, 3));
    EXPECT_EQ(reviews[0].falseNegativeBlobs[0].meanProbability, 0.0);
}

// A calibrated model decides images and pixels at two thresholds: the image-level counts follow
// the first, the blobs the second, and one value for both is the three-argument review.
TEST(ErrorReview, ImageAndPixelThresholdsActApart)
{
    const cv::Size size(16, 16);
    ReviewSample present = scored(1, {0.6f}, 1);
    present.truth = emptyClassMask(size);
    addClassPixels(present.truth, test::rectMask(size, {2, 2, 4, 4}), 0);
    cv::Mat map = cv::Mat::zeros(size, CV_8UC1);
    map(cv::Rect(2, 2, 4, 4)).setTo(100);   // 0.39: inside the true blob
    map(cv::Rect(10, 10, 3, 3)).setTo(150); // 0.59: a spurious blob
    present.probabilities = {map};
    ReviewSample absent = scored(2, {0.4f}, 0);
    absent.truth = emptyClassMask(size);
    absent.probabilities = {cv::Mat::zeros(size, CV_8UC1)};
    const std::vector<ReviewSample> samples = {present, absent};

    // Images at 0.5 (sample 1 present, sample 2 not); pixels at 0.3: both blobs predicted.
    const ClassReview split = reviewClass(samples, 0, 0.5, 0.3).value();
    EXPECT_DOUBLE_EQ(split.threshold, 0.5);
    EXPECT_EQ(split.tp, 1);
    EXPECT_EQ(split.tn, 1);
    EXPECT_EQ(split.fp + split.fn, 0);
    EXPECT_EQ(split.predictedBlobs, 2);
    EXPECT_TRUE(split.falseNegativeBlobs.empty());
    ASSERT_EQ(split.falsePositiveBlobs.size(), 1u);
    EXPECT_EQ(split.falsePositiveBlobs[0].box, cv::Rect(10, 10, 3, 3));

    // Images at 0.3 (both present: a false positive); pixels at 0.5: only the spurious blob, and
    // the true one is missed.
    const ClassReview swapped = reviewClass(samples, 0, 0.3, 0.5).value();
    EXPECT_EQ(swapped.tp, 1);
    EXPECT_EQ(swapped.fp, 1);
    EXPECT_EQ(swapped.predictedBlobs, 1);
    ASSERT_EQ(swapped.falseNegativeBlobs.size(), 1u);
    EXPECT_EQ(swapped.falseNegativeBlobs[0].box, cv::Rect(2, 2, 4, 4));

    for (const double t : {0.3, 0.5}) {
        const ClassReview one = reviewClass(samples, 0, t).value();
        const ClassReview both = reviewClass(samples, 0, t, t).value();
        EXPECT_EQ(one.tp, both.tp);
        EXPECT_EQ(one.fp, both.fp);
        EXPECT_EQ(one.predictedBlobs, both.predictedBlobs);
        EXPECT_EQ(one.falsePositiveBlobs.size(), both.falsePositiveBlobs.size());
        EXPECT_EQ(one.falseNegativeBlobs.size(), both.falseNegativeBlobs.size());
    }
}

TEST(ErrorReview, PixelDecisionIsStrictlyAboveTheThreshold)
{
    const cv::Size size(8, 8);
    ReviewSample sample = scored(1, {0.9f}, 0);
    sample.truth = emptyClassMask(size);
    cv::Mat map = cv::Mat::zeros(size, CV_8UC1);
    map(cv::Rect(0, 0, 2, 2)).setTo(51); // 51 / 255 = 0.2 exactly in float
    sample.probabilities = {map};
    EXPECT_EQ(reviewClass({sample}, 0, 0.2).value().predictedBlobs, 0);
    EXPECT_EQ(reviewClass({sample}, 0, 0.199).value().predictedBlobs, 1);
}

TEST(ErrorReview, RejectsSamplesWithoutTheClass)
{
    const std::vector<ReviewSample> samples = {scored(1, {0.5f}, 0)};
    const auto noScore = reviewClass(samples, 1, 0.5);
    ASSERT_FALSE(noScore);
    EXPECT_EQ(noScore.error().code, ErrorCode::Corrupt);
    EXPECT_NE(noScore.error().message.find("no score for class 1"), std::string::npos);
    EXPECT_FALSE(reviewMetrics(samples, {0.5, 0.5}));
    EXPECT_FALSE(precisionRecallCurve(samples, 1));
    EXPECT_FALSE(reviewErrors(samples, {0.5, 0.5}));
    ReviewSample wrongSize = scored(2, {0.5f}, 0);
    wrongSize.probabilities = {cv::Mat::zeros(4, 4, CV_8UC1)};
    wrongSize.truth = emptyClassMask({5, 4});
    const auto stale = reviewClass({wrongSize}, 0, 0.5);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::Corrupt);
}

// ---- The cache in the project database -------------------------------------------------------

namespace {

struct CacheProject {
    test::TempDir dir;
    std::optional<ProjectDb> db;
    std::vector<std::int64_t> sampleIds;
    std::int64_t runId = 0;
};

// Two classes, `count` samples of 20 x 16 with class (i % 3) painted (none for i % 3 == 2),
// sample 2 labelled class 0 by the dataset without pixels, and one run.
void makeProject(CacheProject& project, int count)
{
    auto db = ProjectDb::create(project.dir / "p.dwb");
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(db->addClass("Pit"));
    ASSERT_TRUE(db->addClass("Crack"));
    for (int i = 0; i < count; ++i) {
        cv::Mat mask = emptyClassMask({20, 16});
        if (i % 3 < 2)
            addClassPixels(mask, test::rectMask({20, 16}, {2 + i % 5, 3, 6, 4}), i % 3);
        NewSample sample{"s" + std::to_string(i), "/img/" + std::to_string(i) + ".png", 20, 16,
                         "hash" + std::to_string(i)};
        if (i == 2)
            sample.labelBits = 0b01;
        auto id = db->addSample(sample, mask, std::nullopt);
        ASSERT_TRUE(id) << id.error().message;
        project.sampleIds.push_back(*id);
    }
    auto run = db->createRun("{}", "cpu");
    ASSERT_TRUE(run);
    project.runId = *run;
    project.db.emplace(std::move(*db));
}

// Scores spread over [0, 1] with a few ties; maps 10 x 8 (half the mask size) holding a ramp
// through all 256 values.
std::vector<PredictionRecord> makeRecords(const std::vector<std::int64_t>& ids)
{
    std::vector<PredictionRecord> records;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        PredictionRecord record;
        record.sampleId = ids[i];
        record.scores = {static_cast<float>((i * 7) % 10) / 10.0f,
                         static_cast<float>((i * 3) % 5) / 4.0f};
        for (int c = 0; c < 2; ++c) {
            cv::Mat map(8, 10, CV_8UC1);
            for (int p = 0; p < 80; ++p)
                map.at<std::uint8_t>(p / 10, p % 10) =
                    static_cast<std::uint8_t>((p * 13 + static_cast<int>(i) * 5 + c * 100) % 256);
            record.probabilities.push_back(map);
        }
        records.push_back(std::move(record));
    }
    return records;
}

PredictionSetInfo infoFor(std::int64_t runId, double threshold = 0.4)
{
    PredictionSetInfo info;
    info.runId = runId;
    info.split = "test";
    info.threshold = threshold;
    info.classes = 2;
    info.width = 10;
    info.height = 8;
    return info;
}

} // namespace

TEST(PredictionCache, RoundTripsThroughTheDatabase)
{
    CacheProject project;
    makeProject(project, 6);
    ASSERT_TRUE(project.db);
    ProjectDb& db = *project.db;
    auto records = makeRecords(project.sampleIds);
    records[2].scores[1] = std::nextafter(0.5f, 1.0f); // every bit of a float survives
    ASSERT_TRUE(db.storePredictions(infoFor(project.runId), records));

    auto sets = db.predictionSets();
    ASSERT_TRUE(sets) << sets.error().message;
    ASSERT_EQ(sets->size(), 1u);
    EXPECT_EQ((*sets)[0].runId, project.runId);
    EXPECT_EQ((*sets)[0].split, "test");
    EXPECT_DOUBLE_EQ((*sets)[0].threshold, 0.4);
    EXPECT_EQ((*sets)[0].classes, 2);
    EXPECT_EQ((*sets)[0].width, 10);
    EXPECT_EQ((*sets)[0].height, 8);
    EXPECT_EQ((*sets)[0].samples, 6);
    EXPECT_FALSE((*sets)[0].createdAt.empty());

    auto back = db.predictions(project.runId, "test");
    ASSERT_TRUE(back) << back.error().message;
    ASSERT_EQ(back->size(), records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        EXPECT_EQ((*back)[i].sampleId, records[i].sampleId);
        EXPECT_EQ((*back)[i].scores, records[i].scores);
        ASSERT_EQ((*back)[i].probabilities.size(), 2u);
        for (int c = 0; c < 2; ++c)
            EXPECT_TRUE(test::sameMat((*back)[i].probabilities[static_cast<std::size_t>(c)],
                                      records[i].probabilities[static_cast<std::size_t>(c)]));
    }

    // Storing again replaces the whole set, even with fewer samples.
    records.resize(2);
    ASSERT_TRUE(db.storePredictions(infoFor(project.runId, 0.6), records));
    EXPECT_EQ(db.predictions(project.runId, "test")->size(), 2u);
    EXPECT_DOUBLE_EQ((*db.predictionSets())[0].threshold, 0.6);

    auto missing = db.predictions(project.runId, "val");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TEST(PredictionCache, RefusesRecordsThatDoNotFitTheSet)
{
    CacheProject project;
    makeProject(project, 2);
    ASSERT_TRUE(project.db);
    auto records = makeRecords(project.sampleIds);
    records[1].probabilities[1] = cv::Mat::zeros(8, 9, CV_8UC1);
    auto stored = project.db->storePredictions(infoFor(project.runId), records);
    ASSERT_FALSE(stored);
    EXPECT_EQ(stored.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(stored.error().message.find("sample " + std::to_string(project.sampleIds[1])),
              std::string::npos)
        << stored.error().message;
    EXPECT_TRUE(project.db->predictionSets()->empty()) << "nothing is stored";
}

TEST(PredictionCache, ReviewFromTheDatabaseAgreesWithMetricsAtTheRunThreshold)
{
    CacheProject project;
    makeProject(project, 12);
    ASSERT_TRUE(project.db);
    const auto records = makeRecords(project.sampleIds);
    ASSERT_TRUE(project.db->storePredictions(infoFor(project.runId, 0.4), records));

    auto samples = loadReviewSamples(*project.db, project.runId, "test");
    ASSERT_TRUE(samples) << samples.error().message;
    ASSERT_EQ(samples->size(), 12u);
    // Ground truth: the mask's classes plus the dataset's labels, the mask resized to the maps.
    EXPECT_EQ((*samples)[0].labels, 0b01u);
    EXPECT_EQ((*samples)[1].labels, 0b10u);
    EXPECT_EQ((*samples)[2].labels, 0b01u) << "the dataset's label counts without pixels";
    EXPECT_EQ((*samples)[5].labels, 0u);
    EXPECT_EQ((*samples)[0].truth.size(), cv::Size(10, 8));
    EXPECT_EQ((*samples)[0].truth.type(), kClassMaskType);
    EXPECT_GT(cv::countNonZero((*samples)[0].truth), 0);

    const double runThreshold = (*project.db->predictionSets())[0].threshold;
    const MetricsReport report = computeMetrics(metricRows(*samples), runThreshold);
    const auto reviews = reviewErrors(*samples, {runThreshold, runThreshold}).value();
    ASSERT_EQ(reviews.size(), 2u);
    std::int64_t errors = 0;
    for (std::size_t c = 0; c < 2; ++c) {
        EXPECT_EQ(reviews[c].tp, report.perClass[c].tp);
        EXPECT_EQ(reviews[c].fp, report.perClass[c].fp);
        EXPECT_EQ(reviews[c].fn, report.perClass[c].fn);
        EXPECT_EQ(reviews[c].tn, report.perClass[c].tn);
        EXPECT_DOUBLE_EQ(reviews[c].precision, report.perClass[c].precision);
        EXPECT_DOUBLE_EQ(reviews[c].recall, report.perClass[c].recall);
        errors += reviews[c].fp + reviews[c].fn;
    }
    EXPECT_GT(errors, 0) << "the fixture must hold errors for the comparison to mean anything";
    for (const double t : {0.0, 0.2, 0.25, 0.5, 0.75, 0.9})
        expectAgreesWithMetrics(*samples, 2, t);
}

TEST(PredictionCache, MigratesFromSchemaFive)
{
    test::TempDir dir;
    const auto path = dir / "v5.dwb";
    std::int64_t sampleId = 0;
    std::int64_t runId = 0;
    {
        auto v5 = ProjectDb::createAtVersion(path, 5);
        ASSERT_TRUE(v5) << v5.error().message;
        EXPECT_EQ(*v5->schemaVersion(), 5);
        ASSERT_TRUE(v5->addClass("Pit"));
        ASSERT_TRUE(v5->addClass("Crack"));
        auto id =
            v5->addSample({"s", "/img/a.png", 20, 16, "h"}, emptyClassMask({20, 16}), std::nullopt);
        ASSERT_TRUE(id);
        sampleId = *id;
        auto run = v5->createRun("{}", "cpu");
        ASSERT_TRUE(run);
        runId = *run;
        auto early = v5->predictionSets();
        EXPECT_FALSE(early) << "schema 5 has no prediction cache";
    }
    auto project = ProjectDb::open(path);
    ASSERT_TRUE(project) << project.error().message;
    EXPECT_EQ(*project->schemaVersion(), ProjectDb::kSchemaVersion);
    EXPECT_GE(ProjectDb::kSchemaVersion, 6) << "the cache arrived with schema 6";
    EXPECT_EQ(project->samples()->size(), 1u);
    EXPECT_EQ(project->run(runId)->id, runId);
    auto sets = project->predictionSets();
    ASSERT_TRUE(sets) << sets.error().message;
    EXPECT_TRUE(sets->empty());
    ASSERT_TRUE(project->storePredictions(infoFor(runId), makeRecords({sampleId})));
    EXPECT_EQ(project->predictions(runId, "test")->size(), 1u);
}

TEST(ErrorReview, MetricsAtOneThresholdEqualComputeMetrics)
{
    // Image level only (no maps): every field computeMetrics reports, means included.
    const std::vector<ReviewSample> samples = {
        scored(1, {0.9f, 0.2f, 0.6f}, 0b001), scored(2, {0.4f, 0.7f, 0.1f}, 0b011),
        scored(3, {0.6f, 0.1f, 0.3f}, 0b000), scored(4, {0.2f, 0.8f, 0.55f}, 0b110),
        scored(5, {0.7f, 0.3f, 0.2f}, 0b001)};
    for (const double t : {0.25, 0.5, 0.65}) {
        const MetricsReport expected = computeMetrics(metricRows(samples), t);
        const MetricsReport got = reviewMetrics(samples, {t, t, t}).value();
        ASSERT_EQ(got.perClass.size(), 3u);
        for (std::size_t c = 0; c < 3; ++c) {
            EXPECT_DOUBLE_EQ(got.perClass[c].ap, expected.perClass[c].ap);
            EXPECT_EQ(got.perClass[c].tp, expected.perClass[c].tp);
            EXPECT_EQ(got.perClass[c].fp, expected.perClass[c].fp);
            EXPECT_DOUBLE_EQ(got.perClass[c].f1, expected.perClass[c].f1);
            EXPECT_DOUBLE_EQ(got.perClass[c].decisionAccuracy,
                             expected.perClass[c].decisionAccuracy);
        }
        EXPECT_DOUBLE_EQ(got.meanAp, expected.meanAp);
        EXPECT_DOUBLE_EQ(got.meanF1, expected.meanF1);
        EXPECT_NEAR(got.paperMap, expected.paperMap, 1e-12);
        EXPECT_NEAR(got.paperMiou, expected.paperMiou, 1e-12);
        EXPECT_EQ(got.classesWithPositives, expected.classesWithPositives);
    }
    // Per-class thresholds: class 1 at 0.75 drops sample 2's 0.7 and keeps sample 4's 0.8.
    const MetricsReport mixed = reviewMetrics(samples, {0.5, 0.75, 0.5}).value();
    EXPECT_EQ(mixed.perClass[1].tp, 1);
    EXPECT_EQ(mixed.perClass[1].fn, 1);
    EXPECT_EQ(mixed.perClass[0].tp, computeMetrics(metricRows(samples), 0.5).perClass[0].tp);
}

TEST(ErrorReview, PixelIouOfTheMapsAtTheThreshold)
{
    ReviewSample sample = scored(1, {0.9f}, 0b1);
    sample.truth = cv::Mat::zeros(4, 4, kClassMaskType);
    sample.truth(cv::Rect(0, 0, 2, 2)).setTo(1); // 4 true pixels
    cv::Mat map = cv::Mat::zeros(4, 4, CV_8UC1);
    map(cv::Rect(0, 0, 2, 1)).setTo(200); // 2 predicted, both true
    map(cv::Rect(3, 3, 1, 1)).setTo(100); // predicted only below 100/255
    sample.probabilities = {map};
    EXPECT_DOUBLE_EQ(reviewMetrics({sample}, {0.5}).value().perClass[0].pixelIou, 2.0 / 4.0);
    EXPECT_DOUBLE_EQ(reviewMetrics({sample}, {0.3}).value().perClass[0].pixelIou, 2.0 / 5.0);
    // A calibrated model: the image decision at one threshold, the pixels at another.
    const MetricsReport apart = reviewMetrics({sample}, {0.5}, {0.3}).value();
    EXPECT_DOUBLE_EQ(apart.perClass[0].pixelIou, 2.0 / 5.0);
    EXPECT_EQ(apart.thresholds, std::vector<double>{0.5});
    const auto unpaired = reviewMetrics({sample}, {0.5}, {});
    ASSERT_FALSE(unpaired);
    EXPECT_EQ(unpaired.error().code, ErrorCode::InvalidArgument);
}

TEST(ErrorReview, PrecisionRecallCurveStepsThroughTheScores)
{
    // Scores 0.9 (true), 0.8 (false), 0.8 (true), 0.3 (true), 0.1 (false) for class 0.
    const std::vector<ReviewSample> samples = {scored(1, {0.9f}, 1), scored(2, {0.8f}, 0),
                                               scored(3, {0.8f}, 1), scored(4, {0.3f}, 1),
                                               scored(5, {0.1f}, 0)};
    const auto curve = precisionRecallCurve(samples, 0).value();
    ASSERT_EQ(curve.size(), 4u) << "the tied 0.8s make one point";
    EXPECT_DOUBLE_EQ(curve[0].precision, 1.0);
    EXPECT_DOUBLE_EQ(curve[0].recall, 1.0 / 3.0);
    EXPECT_DOUBLE_EQ(curve[1].precision, 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(curve[1].recall, 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(curve[2].precision, 3.0 / 4.0);
    EXPECT_DOUBLE_EQ(curve[2].recall, 1.0);
    EXPECT_DOUBLE_EQ(curve[3].precision, 3.0 / 5.0);
    // Each point's threshold decides exactly the samples above it.
    EXPECT_LT(curve[1].threshold, 0.8);
    EXPECT_GT(curve[1].threshold, 0.3);
    const ClassReview atPoint = reviewClass(samples, 0, curve[1].threshold).value();
    EXPECT_EQ(atPoint.tp, 2);
    EXPECT_EQ(atPoint.fp, 1);
    EXPECT_TRUE(precisionRecallCurve({scored(1, {0.5f}, 0)}, 0).value().empty());
}

} // namespace dwb
