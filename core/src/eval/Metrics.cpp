#include "dwb/eval/Metrics.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>

namespace dwb {

namespace {

double ratio(double numerator, double denominator, double ifZero)
{
    return denominator == 0 ? ifZero : numerator / denominator;
}

struct Ranked {
    float score = 0;
    bool label = false;
};

// Non-interpolated AP, sum over thresholds of (R_k - R_{k-1}) * P_k. Items with equal scores
// form one threshold, so the order of ties cannot change the result.
double averagePrecision(std::vector<Ranked> ranked, std::int64_t positives)
{
    if (positives == 0)
        return 0;
    // NaN would break the sort's ordering; such a score ranks below every other.
    for (auto& item : ranked)
        if (std::isnan(item.score))
            item.score = -std::numeric_limits<float>::infinity();
    std::ranges::sort(ranked, std::greater{}, &Ranked::score);

    double ap = 0;
    double previousRecall = 0;
    std::int64_t truePositives = 0;
    std::int64_t seen = 0;
    for (std::size_t i = 0; i < ranked.size();) {
        const float score = ranked[i].score;
        for (; i < ranked.size() && ranked[i].score == score; ++i) {
            truePositives += ranked[i].label ? 1 : 0;
            ++seen;
        }
        const double recall = static_cast<double>(truePositives) / static_cast<double>(positives);
        const double precision = static_cast<double>(truePositives) / static_cast<double>(seen);
        ap += (recall - previousRecall) * precision;
        previousRecall = recall;
    }
    return ap;
}

struct ClassSums {
    ClassMetrics metrics;
    double pairIouSum = 0; // over all images, for the paper's all-classes mIoU
};

ClassSums classMetrics(const std::vector<std::vector<ImageClassResult>>& results, std::size_t c,
                       float threshold)
{
    ClassSums sums;
    ClassMetrics& m = sums.metrics;
    std::vector<Ranked> ranked;
    ranked.reserve(results.size());
    std::int64_t intersections = 0;
    std::int64_t unions = 0;
    double presentIouSum = 0;
    for (const auto& row : results) {
        const ImageClassResult& r = row[c];
        const bool decided = r.score > threshold;
        m.tp += decided && r.label ? 1 : 0;
        m.fp += decided && !r.label ? 1 : 0;
        m.fn += !decided && r.label ? 1 : 0;
        m.tn += !decided && !r.label ? 1 : 0;
        intersections += r.intersection;
        unions += r.predicted + r.truth - r.intersection;
        const double iou = pairIou(r);
        sums.pairIouSum += iou;
        if (r.label) {
            ++m.positives;
            presentIouSum += iou;
        }
        ranked.push_back({r.score, r.label});
    }

    const auto images = static_cast<double>(results.size());
    m.ap = averagePrecision(std::move(ranked), m.positives);
    m.precision = ratio(static_cast<double>(m.tp), static_cast<double>(m.tp + m.fp), 0);
    m.recall = ratio(static_cast<double>(m.tp), static_cast<double>(m.tp + m.fn), 0);
    m.f1 = ratio(2 * m.precision * m.recall, m.precision + m.recall, 0);
    m.pixelIou = ratio(static_cast<double>(intersections), static_cast<double>(unions), 1);
    m.decisionAccuracy = ratio(static_cast<double>(m.tp + m.tn), images, 0);
    m.pairIou = ratio(sums.pairIouSum, images, 0);
    m.presentIou = ratio(presentIouSum, static_cast<double>(m.positives), 0);
    return sums;
}

} // namespace

double pairIou(const ImageClassResult& result)
{
    const std::int64_t unionPixels = result.predicted + result.truth - result.intersection;
    return ratio(static_cast<double>(result.intersection), static_cast<double>(unionPixels), 1);
}

MetricsReport computeMetrics(const std::vector<std::vector<ImageClassResult>>& results,
                             double threshold)
{
    return computeMetrics(results, std::vector<double>{threshold});
}

MetricsReport computeMetrics(const std::vector<std::vector<ImageClassResult>>& results,
                             const std::vector<double>& thresholds)
{
    const std::size_t classes = results.empty() ? 0 : results.front().size();
    for (std::size_t i = 0; i < results.size(); ++i)
        if (results[i].size() != classes)
            throw std::invalid_argument("computeMetrics: image " + std::to_string(i) + " has " +
                                        std::to_string(results[i].size()) +
                                        " classes, image 0 has " + std::to_string(classes));

    if (thresholds.empty() || (thresholds.size() != 1 && thresholds.size() != classes))
        throw std::invalid_argument("computeMetrics: " + std::to_string(thresholds.size()) +
                                    " thresholds for " + std::to_string(classes) + " classes");
    MetricsReport report;
    report.threshold = thresholds.front();
    report.images = static_cast<std::int64_t>(results.size());

    std::int64_t correctPairs = 0;
    double pairIouSum = 0;
    double apSum = 0;
    double presentIouSum = 0;
    for (std::size_t c = 0; c < classes; ++c) {
        const double threshold = thresholds.size() == 1 ? thresholds.front() : thresholds[c];
        report.thresholds.push_back(threshold);
        // Scores are floats: compare against the threshold rounded the same way, so that a score
        // shown as 0.3 is not above a threshold of 0.3 by the double rounding of 0.3.
        ClassSums sums = classMetrics(results, c, static_cast<float>(threshold));
        const ClassMetrics& m = sums.metrics;
        correctPairs += m.tp + m.tn;
        pairIouSum += sums.pairIouSum;
        report.meanPrecision += m.precision;
        report.meanRecall += m.recall;
        report.meanF1 += m.f1;
        report.meanPixelIou += m.pixelIou;
        if (m.hasPositives()) {
            ++report.classesWithPositives;
            apSum += m.ap;
            presentIouSum += m.presentIou;
        }
        report.perClass.push_back(m);
    }

    const auto classCount = static_cast<double>(classes);
    report.meanPrecision = ratio(report.meanPrecision, classCount, 0);
    report.meanRecall = ratio(report.meanRecall, classCount, 0);
    report.meanF1 = ratio(report.meanF1, classCount, 0);
    report.meanPixelIou = ratio(report.meanPixelIou, classCount, 0);
    const auto withPositives = static_cast<double>(report.classesWithPositives);
    report.meanAp = ratio(apSum, withPositives, 0);
    report.meanPresentIou = ratio(presentIouSum, withPositives, 0);
    const double pairs = classCount * static_cast<double>(results.size());
    report.paperMap = ratio(static_cast<double>(correctPairs), pairs, 0);
    report.paperMiou = ratio(pairIouSum, pairs, 0);
    return report;
}

} // namespace dwb
