#pragma once

#include "JsonWriter.h"

#include "dwb/eval/Metrics.h"
#include "dwb/storage/ProjectTypes.h"
#include "dwb/train/TrainingSummary.h"

#include <string>
#include <vector>

namespace dwb::cli {

// The metrics table for people: standard and paper-comparable columns, one row per class.
void printMetrics(const MetricsReport& metrics, const std::vector<ClassInfo>& classes);

// The metrics object of the JSON contract (docs/cli.md).
void writeMetrics(JsonWriter& json, const MetricsReport& metrics,
                  const std::vector<ClassInfo>& classes);
void writeLoss(JsonWriter& json, const LossBreakdown& loss, const std::vector<ClassInfo>& classes);

} // namespace dwb::cli
