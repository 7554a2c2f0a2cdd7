#include "dwb/eval/ErrorReview.h"

#include "dwb/augment/BlobExtractor.h"
#include "dwb/imaging/ClassMask.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace dwb {
namespace {

double ratio(std::int64_t numerator, std::int64_t denominator)
{
    return denominator == 0 ? 0.0
                            : static_cast<double>(numerator) / static_cast<double>(denominator);
}

// NaN sorts as the lowest score, as in computeMetrics' ranking.
float sortKey(float score)
{
    return std::isnan(score) ? -std::numeric_limits<float>::infinity() : score;
}

// The smallest quantised value q with q / 255 > threshold, compared in float like the image-level
// decision; 256 when no value qualifies.
int firstPredictedLevel(float threshold)
{
    int level = 0;
    while (level < 256 && !(static_cast<float>(level) / 255.0f > threshold))
        ++level;
    return level;
}

// Cached predictions older than a class, or maps that do not fit their mask: a stale cache.
Status checkSample(const ReviewSample& sample, std::size_t classIndex)
{
    if (sample.scores.size() <= classIndex)
        return fail(ErrorCode::Corrupt, "review sample " + std::to_string(sample.sampleId) +
                                            " has no score for class " +
                                            std::to_string(classIndex));
    if (sample.probabilities.empty())
        return {};
    const cv::Mat& map = sample.probabilities.size() > classIndex ? sample.probabilities[classIndex]
                                                                  : sample.probabilities.front();
    if (sample.probabilities.size() != sample.scores.size() || map.type() != CV_8UC1 ||
        sample.truth.type() != kClassMaskType || map.size() != sample.truth.size())
        return fail(ErrorCode::Corrupt,
                    "review sample " + std::to_string(sample.sampleId) +
                        " needs one 8-bit map per class of its truth mask's size");
    return {};
}

void reviewBlobs(const ReviewSample& sample, std::size_t index, int classIndex, int level,
                 ClassReview& review)
{
    const cv::Mat& map = sample.probabilities[static_cast<std::size_t>(classIndex)];
    cv::Mat predictedPixels = cv::Mat::zeros(map.size(), CV_8UC1);
    if (level <= 255)
        cv::compare(map, cv::Scalar(level), predictedPixels, cv::CMP_GE);
    const cv::Mat truthPixels = classPixels(sample.truth, classIndex);
    const auto predicted =
        extractBlobs(classMaskFromBinary(predictedPixels, classIndex), classIndex);
    const auto truth = extractBlobs(sample.truth, classIndex);
    review.predictedBlobs += static_cast<std::int64_t>(predicted.size());
    review.truthBlobs += static_cast<std::int64_t>(truth.size());

    const auto error = [&](const Blob& blob) {
        const double mean = cv::mean(map(blob.box), blob.pixels)[0] / 255.0;
        return BlobError{index, sample.sampleId, blob.box, blob.area, mean};
    };
    const auto touches = [](const Blob& blob, const cv::Mat& pixels) {
        cv::Mat both;
        cv::bitwise_and(pixels(blob.box), blob.pixels, both);
        return cv::countNonZero(both) > 0;
    };
    for (const Blob& blob : predicted)
        if (!touches(blob, truthPixels))
            review.falsePositiveBlobs.push_back(error(blob));
    for (const Blob& blob : truth)
        if (!touches(blob, predictedPixels))
            review.falseNegativeBlobs.push_back(error(blob));
}

// One checked sample's decision and pixel counts for class c, its pixels cut at `level`.
ImageClassResult imageClassResult(const ReviewSample& sample, std::size_t c, int level)
{
    ImageClassResult result;
    result.score = sample.scores[c];
    result.label = (sample.labels >> c) & 1u;
    if (!sample.probabilities.empty()) {
        cv::Mat predicted = cv::Mat::zeros(sample.truth.size(), CV_8UC1);
        if (level <= 255)
            cv::compare(sample.probabilities[c], cv::Scalar(level), predicted, cv::CMP_GE);
        const cv::Mat truth = classPixels(sample.truth, static_cast<int>(c));
        result.predicted = cv::countNonZero(predicted);
        result.truth = cv::countNonZero(truth);
        result.intersection = cv::countNonZero(predicted & truth);
    }
    return result;
}

} // namespace

Result<ClassReview> reviewClass(const std::vector<ReviewSample>& samples, int classIndex,
                                double threshold)
{
    return reviewClass(samples, classIndex, threshold, threshold);
}

