#include "dwb/eval/Calibration.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dwb {

PixelHistogram::PixelHistogram()
    : all(kThresholdBins, 0)
    , truth(kThresholdBins, 0)
{
}

IouChoice bestIouThreshold(const PixelHistogram& h, double fallback)
{
    const std::int64_t truePixels = std::accumulate(h.truth.begin(), h.truth.end(), 0ll);
    if (truePixels == 0)
        return {fallback, 0};
    IouChoice best{fallback, -1};
    // From the top bin down, so that the counts above threshold k / B accumulate.
    std::int64_t predicted = h.all.back(), intersection = h.truth.back();
    for (int k = kThresholdBins - 1; k >= 1; --k) {
        const double threshold = static_cast<double>(k) / kThresholdBins;
        const std::int64_t unionPixels = predicted + truePixels - intersection;
        const double iou = unionPixels == 0 ? 1.0 : static_cast<double>(intersection) / unionPixels;
        if (iou > best.iou ||
            (iou == best.iou && std::abs(threshold - 0.5) < std::abs(best.threshold - 0.5)))
            best = {threshold, iou};
        predicted += h.all[static_cast<std::size_t>(k - 1)];
        intersection += h.truth[static_cast<std::size_t>(k - 1)];
    }
    return best;
}

double bestF1Threshold(const std::vector<std::vector<ImageClassResult>>& results, std::size_t c,
                       double fallback)
{
    std::vector<std::pair<float, bool>> ranked;
    ranked.reserve(results.size());
    std::int64_t positives = 0;
    for (const auto& row : results) {
        const float score = std::isnan(row[c].score) ? -1.0f : row[c].score;
        ranked.emplace_back(score, row[c].label);
        positives += row[c].label ? 1 : 0;
    }
    if (positives == 0)
        return fallback;
    std::ranges::sort(ranked, std::greater{}, &std::pair<float, bool>::first);
    double bestF1 = 0;
    double best = fallback;
    std::int64_t tp = 0, taken = 0;
    for (std::size_t i = 0; i < ranked.size();) {
        const float score = ranked[i].first;
        for (; i < ranked.size() && ranked[i].first == score; ++i) {
            tp += ranked[i].second ? 1 : 0;
            ++taken;
        }
        const double f1 = 2.0 * static_cast<double>(tp) / static_cast<double>(taken + positives);
        if (f1 > bestF1 && score > 0) {
            bestF1 = f1;
            // Halfway to the next lower score, in float as decisions are made: `score` must stay
            // above the threshold and the next one must not.
            const float next = i < ranked.size() ? std::max(ranked[i].first, 0.0f) : 0.0f;
            float threshold = next + (score - next) / 2;
            if (!(threshold < score))
                threshold = next;
            best = threshold;
        }
    }
    return best;
}

ClassThresholds calibrateThresholds(const std::vector<std::vector<ImageClassResult>>& results,
                                    const std::vector<PixelHistogram>& histograms, double fallback)
{
    ClassThresholds thresholds;
    for (std::size_t c = 0; c < histograms.size(); ++c) {
        thresholds.image.push_back(bestF1Threshold(results, c, fallback));
        thresholds.pixel.push_back(bestIouThreshold(histograms[c], fallback).threshold);
    }
    return thresholds;
}

double selectionScore(const MetricsReport& metrics, const std::vector<PixelHistogram>& histograms)
{
    double sum = 0;
    int classes = 0;
    for (std::size_t c = 0; c < metrics.perClass.size() && c < histograms.size(); ++c) {
        if (!metrics.perClass[c].hasPositives())
            continue;
        sum += (metrics.perClass[c].ap + bestIouThreshold(histograms[c], 0.5).iou) / 2;
        ++classes;
    }
    return classes == 0 ? 0 : sum / classes;
}

} // namespace dwb
