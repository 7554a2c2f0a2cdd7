#pragma once

// What a run needs before its first step: resolved configuration, device and prepared data.

#include "dwb/storage/ProjectTypes.h"
#include "dwb/train/CancellationToken.h"
#include "dwb/train/SampleSet.h"
#include "dwb/train/TrainingConfig.h"
#include "dwb/train/TrainingSummary.h"

#include <c10/core/Device.h>

#include <utility>
#include <vector>

namespace dwb {

class ProjectDb;

struct TrainingSetup {
    TrainingConfig config; // with input size and pool resolved
    std::vector<ClassInfo> classes;
    c10::Device device{c10::kCPU};
    std::vector<PreparedSample> train;
    std::vector<PreparedSample> validation;
};

Result<c10::Device> resolveDevice(const std::string& name);

Result<TrainingSetup> prepareTraining(const ProjectDb& project, const TrainingConfig& config,
                                      CancellationToken& token, TrainingObserver* observer);

// Positive weights (classification, segmentation) that balance each class against the rest of
// what an epoch holds (with `cleanShare` > 0, only that share of defect-free images): used when
// the configuration gives none.
std::pair<std::vector<double>, std::vector<double>>
balancingWeights(const std::vector<PreparedSample>& samples, int classes, double cleanShare = 0);

std::vector<LossRow> lossRows(const LossBreakdown& loss);
std::vector<MetricRow> metricRows(const MetricsReport& metrics);

} // namespace dwb