Result<ClassReview> reviewClass(const std::vector<ReviewSample>& samples, int classIndex,
                                double imageThreshold, double pixelThreshold)
{
    if (classIndex < 0 || classIndex >= kMaxClasses)
        return fail(ErrorCode::InvalidArgument, "class index out of range");
    const auto c = static_cast<std::size_t>(classIndex);
    // Compared in float, like computeMetrics: a score shown as 0.3 is not above a 0.3 threshold.
    const auto t = static_cast<float>(imageThreshold);
    const int level = firstPredictedLevel(static_cast<float>(pixelThreshold));
    ClassReview review;
    review.threshold = imageThreshold;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const ReviewSample& sample = samples[i];
        if (auto ok = checkSample(sample, c); !ok)
            return std::unexpected(ok.error());
        const float score = sample.scores[c];
        const bool decided = score > t;
        const bool label = (sample.labels >> c) & 1u;
        review.tp += decided && label ? 1 : 0;
        review.tn += !decided && !label ? 1 : 0;
        if (decided && !label) {
            ++review.fp;
            review.falsePositives.push_back({i, sample.sampleId, score});
        }
        if (!decided && label) {
            ++review.fn;
            review.falseNegatives.push_back({i, sample.sampleId, score});
        }
        if (!sample.probabilities.empty())
            reviewBlobs(sample, i, classIndex, level, review);
    }
    review.precision = ratio(review.tp, review.tp + review.fp);
    review.recall = ratio(review.tp, review.tp + review.fn);

    // Stable sorts: ties keep the samples' order, so the gallery does not reshuffle.
    std::ranges::stable_sort(review.falsePositives, std::greater{},
                             [](const ImageError& e) { return sortKey(e.score); });
    std::ranges::stable_sort(review.falseNegatives, std::less{},
                             [](const ImageError& e) { return sortKey(e.score); });
    std::ranges::stable_sort(review.falsePositiveBlobs, std::greater{},
                             &BlobError::meanProbability);
    std::ranges::stable_sort(review.falseNegativeBlobs, std::less{}, &BlobError::meanProbability);
    return review;
}

Result<std::vector<ClassReview>> reviewErrors(const std::vector<ReviewSample>& samples,
                                              const std::vector<double>& thresholds)
{
    std::vector<ClassReview> reviews;
    reviews.reserve(thresholds.size());
    for (std::size_t c = 0; c < thresholds.size(); ++c) {
        auto review = reviewClass(samples, static_cast<int>(c), thresholds[c]);
        if (!review)
            return std::unexpected(review.error());
        reviews.push_back(std::move(*review));
    }
    return reviews;
}

Result<MetricsReport> reviewMetrics(const std::vector<ReviewSample>& samples,
                                    const std::vector<double>& thresholds)
{
    return reviewMetrics(samples, thresholds, thresholds);
}

Result<MetricsReport> reviewMetrics(const std::vector<ReviewSample>& samples,
                                    const std::vector<double>& thresholds,
                                    const std::vector<double>& pixelThresholds)
{
    if (pixelThresholds.size() != thresholds.size())
        return fail(ErrorCode::InvalidArgument,
                    "reviewMetrics: one pixel threshold per class expected");
    MetricsReport report;
    report.images = static_cast<std::int64_t>(samples.size());
    report.threshold = thresholds.empty() ? 0.5 : thresholds.front();
    double apSum = 0, presentIouSum = 0, accuracySum = 0, pairIouSum = 0;
    for (std::size_t c = 0; c < thresholds.size(); ++c) {
        const int level = firstPredictedLevel(static_cast<float>(pixelThresholds[c]));
        std::vector<std::vector<ImageClassResult>> results;
        results.reserve(samples.size());
        for (const ReviewSample& sample : samples) {
            if (auto ok = checkSample(sample, c); !ok)
                return std::unexpected(ok.error());
            results.push_back({imageClassResult(sample, c, level)});
        }
        const ClassMetrics m = computeMetrics(results, thresholds[c]).perClass.at(0);
        report.thresholds.push_back(thresholds[c]);
        report.meanPrecision += m.precision;
        report.meanRecall += m.recall;
        report.meanF1 += m.f1;
        report.meanPixelIou += m.pixelIou;
        accuracySum += m.decisionAccuracy;
        pairIouSum += m.pairIou;
        if (m.hasPositives()) {
            ++report.classesWithPositives;
            apSum += m.ap;
            presentIouSum += m.presentIou;
        }
        report.perClass.push_back(m);
    }
    const auto classes = static_cast<double>(thresholds.size());
    if (classes > 0) {
        report.meanPrecision /= classes;
        report.meanRecall /= classes;
        report.meanF1 /= classes;
        report.meanPixelIou /= classes;
        // Every class is decided on every image, so the pair means are the class means.
        report.paperMap = accuracySum / classes;
        report.paperMiou = pairIouSum / classes;
    }
    if (report.classesWithPositives > 0) {
        const auto withPositives = static_cast<double>(report.classesWithPositives);
        report.meanAp = apSum / withPositives;
        report.meanPresentIou = presentIouSum / withPositives;
    }
    return report;
}

Result<std::vector<PrecisionRecallPoint>>
precisionRecallCurve(const std::vector<ReviewSample>& samples, int classIndex)
{
    const auto c = static_cast<std::size_t>(classIndex);
    std::vector<std::pair<float, bool>> scored;
    scored.reserve(samples.size());
    std::int64_t positives = 0;
    for (const ReviewSample& sample : samples) {
        if (auto ok = checkSample(sample, c); !ok)
            return std::unexpected(ok.error());
        const bool label = (sample.labels >> c) & 1u;
        positives += label;
        scored.emplace_back(sortKey(sample.scores[c]), label);
    }
    std::vector<PrecisionRecallPoint> curve;
    if (positives == 0)
        return curve;
    std::sort(scored.begin(), scored.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    std::int64_t tp = 0, taken = 0;
    for (std::size_t i = 0; i < scored.size(); ++i) {
        tp += scored[i].second;
        ++taken;
        // Tied scores are decided together: one point after the last of them.
        if (i + 1 < scored.size() && scored[i + 1].first == scored[i].first)
            continue;
        const float below =
            std::nextafter(scored[i].first, -std::numeric_limits<float>::infinity());
        curve.push_back({static_cast<double>(below), ratio(tp, taken), ratio(tp, positives)});
    }
    return curve;
}

} // namespace dwb
