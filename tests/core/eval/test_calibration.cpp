#include "dwb/eval/Calibration.h"

#include <gtest/gtest.h>

namespace dwb {
namespace {

// One class: positives score 0.30-0.40, negatives 0.05-0.25, as an undertrained model does.
std::vector<std::vector<ImageClassResult>> timidScores()
{
    std::vector<std::vector<ImageClassResult>> results;
    for (int i = 0; i < 10; ++i)
        results.push_back({{0.30f + 0.01f * i, true, 0, 0, 0}});
    for (int i = 0; i < 30; ++i)
        results.push_back({{0.05f + 0.02f * (i % 11), false, 0, 0, 0}});
    return results;
}

} // namespace

TEST(Calibration, TheImageThresholdAtBestF1BeatsTheFixedHalf)
{
    const auto results = timidScores();
    const double fixed = computeMetrics(results, 0.5).perClass[0].f1;
    const double t = bestF1Threshold(results, 0, 0.5);
    const ClassMetrics calibrated = computeMetrics(results, t).perClass[0];
    EXPECT_EQ(fixed, 0.0) << "at 0.5 nothing is found";
    EXPECT_EQ(calibrated.f1, 1.0) << "threshold " << t;
    EXPECT_GT(t, 0.25f);
    EXPECT_LT(t, 0.30f) << "halfway between the lowest positive and the highest negative";
}

TEST(Calibration, TheImageThresholdFallsBackWithoutPositives)
{
    std::vector<std::vector<ImageClassResult>> results{{{0.9f, false, 0, 0, 0}},
                                                       {{0.1f, false, 0, 0, 0}}};
    EXPECT_EQ(bestF1Threshold(results, 0, 0.5), 0.5);
}

TEST(Calibration, TiedScoresAreNeverSplit)
{
    // Two images at 0.6, one positive: a threshold cannot take one and leave the other.
    std::vector<std::vector<ImageClassResult>> results{
        {{0.6f, true, 0, 0, 0}}, {{0.6f, false, 0, 0, 0}}, {{0.2f, false, 0, 0, 0}}};
    const double t = bestF1Threshold(results, 0, 0.5);
    const ClassMetrics m = computeMetrics(results, t).perClass[0];
    EXPECT_EQ(m.tp, 1);
    EXPECT_EQ(m.fp, 1);
    EXPECT_NEAR(m.f1, 2.0 / 3.0, 1e-12);
}

TEST(Calibration, ThePixelThresholdAtBestIouBeatsTheFixedHalf)
{
    // True pixels at probability 0.30-0.39, background below 0.2 and a few strays at 0.6.
    PixelHistogram h;
    for (int k = 30; k < 40; ++k) {
        h.truth[static_cast<std::size_t>(k)] = 10;
        h.all[static_cast<std::size_t>(k)] = 10;
    }
    for (int k = 0; k < 20; ++k)
        h.all[static_cast<std::size_t>(k)] = 1000;
    h.all[60] = 5;
    const IouChoice best = bestIouThreshold(h, 0.5);
    EXPECT_NEAR(best.threshold, 0.30, 1e-12);
    EXPECT_NEAR(best.iou, 100.0 / 105.0, 1e-12) << "all true pixels, the 5 strays";
    // At 0.5 only the strays are predicted: IoU 0.
    PixelHistogram none;
    EXPECT_EQ(bestIouThreshold(none, 0.42).threshold, 0.42) << "no true pixels: the fallback";
}

TEST(Calibration, TheSelectionScoreWeighsRankingAndSegmentationAlike)
{
    MetricsReport metrics;
    metrics.perClass.resize(3);
    metrics.perClass[0].ap = 0.8;
    metrics.perClass[0].positives = 4;
    metrics.perClass[1].ap = 0.4;
    metrics.perClass[1].positives = 2;
    metrics.perClass[2].positives = 0; // no positives: left out
    std::vector<PixelHistogram> histograms(3);
    histograms[0].truth[90] = histograms[0].all[90] = 10; // perfectly separated: IoU 1
    histograms[1].truth[90] = 10;                         // half the predicted pixels are false
    histograms[1].all[90] = 20;
    EXPECT_NEAR(selectionScore(metrics, histograms), ((0.8 + 1.0) / 2 + (0.4 + 0.5) / 2) / 2,
                1e-12);
}

TEST(Calibration, CalibrateGivesBothKindsPerClass)
{
    auto results = timidScores();
    for (auto& row : results)
        row.push_back({0.9f, row[0].label, 0, 0, 0}); // class 1: well separated at 0.9
    results[0][1].score = 0.1f;
    std::vector<PixelHistogram> histograms(2);
    histograms[0].truth[35] = histograms[0].all[35] = 3;
    const ClassThresholds t = calibrateThresholds(results, histograms, 0.5);
    ASSERT_EQ(t.image.size(), 2u);
    ASSERT_EQ(t.pixel.size(), 2u);
    EXPECT_LT(t.image[0], 0.3);
    EXPECT_NEAR(t.pixel[0], 0.35, 1e-12);
    EXPECT_EQ(t.pixel[1], 0.5) << "class 1 has no true pixels";
}

} // namespace dwb
