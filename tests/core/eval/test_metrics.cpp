#include "dwb/eval/Metrics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace {

using dwb::ImageClassResult;
using dwb::MetricsReport;
using Results = std::vector<std::vector<ImageClassResult>>;

constexpr double kTol = 1e-9;

ImageClassResult pair(float score, bool label, std::int64_t intersection = 0,
                      std::int64_t predicted = 0, std::int64_t truth = 0)
{
    return {score, label, intersection, predicted, truth};
}

// One class: each result is one image.
Results oneClass(const std::vector<ImageClassResult>& images)
{
    Results results;
    for (const auto& image : images)
        results.push_back({image});
    return results;
}

TEST(Metrics, PerfectPrediction)
{
    const Results results = oneClass(
        {pair(0.95f, true, 10, 10, 10), pair(0.9f, true, 5, 5, 5), pair(0.05f, false, 0, 0, 0)});
    const MetricsReport report = dwb::computeMetrics(results, 0.5);
    ASSERT_EQ(report.perClass.size(), 1u);
    const auto& m = report.perClass[0];
    EXPECT_EQ(m.tp, 2);
    EXPECT_EQ(m.fp, 0);
    EXPECT_EQ(m.fn, 0);
    EXPECT_EQ(m.tn, 1);
    EXPECT_EQ(m.positives, 2);
    EXPECT_NEAR(m.ap, 1, kTol);
    EXPECT_NEAR(m.precision, 1, kTol);
    EXPECT_NEAR(m.recall, 1, kTol);
    EXPECT_NEAR(m.f1, 1, kTol);
    EXPECT_NEAR(m.pixelIou, 1, kTol);
    EXPECT_NEAR(m.decisionAccuracy, 1, kTol);
    EXPECT_NEAR(m.pairIou, 1, kTol);
    EXPECT_NEAR(m.presentIou, 1, kTol);
    EXPECT_NEAR(report.meanAp, 1, kTol);
    EXPECT_NEAR(report.paperMap, 1, kTol);
    EXPECT_NEAR(report.paperMiou, 1, kTol);
    EXPECT_NEAR(report.meanPresentIou, 1, kTol);
    EXPECT_EQ(report.images, 3);
    EXPECT_EQ(report.classesWithPositives, 1);
}

TEST(Metrics, AllEmpty)
{
    // Two images, two classes: no labels, nothing predicted, scores below the threshold.
    const Results results(2, std::vector<ImageClassResult>(2, pair(0.1f, false)));
    const MetricsReport report = dwb::computeMetrics(results, 0.5);
    ASSERT_EQ(report.perClass.size(), 2u);
    for (const auto& m : report.perClass) {
        EXPECT_FALSE(m.hasPositives());
        EXPECT_EQ(m.positives, 0);
        EXPECT_EQ(m.tn, 2);
        EXPECT_EQ(m.tp + m.fp + m.fn, 0);
        EXPECT_NEAR(m.ap, 0, kTol); // n/a
        EXPECT_NEAR(m.precision, 0, kTol);
        EXPECT_NEAR(m.recall, 0, kTol);
        EXPECT_NEAR(m.f1, 0, kTol);
        EXPECT_NEAR(m.pixelIou, 1, kTol);
        EXPECT_NEAR(m.pairIou, 1, kTol);
        EXPECT_NEAR(m.decisionAccuracy, 1, kTol);
        EXPECT_NEAR(m.presentIou, 0, kTol); // n/a
    }
    EXPECT_EQ(report.classesWithPositives, 0);
    EXPECT_NEAR(report.meanAp, 0, kTol);
    EXPECT_NEAR(report.meanPresentIou, 0, kTol);
    EXPECT_NEAR(report.meanPixelIou, 1, kTol);
    EXPECT_NEAR(report.paperMap, 1, kTol);
    EXPECT_NEAR(report.paperMiou, 1, kTol);
}

