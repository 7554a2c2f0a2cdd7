#pragma once

// Fills the project's prediction cache (ProjectDb::storePredictions) from the model's forward
// passes, for error review without running the model again (dwb/eval/ErrorReview.h). Torch:
// include only where needed.

#include "dwb/eval/Evaluator.h"
#include "dwb/storage/ProjectDb.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dwb {

// Appends one cache record per image of a batch's output: the sigmoid of each image logit and
// each class's mask probabilities quantised to round(255 p) at the output's size. `sampleIds`
// names the batch's images in order.
void appendPredictionRecords(const CanOutput& out, const std::vector<std::int64_t>& sampleIds,
                             std::vector<PredictionRecord>& records);

// evaluate(), keeping every sample's prediction, then stores them as the cache of
// (runId, split) with options.threshold, replacing an earlier cache. A failure to store fails the
// call; nothing is stored when the evaluation fails.
Result<Evaluation> evaluateAndCache(ProjectDb& project, std::int64_t runId,
                                    const std::string& split, Can& model,
                                    const std::vector<PreparedSample>& samples, int classes,
                                    const ProgressiveLoss& loss, const at::Device& device,
                                    EvaluationOptions options);

} // namespace dwb
