#include "dwb/eval/PredictionCache.h"

#include <ATen/ATen.h>

namespace dwb {

void appendPredictionRecords(const CanOutput& out, const std::vector<std::int64_t>& sampleIds,
                             std::vector<PredictionRecord>& records)
{
    const at::Tensor scores = at::sigmoid(out.imageLogits.to(at::kFloat)).to(at::kCPU).contiguous();
    // Quantised on the device, so that a quarter of the bytes cross to the host.
    const at::Tensor maps = at::sigmoid(out.maskLogits.to(at::kFloat))
                                .mul(255)
                                .round()
                                .to(at::kByte)
                                .to(at::kCPU)
                                .contiguous(); // N x C x H x W
    const auto n = maps.size(0), classes = maps.size(1);
    const auto height = static_cast<int>(maps.size(2)), width = static_cast<int>(maps.size(3));
    const float* s = scores.data_ptr<float>();
    auto* m = maps.data_ptr<std::uint8_t>();
    for (std::int64_t i = 0; i < n && i < static_cast<std::int64_t>(sampleIds.size()); ++i) {
        PredictionRecord record;
        record.sampleId = sampleIds[static_cast<std::size_t>(i)];
        record.scores.assign(s + i * classes, s + (i + 1) * classes);
        for (std::int64_t c = 0; c < classes; ++c) {
            std::uint8_t* plane = m + (i * classes + c) * height * width;
            record.probabilities.push_back(cv::Mat(height, width, CV_8UC1, plane).clone());
        }
        records.push_back(std::move(record));
    }
}

Result<Evaluation> evaluateAndCache(ProjectDb& project, std::int64_t runId,
                                    const std::string& split, Can& model,
                                    const std::vector<PreparedSample>& samples, int classes,
                                    const ProgressiveLoss& loss, const at::Device& device,
                                    EvaluationOptions options)
{
    std::vector<PredictionRecord> records;
    records.reserve(samples.size());
    options.predictions = &records;
    auto evaluation = evaluate(model, samples, classes, loss, device, options);
    if (!evaluation)
        return evaluation;
    PredictionSetInfo info;
    info.runId = runId;
    info.split = split;
    info.threshold = options.threshold;
    info.imageThresholds = options.imageThresholds;
    info.pixelThresholds = options.pixelThresholds;
    info.classes = classes;
    if (!records.empty() && !records.front().probabilities.empty()) {
        info.width = records.front().probabilities.front().cols;
        info.height = records.front().probabilities.front().rows;
    }
    if (auto ok = project.storePredictions(info, records); !ok)
        return std::unexpected(ok.error());
    return evaluation;
}

} // namespace dwb
