// size: evaluateOrThrow keeps torch's exceptions inside one batch loop.

#include "dwb/eval/Evaluator.h"

#include "dwb/eval/PredictionCache.h"
#include "dwb/model/CanInference.h"

#include "dwb/train/BatchLoader.h"
#include "dwb/train/Loss.h"

#include <ATen/ATen.h>
#include <ATen/autocast_mode.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <chrono>
#include <optional>

namespace dwb {
namespace {

// Accumulates one batch's per-(image, class) results on the device, then copies them back in
// one transfer.
void collect(const CanOutput& out, const Batch& batch, const at::Tensor& pixelThresholds,
             std::vector<std::vector<ImageClassResult>>& results,
             std::vector<PixelHistogram>& histograms)
{
    const at::Tensor scores = at::sigmoid(out.imageLogits.to(at::kFloat));
    const at::Tensor probabilities = at::sigmoid(out.maskLogits.to(at::kFloat));
    const at::Tensor predicted = probabilities.gt(pixelThresholds);
    const at::Tensor truth = batch.masks.gt(0.5);
    // One histogram per class of all pixels and of the true ones, for calibration.
    for (std::size_t c = 0; c < histograms.size(); ++c) {
        const auto k = static_cast<std::int64_t>(c);
        const at::Tensor p = probabilities.select(1, k);
        const at::Tensor all =
            at::histc(p, kThresholdBins, 0, 1).to(at::kCPU, at::kLong).contiguous();
        const at::Tensor onTruth =
            at::histc(p.masked_select(truth.select(1, k)), kThresholdBins, 0, 1)
                .to(at::kCPU, at::kLong)
                .contiguous();
        const auto* allCounts = all.data_ptr<std::int64_t>();
        const auto* truthCounts = onTruth.data_ptr<std::int64_t>();
        for (std::size_t b = 0; b < static_cast<std::size_t>(kThresholdBins); ++b) {
            histograms[c].all[b] += allCounts[b];
            histograms[c].truth[b] += truthCounts[b];
        }
    }
    const at::Tensor counts = at::stack({at::logical_and(predicted, truth).sum({2, 3}),
                                         predicted.sum({2, 3}), truth.sum({2, 3})})
                                  .to(at::kCPU, at::kLong)
                                  .contiguous(); // 3 x N x C
    const at::Tensor cpuScores = scores.to(at::kCPU).contiguous();
    const at::Tensor cpuLabels = batch.labels.to(at::kCPU).contiguous();
    const auto n = scores.size(0), classes = scores.size(1);
    const auto* c = counts.data_ptr<std::int64_t>();
    const auto* s = cpuScores.data_ptr<float>();
    const auto* l = cpuLabels.data_ptr<float>();
    for (std::int64_t i = 0; i < n; ++i) {
        std::vector<ImageClassResult> row(static_cast<std::size_t>(classes));
        for (std::int64_t k = 0; k < classes; ++k) {
            const auto at = i * classes + k;
            row[static_cast<std::size_t>(k)] = {s[at], l[at] > 0.5f, c[at], c[n * classes + at],
                                                c[2 * n * classes + at]};
        }
        results.push_back(std::move(row));
    }
}

LossBreakdown breakdown(const at::Tensor& clsSum, const at::Tensor& segSum, double count,
                        double lambda)
{
    LossBreakdown loss;
    const at::Tensor cls = (clsSum / count).to(at::kCPU, at::kDouble).contiguous();
    const at::Tensor seg = (segSum / count).to(at::kCPU, at::kDouble).contiguous();
    for (std::int64_t k = 0; k < cls.size(0); ++k) {
        loss.perClass.push_back({cls[k].item<double>(), seg[k].item<double>()});
        loss.cls += loss.perClass.back().cls / static_cast<double>(cls.size(0));
        loss.seg += loss.perClass.back().seg / static_cast<double>(cls.size(0));
    }
    loss.total = lambda * loss.cls + (1 - lambda) * loss.seg;
    return loss;
}

Result<Evaluation> evaluateOrThrow(Can& model, const std::vector<PreparedSample>& samples,
                                   int classes, const ProgressiveLoss& loss,
                                   const at::Device& device, const EvaluationOptions& options)
{
    const auto started = std::chrono::steady_clock::now();
    Evaluation evaluation;
    if (samples.empty())
        return fail(ErrorCode::InvalidArgument, "no samples to evaluate");
    const bool wasTraining = model->is_training();
    model->eval();
    torch::NoGradGuard noGrad;
    at::Tensor clsSum = at::zeros({classes}, device), segSum = at::zeros({classes}, device);

    const auto perClass = [&](const std::vector<double>& values) {
        if (values.empty())
            return std::vector<double>(static_cast<std::size_t>(classes), options.threshold);
        return values;
    };
    const std::vector<double> imageThresholds = perClass(options.imageThresholds);
    const std::vector<double> pixelThresholdValues = perClass(options.pixelThresholds);
    if (static_cast<int>(imageThresholds.size()) != classes ||
        static_cast<int>(pixelThresholdValues.size()) != classes)
        return fail(ErrorCode::InvalidArgument, "one threshold per class expected");
    std::vector<float> pixelValues(pixelThresholdValues.begin(), pixelThresholdValues.end());
    const at::Tensor pixelThresholds = at::tensor(pixelValues).view({1, classes, 1, 1}).to(device);
    evaluation.histograms.assign(static_cast<std::size_t>(classes), PixelHistogram{});

    // On the CPU the folded copy through the engine chosen for this machine (CanInference.h):
    // the same outputs within float rounding, about twice the speed of the module on AVX2.
    std::optional<CanInference> folded;
    if (device.is_cpu())
        folded.emplace(model);

    BatchLoader loader(samples, classes, options.batchSize);
    loader.start(false, 0);
    while (auto batch = loader.next()) {
        if (options.cancel && options.cancel->load())
            return fail(ErrorCode::Cancelled, "evaluation cancelled");
        batch->images = batch->images.to(device);
        batch->masks = batch->masks.to(device);
        batch->labels = batch->labels.to(device);
        const bool autocast = options.mixedPrecision && device.is_cuda();
        at::autocast::set_enabled(autocast);
        const CanOutput out =
            folded ? folded->forward(batch->images) : model->forward(batch->images);
        at::autocast::set_enabled(false);
        const LossTerms terms = loss(out, batch->masks, batch->labels, options.lambda);
        const double n = static_cast<double>(batch->ids.size());
        clsSum += terms.clsPerClass * n;
        segSum += terms.segPerClass * n;
        collect(out, *batch, pixelThresholds, evaluation.results, evaluation.histograms);
        if (options.predictions)
            appendPredictionRecords(out, batch->ids, *options.predictions);
    }
    model->train(wasTraining);
    evaluation.loss =
        breakdown(clsSum, segSum, static_cast<double>(samples.size()), options.lambda);
    evaluation.metrics = computeMetrics(evaluation.results, imageThresholds);
    evaluation.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return evaluation;
}

} // namespace

// Torch reports failures (out of memory, a model that does not fit the images) by throwing: they
// become errors here, with the model left in the mode it was in.
Result<Evaluation> evaluate(Can& model, const std::vector<PreparedSample>& samples, int classes,
                            const ProgressiveLoss& loss, const at::Device& device,
                            const EvaluationOptions& options)
{
    const bool wasTraining = model->is_training();
    try {
        return evaluateOrThrow(model, samples, classes, loss, device, options);
    } catch (const std::exception& e) {
        model->train(wasTraining);
        return fail(ErrorCode::Internal, std::string("evaluation failed: ") + e.what());
    }
}

} // namespace dwb
