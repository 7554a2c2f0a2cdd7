// loadReviewSamples: the cached predictions joined with the ground truth (ErrorReview.h).

#include "dwb/eval/ErrorReview.h"
#include "dwb/storage/ProjectDb.h"

#include <opencv2/imgproc.hpp>

#include <unordered_map>

namespace dwb {

Result<std::vector<ReviewSample>> loadReviewSamples(const ProjectDb& project, std::int64_t runId,
                                                    const std::string& split)
{
    auto predictions = project.predictions(runId, split);
    if (!predictions)
        return std::unexpected(predictions.error());
    auto records = project.samples();
    if (!records)
        return std::unexpected(records.error());
    std::unordered_map<std::int64_t, const SampleRecord*> byId;
    for (const SampleRecord& record : *records)
        byId.emplace(record.id, &record);

    std::vector<ReviewSample> samples;
    samples.reserve(predictions->size());
    for (PredictionRecord& prediction : *predictions) {
        const auto record = byId.find(prediction.sampleId);
        if (record == byId.end())
            continue; // removed since the evaluation (the cascade normally removes it too)
        auto mask = project.mask(prediction.sampleId);
        if (!mask)
            return std::unexpected(mask.error());
        ReviewSample sample;
        sample.sampleId = prediction.sampleId;
        sample.scores = std::move(prediction.scores);
        sample.probabilities = std::move(prediction.probabilities);
        // The same labels and the same nearest-neighbour resize as the evaluation's samples.
        sample.labels = record->second->classBits;
        sample.truth = *mask;
        if (!sample.probabilities.empty() && mask->size() != sample.probabilities.front().size())
            cv::resize(*mask, sample.truth, sample.probabilities.front().size(), 0, 0,
                       cv::INTER_NEAREST);
        samples.push_back(std::move(sample));
    }
    return samples;
}

} // namespace dwb
