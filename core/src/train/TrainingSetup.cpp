// size: prepareTraining makes the choices in the order they depend on each other.

#include "dwb/train/TrainingSetup.h"

#include "dwb/imaging/ClassMask.h"
#include "dwb/model/CanOptions.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/train/DataDefaults.h"

#include <torch/cuda.h>

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dwb {
namespace {

std::string formatWeights(const std::vector<double>& weights)
{
    std::string text;
    char number[32];
    for (std::size_t i = 0; i < weights.size(); ++i) {
        std::snprintf(number, sizeof number, "%s%.1f", i ? "," : "", weights[i]);
        text += number;
    }
    return text;
}

std::string formatNumber(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.0f", value);
    return text;
}

void message(TrainingObserver* observer, const std::string& text)
{
    if (observer)
        observer->onMessage(text);
}

} // namespace

Result<c10::Device> resolveDevice(const std::string& name)
{
    const bool cuda = torch::cuda::is_available();
    if (name == "auto")
        return cuda ? c10::Device(c10::kCUDA, 0) : c10::Device(c10::kCPU);
    if (name == "cpu")
        return c10::Device(c10::kCPU);
    if (!cuda)
        return fail(ErrorCode::InvalidArgument,
                    "device " + name + " asked for, but this LibTorch sees no CUDA device");
    try {
        return c10::Device(name);
    } catch (const std::exception&) {
        return fail(ErrorCode::InvalidArgument, "unknown device '" + name + "'");
    }
}

Result<TrainingSetup> prepareTraining(const ProjectDb& project, const TrainingConfig& config,
                                      CancellationToken& token, TrainingObserver* observer)
{
    TrainingSetup setup;
    setup.config = config;
    auto classes = project.classes();
    if (!classes)
        return std::unexpected(classes.error());
    if (classes->empty())
        return fail(ErrorCode::InvalidArgument, "the project has no classes to train");
    setup.classes = std::move(*classes);
    if (auto ok = validateTrainingConfig(config, static_cast<int>(setup.classes.size())); !ok)
        return std::unexpected(ok.error());
    auto device = resolveDevice(config.device);
    if (!device)
        return std::unexpected(device.error());
    setup.device = *device;

    auto train = samplesOfSplit(project, Split::Train);
    auto validation = samplesOfSplit(project, Split::Validation);
    if (!train || !validation)
        return std::unexpected(!train ? train.error() : validation.error());
    if (train->empty() || validation->empty())
        return fail(ErrorCode::InvalidArgument,
                    "training needs samples in both the train and val splits (run 'dwb split')");

    // Open settings are chosen from the data, and said.
    InputShape shape{config.inputHeight, config.inputWidth, config.inputChannels};
    if (shape.height == 0) {
        shape = defaultInputShape(*train, config.inputChannels);
        message(observer, "input " + std::to_string(shape.width) + "x" +
                              std::to_string(shape.height) +
                              " from the data (the train split's median image size)");
    }
    setup.config.inputHeight = shape.height;
    setup.config.inputWidth = shape.width;

    message(observer, "loading " + std::to_string(train->size() + validation->size()) +
                          " images at " + std::to_string(shape.width) + "x" +
                          std::to_string(shape.height));
    auto preparedTrain = prepareSamples(project, *train, shape, token.flag());
    if (!preparedTrain)
        return std::unexpected(preparedTrain.error());
    auto preparedValidation = prepareSamples(project, *validation, shape, token.flag());
    if (!preparedValidation)
        return std::unexpected(preparedValidation.error());

    const int classCount = static_cast<int>(setup.classes.size());
    bool patchFromData = false;
    if (setup.config.pool == 0 || setup.config.patchSize < 0) {
        const DefectExtents extents = defectExtents(*preparedTrain, classCount);
        const std::string sizes =
            extents.blobs == 0
                ? std::string("no defect blobs in the train split")
                : std::to_string(extents.blobs) + " defect blobs, small side " +
                      formatNumber(extents.smallSide) + " px (10th percentile), long side " +
                      formatNumber(extents.typicalSide) + " px (median) to " +
                      formatNumber(extents.largeSide) + " px (90th percentile)";
        if (setup.config.pool == 0) {
            setup.config.pool = defaultPool(shape, extents);
            message(observer,
                    "pool " + std::to_string(setup.config.pool) + " from the data (" + sizes + ")");
        }
        if (setup.config.patchSize < 0) {
            setup.config.patchSize = defaultPatchSize(shape, extents);
            patchFromData = true;
        }
    }
    // Crops of whole pooling cells, so that a crop's pooled map lines up with the image's.
    if (setup.config.patchSize > 0)
        setup.config.patchSize = std::max(
            setup.config.pool, setup.config.patchSize / setup.config.pool * setup.config.pool);
    if (patchFromData)
        message(observer, setup.config.patchSize > 0
                              ? "patches " + std::to_string(setup.config.patchSize) +
                                    " px from the data (twice a typical defect, at least "
                                    "half the input's shorter side)"
                              : std::string("whole images: crops holding a typical defect "
                                            "would cover most of the input"));
    setup.train = std::move(*preparedTrain);
    setup.validation = std::move(*preparedValidation);
    if (setup.config.posWeightCls.empty() || setup.config.posWeightSeg.empty()) {
        const auto [cls, seg] = balancingWeights(
            setup.train, static_cast<int>(setup.classes.size()), setup.config.cleanShare);
        if (setup.config.posWeightCls.empty())
            setup.config.posWeightCls = cls;
        if (setup.config.posWeightSeg.empty())
            setup.config.posWeightSeg = seg;
        message(observer, "positive weights from the train split: classification " +
                              formatWeights(setup.config.posWeightCls) + ", segmentation " +
                              formatWeights(setup.config.posWeightSeg));
    }
    return setup;
}

std::pair<std::vector<double>, std::vector<double>>
balancingWeights(const std::vector<PreparedSample>& samples, int classes, double cleanShare)
{
    // The weight of one defect-free image in an epoch: as BatchLoader composes it.
    const auto clean = static_cast<double>(
        std::ranges::count_if(samples, [](const PreparedSample& s) { return s.labels == 0; }));
    const double defective = static_cast<double>(samples.size()) - clean;
    double cleanWeight = 1;
    if (cleanShare > 0 && cleanShare < 1 && clean > 0 && defective > 0)
        cleanWeight = std::min(1.0, defective * cleanShare / (1 - cleanShare) / clean);

    std::vector<double> images(static_cast<std::size_t>(classes), 0);
    std::vector<double> pixels(static_cast<std::size_t>(classes), 0);
    double totalPixels = 0;
    double n = 0;
    for (const auto& sample : samples) {
        const double weight = sample.labels == 0 ? cleanWeight : 1.0;
        n += weight;
        totalPixels += weight * static_cast<double>(sample.mask.total());
        for (int c = 0; c < classes; ++c) {
            if (sample.labels & (1u << c))
                images[static_cast<std::size_t>(c)] += 1;
            pixels[static_cast<std::size_t>(c)] += cv::countNonZero(classPixels(sample.mask, c));
        }
    }
    std::vector<double> cls, seg;
    for (int c = 0; c < classes; ++c) {
        const double p = images[static_cast<std::size_t>(c)];
        const double q = pixels[static_cast<std::size_t>(c)];
        // Negatives per positive, tempered (square root for pixels, whose ratio runs to the
        // thousands) and bounded, so that rare classes are not drowned by background.
        cls.push_back(std::clamp(p > 0 ? (n - p) / p : 1.0, 1.0, 20.0));
        seg.push_back(std::clamp(q > 0 ? std::sqrt((totalPixels - q) / q) : 1.0, 1.0, 50.0));
    }
    return {cls, seg};
}

std::vector<LossRow> lossRows(const LossBreakdown& loss)
{
    std::vector<LossRow> rows{{-1, loss.cls, loss.seg}};
    for (std::size_t c = 0; c < loss.perClass.size(); ++c)
        rows.push_back({static_cast<int>(c), loss.perClass[c].cls, loss.perClass[c].seg});
    return rows;
}

std::vector<MetricRow> metricRows(const MetricsReport& m)
{
    std::vector<MetricRow> rows = {{-1, "map", m.meanAp},
                                   {-1, "precision", m.meanPrecision},
                                   {-1, "recall", m.meanRecall},
                                   {-1, "f1", m.meanF1},
                                   {-1, "pixel_iou", m.meanPixelIou},
                                   {-1, "paper_map", m.paperMap},
                                   {-1, "paper_miou", m.paperMiou},
                                   {-1, "present_iou", m.meanPresentIou},
                                   {-1, "threshold", m.threshold},
                                   {-1, "images", static_cast<double>(m.images)}};
    for (std::size_t c = 0; c < m.perClass.size(); ++c) {
        const ClassMetrics& k = m.perClass[c];
        const int bit = static_cast<int>(c);
        for (const auto& [name, value] : {std::pair{"ap", k.ap},
                                          {"precision", k.precision},
                                          {"recall", k.recall},
                                          {"f1", k.f1},
                                          {"pixel_iou", k.pixelIou},
                                          {"decision_accuracy", k.decisionAccuracy},
                                          {"pair_iou", k.pairIou},
                                          {"present_iou", k.presentIou},
                                          {"positives", static_cast<double>(k.positives)},
                                          {"tp", static_cast<double>(k.tp)},
                                          {"fp", static_cast<double>(k.fp)},
                                          {"fn", static_cast<double>(k.fn)}})
            rows.push_back({bit, name, value});
    }
    return rows;
}

} // namespace dwb