TEST(Metrics, OneFalsePositive)
{
    // threshold 0.5                      decision  pair IoU
    // A 0.9 true   i 8 p 10 t 12 (u 14)  TP        8/14 = 4/7
    // B 0.8 false  i 0 p 6  t 0  (u 6)   FP        0
    // C 0.7 true   i 5 p 5  t 5  (u 5)   TP        1
    // D 0.2 false  nothing      (u 0)    TN        1 (empty vs empty)
    // precision 2/3, recall 2/2, F1 = 2 (2/3)(1) / (5/3) = 4/5
    // AP: A R 1/2 P 1 -> 1/2; B adds no recall; C R 1 P 2/3 -> 1/2 * 2/3 = 1/3; total 5/6
    // pixel IoU (8 + 0 + 5 + 0) / (14 + 6 + 5 + 0) = 13/25
    // decision accuracy 3/4; pair IoU (4/7 + 0 + 1 + 1) / 4 = 9/14; present IoU (4/7 + 1) / 2 =
    // 11/14
    const Results results = oneClass({pair(0.9f, true, 8, 10, 12), pair(0.8f, false, 0, 6, 0),
                                      pair(0.7f, true, 5, 5, 5), pair(0.2f, false)});
    const MetricsReport report = dwb::computeMetrics(results, 0.5);
    const auto& m = report.perClass.at(0);
    EXPECT_EQ(m.tp, 2);
    EXPECT_EQ(m.fp, 1);
    EXPECT_EQ(m.fn, 0);
    EXPECT_EQ(m.tn, 1);
    EXPECT_EQ(m.positives, 2);
    EXPECT_NEAR(m.precision, 2.0 / 3, kTol);
    EXPECT_NEAR(m.recall, 1, kTol);
    EXPECT_NEAR(m.f1, 0.8, kTol);
    EXPECT_NEAR(m.ap, 5.0 / 6, kTol);
    EXPECT_NEAR(m.pixelIou, 13.0 / 25, kTol);
    EXPECT_NEAR(m.decisionAccuracy, 0.75, kTol);
    EXPECT_NEAR(m.pairIou, 9.0 / 14, kTol);
    EXPECT_NEAR(m.presentIou, 11.0 / 14, kTol);
    EXPECT_NEAR(report.meanAp, 5.0 / 6, kTol);
    EXPECT_NEAR(report.meanF1, 0.8, kTol);
    EXPECT_NEAR(report.paperMap, 0.75, kTol);
    EXPECT_NEAR(report.paperMiou, 9.0 / 14, kTol);
    EXPECT_NEAR(report.meanPresentIou, 11.0 / 14, kTol);
}

TEST(Metrics, TiedPositiveAndNegativeEnterTogether)
{
    // At 0.9 both enter: P 1/2, R 1/2; at 0.1: P 2/3, R 1. AP = 1/2 * 1/2 + 1/2 * 2/3 = 7/12.
    // Taking the tied positive first would give 5/6, the tied negative first 7/12 by luck.
    const double expected = 0.5 * 0.5 + 0.5 * (2.0 / 3);
    const auto positiveFirst =
        dwb::computeMetrics(oneClass({pair(0.9f, true), pair(0.9f, false), pair(0.1f, true)}), 0.5);
    const auto negativeFirst =
        dwb::computeMetrics(oneClass({pair(0.9f, false), pair(0.9f, true), pair(0.1f, true)}), 0.5);
    EXPECT_NEAR(positiveFirst.perClass.at(0).ap, expected, kTol);
    EXPECT_NEAR(negativeFirst.perClass.at(0).ap, expected, kTol);
}

TEST(Metrics, ApDoesNotDependOnTheOrderOfTies)
{
    // Three tied at 0.8 (one positive), two tied at 0.4 (both positive), three positives:
    // at 0.8 P 1/3, R 1/3 -> 1/9; at 0.4 P 3/5, R 1 -> 2/3 * 3/5 = 2/5. AP = 23/45.
    std::vector<ImageClassResult> images = {pair(0.8f, true), pair(0.8f, false), pair(0.8f, false),
                                            pair(0.4f, true), pair(0.4f, true)};
    std::array<int, 5> order = {0, 1, 2, 3, 4};
    int permutations = 0;
    do {
        std::vector<ImageClassResult> shuffled;
        for (int i : order)
            shuffled.push_back(images[static_cast<std::size_t>(i)]);
        const auto report = dwb::computeMetrics(oneClass(shuffled), 0.5);
        EXPECT_NEAR(report.perClass.at(0).ap, 23.0 / 45, kTol);
        ++permutations;
    } while (std::ranges::next_permutation(order).found);
    EXPECT_EQ(permutations, 120);
}

