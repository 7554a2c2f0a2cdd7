// size: one suite over shared fixtures; each test reads best top to bottom, as a scenario.

#include "dwb/eval/ErrorReview.h"
#include "dwb/eval/PredictionCache.h"
#include "dwb/imaging/ClassMask.h"
#include "dwb/train/Loss.h"

#include "support/Fixtures.h"
#include "support/TempDir.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace dwb {

// The model's own evaluation fills the cache, and the review of the cache reproduces the
// evaluation's image-level metrics at its threshold and at others, without the model.
TEST(PredictionCache, EvaluationFillsTheCacheThatTheReviewReproduces)
{
    test::TempDir dir;
    auto project = ProjectDb::create(dir / "p.dwb");
    ASSERT_TRUE(project) << project.error().message;
    ASSERT_TRUE(project->addClass("Pit"));
    ASSERT_TRUE(project->addClass("Crack"));
    const cv::Size size(32, 24);
    std::vector<std::pair<std::int64_t, Split>> splits;
    for (int i = 0; i < 10; ++i) {
        // Built by appending: GCC 12 warns (-Wrestrict, falsely) on "literal" + to_string here.
        std::string stem = "img";
        stem += std::to_string(i);
        const auto path = dir / (stem + ".png");
        test::writeImage(path, test::rampImage(size, i));
        cv::Mat mask = emptyClassMask(size);
        if (i % 3 < 2)
            addClassPixels(mask, test::rectMask(size, {3 + i, 4, 6, 5}), i % 3);
        auto id = project->addSample({"s", path.string(), size.width, size.height, stem}, mask,
                                     std::nullopt);
        ASSERT_TRUE(id) << id.error().message;
        splits.emplace_back(*id, Split::Test);
    }
    ASSERT_TRUE(project->setSplits(splits));
    auto run = project->createRun("{}", "cpu");
    ASSERT_TRUE(run);
    auto samples = samplesOfSplit(*project, Split::Test);
    ASSERT_TRUE(samples);
    auto prepared = prepareSamples(*project, *samples, {size.height, size.width, 1});
    ASSERT_TRUE(prepared) << prepared.error().message;

    torch::manual_seed(3);
    CanOptions options;
    options.classes = 2;
    options.width = 8;
    Can model(options);
    const ProgressiveLoss loss(2, {}, {}, at::kCPU);
    EvaluationOptions evalOptions;
    evalOptions.batchSize = 4;
    evalOptions.threshold = 0.5;
    auto evaluation =
        evaluateAndCache(*project, *run, "test", model, *prepared, 2, loss, at::kCPU, evalOptions);
    ASSERT_TRUE(evaluation) << evaluation.error().message;

    auto sets = project->predictionSets();
    ASSERT_TRUE(sets);
    ASSERT_EQ(sets->size(), 1u);
    EXPECT_EQ((*sets)[0].samples, 10);
    EXPECT_EQ((*sets)[0].width, size.width) << "maps at the network's mask resolution";
    EXPECT_EQ((*sets)[0].height, size.height);
    EXPECT_DOUBLE_EQ((*sets)[0].threshold, 0.5);

    auto review = loadReviewSamples(*project, *run, "test");
    ASSERT_TRUE(review) << review.error().message;
    ASSERT_EQ(review->size(), evaluation->results.size());
    for (std::size_t i = 0; i < review->size(); ++i)
        for (std::size_t c = 0; c < 2; ++c) {
            const ImageClassResult& result = evaluation->results[i][c];
            EXPECT_EQ((*review)[i].scores[c], result.score) << "scores are stored bit for bit";
            EXPECT_EQ((((*review)[i].labels >> c) & 1u) != 0, result.label);
            // The image score is the sigmoid of the largest logit: the map's maximum, quantised.
            double maxLevel = 0;
            cv::minMaxLoc((*review)[i].probabilities[c], nullptr, &maxLevel);
            EXPECT_NEAR(maxLevel, std::round(result.score * 255.0f), 1.0);
        }

    // At the run's threshold and at thresholds between the cached scores.
    std::vector<double> thresholds = {(*sets)[0].threshold};
    for (const auto& row : evaluation->results)
        thresholds.push_back(row[0].score);
    for (const double t : thresholds) {
        const MetricsReport report = computeMetrics(evaluation->results, t);
        for (int c = 0; c < 2; ++c) {
            const ClassReview classReview = reviewClass(*review, c, t).value();
            const ClassMetrics& m = report.perClass[static_cast<std::size_t>(c)];
            EXPECT_EQ(classReview.tp, m.tp);
            EXPECT_EQ(classReview.fp, m.fp);
            EXPECT_EQ(classReview.fn, m.fn);
            EXPECT_EQ(classReview.tn, m.tn);
            EXPECT_DOUBLE_EQ(classReview.precision, m.precision);
            EXPECT_DOUBLE_EQ(classReview.recall, m.recall);
        }
    }
}

} // namespace dwb