TEST(Metrics, MultiClassPerClassAndMeans)
{
    // threshold 0.5
    // class 0: img0 0.9 true  i4 p4 t4 -> TP, IoU 1
    //          img1 0.6 false i0 p3 t0 -> FP, IoU 0
    //          img2 0.3 true  i2 p2 t6 -> FN, IoU 2/6 = 1/3
    //   P 1/2, R 1/2, F1 1/2; AP 1/2 * 1 + 1/2 * 2/3 = 5/6; pixel IoU 6/13;
    //   decision accuracy 1/3; pair IoU 4/9; present IoU 2/3
    // class 1: img0 0.1 false, img1 0.2 false: TN, IoU 1; img2 0.7 false p5 -> FP, IoU 0
    //   no positives: AP n/a (0), present IoU n/a (0); P 0/1 = 0, R 0/0 = 0, F1 0;
    //   pixel IoU 0/5 = 0; decision accuracy 2/3; pair IoU 2/3
    // means: AP 5/6 (class 0 only); P, R, F1 1/4; pixel IoU 3/13;
    //   paper mAP (1 + 2) / 6 = 1/2; paper mIoU (4/3 + 2) / 6 = 5/9; present IoU 2/3
    const Results results = {{pair(0.9f, true, 4, 4, 4), pair(0.1f, false)},
                             {pair(0.6f, false, 0, 3, 0), pair(0.2f, false)},
                             {pair(0.3f, true, 2, 2, 6), pair(0.7f, false, 0, 5, 0)}};
    const MetricsReport report = dwb::computeMetrics(results, 0.5);
    ASSERT_EQ(report.perClass.size(), 2u);
    const auto& c0 = report.perClass[0];
    EXPECT_EQ(c0.tp, 1);
    EXPECT_EQ(c0.fp, 1);
    EXPECT_EQ(c0.fn, 1);
    EXPECT_EQ(c0.tn, 0);
    EXPECT_NEAR(c0.precision, 0.5, kTol);
    EXPECT_NEAR(c0.recall, 0.5, kTol);
    EXPECT_NEAR(c0.f1, 0.5, kTol);
    EXPECT_NEAR(c0.ap, 5.0 / 6, kTol);
    EXPECT_NEAR(c0.pixelIou, 6.0 / 13, kTol);
    EXPECT_NEAR(c0.decisionAccuracy, 1.0 / 3, kTol);
    EXPECT_NEAR(c0.pairIou, 4.0 / 9, kTol);
    EXPECT_NEAR(c0.presentIou, 2.0 / 3, kTol);

    const auto& c1 = report.perClass[1];
    EXPECT_FALSE(c1.hasPositives());
    EXPECT_EQ(c1.tp, 0);
    EXPECT_EQ(c1.fp, 1);
    EXPECT_EQ(c1.fn, 0);
    EXPECT_EQ(c1.tn, 2);
    EXPECT_NEAR(c1.precision, 0, kTol);
    EXPECT_NEAR(c1.recall, 0, kTol);
    EXPECT_NEAR(c1.f1, 0, kTol);
    EXPECT_NEAR(c1.ap, 0, kTol);
    EXPECT_NEAR(c1.pixelIou, 0, kTol);
    EXPECT_NEAR(c1.decisionAccuracy, 2.0 / 3, kTol);
    EXPECT_NEAR(c1.pairIou, 2.0 / 3, kTol);
    EXPECT_NEAR(c1.presentIou, 0, kTol);

    EXPECT_EQ(report.images, 3);
    EXPECT_EQ(report.classesWithPositives, 1);
    EXPECT_NEAR(report.meanAp, 5.0 / 6, kTol);
    EXPECT_NEAR(report.meanPrecision, 0.25, kTol);
    EXPECT_NEAR(report.meanRecall, 0.25, kTol);
    EXPECT_NEAR(report.meanF1, 0.25, kTol);
    EXPECT_NEAR(report.meanPixelIou, 3.0 / 13, kTol);
    EXPECT_NEAR(report.paperMap, 0.5, kTol);
    EXPECT_NEAR(report.paperMiou, 5.0 / 9, kTol);
    EXPECT_NEAR(report.meanPresentIou, 2.0 / 3, kTol);
}

TEST(Metrics, ScoreAtThresholdIsNegative)
{
    const float justAbove = std::nextafter(0.5f, 1.0f);
    const Results results = oneClass({pair(0.5f, true, 3, 4, 5), pair(justAbove, true, 2, 2, 2),
                                      pair(0.3f, false), pair(0.7f, false, 0, 1, 0)});
    // At 0.5: 0.5 -> FN, just above -> TP, 0.3 -> TN, 0.7 -> FP.
    const MetricsReport atHalf = dwb::computeMetrics(results, 0.5);
    const auto& half = atHalf.perClass.at(0);
    EXPECT_DOUBLE_EQ(atHalf.threshold, 0.5);
    EXPECT_EQ(half.tp, 1);
    EXPECT_EQ(half.fn, 1);
    EXPECT_EQ(half.tn, 1);
    EXPECT_EQ(half.fp, 1);

    // At 0.3 (a double a little below 0.3f): the 0.3f score is still exactly at the threshold.
    const MetricsReport atLow = dwb::computeMetrics(results, 0.3);
    const auto& low = atLow.perClass.at(0);
    EXPECT_EQ(low.tp, 2);
    EXPECT_EQ(low.fn, 0);
    EXPECT_EQ(low.tn, 1);
    EXPECT_EQ(low.fp, 1);

    // The threshold moves only the image-level decision: AP and the pixel metrics stay.
    EXPECT_NEAR(low.ap, half.ap, kTol);
    EXPECT_NEAR(low.pixelIou, half.pixelIou, kTol);
    EXPECT_NEAR(low.pairIou, half.pairIou, kTol);
    EXPECT_NEAR(low.presentIou, half.presentIou, kTol);
    // Ranking 0.7-, 0.5+eps+, 0.5+, 0.3-: AP = 1/2 * 1/2 + 1/2 * 2/3 = 7/12.
    EXPECT_NEAR(half.ap, 7.0 / 12, kTol);
}

TEST(Metrics, NanScoreRanksLastAndIsNegative)
{
    const float nan = std::numeric_limits<float>::quiet_NaN();
    // Ranking 0.4-, NaN+: at 0.4 P 0 R 0; at NaN P 1/2 R 1 -> AP 1/2.
    const auto report = dwb::computeMetrics(oneClass({pair(nan, true), pair(0.4f, false)}), 0.0);
    const auto& m = report.perClass.at(0);
    EXPECT_NEAR(m.ap, 0.5, kTol);
    EXPECT_EQ(m.fn, 1);
    EXPECT_EQ(m.fp, 1);
}

TEST(Metrics, PairIou)
{
    EXPECT_NEAR(dwb::pairIou(pair(0, false)), 1, kTol);
    EXPECT_NEAR(dwb::pairIou(pair(0, true, 0, 0, 7)), 0, kTol);
    EXPECT_NEAR(dwb::pairIou(pair(0, false, 0, 7, 0)), 0, kTol);
    EXPECT_NEAR(dwb::pairIou(pair(0, true, 3, 4, 5)), 0.5, kTol);
}

TEST(Metrics, NoImages)
{
    const MetricsReport report = dwb::computeMetrics({}, 0.5);
    EXPECT_EQ(report.images, 0);
    EXPECT_TRUE(report.perClass.empty());
    EXPECT_NEAR(report.paperMap, 0, kTol);
    EXPECT_NEAR(report.paperMiou, 0, kTol);
    EXPECT_NEAR(report.meanAp, 0, kTol);
}

TEST(Metrics, RaggedRowsAreRejected)
{
    const Results results = {{pair(0.1f, false), pair(0.2f, false)}, {pair(0.3f, false)}};
    try {
        dwb::computeMetrics(results, 0.5);
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& error) {
        EXPECT_STREQ(error.what(), "computeMetrics: image 1 has 1 classes, image 0 has 2");
    }
}

} // namespace
