#include "dwb/eval/Predictor.h"

#include "dwb/imaging/TensorConversion.h"
#include "dwb/train/SampleSet.h"

#include <ATen/ATen.h>
#include <opencv2/core.hpp>
#include <torch/csrc/autograd/grad_mode.h>

#include <algorithm>
#include <future>

namespace dwb {
namespace fs = std::filesystem;

namespace {

// One batch of files, decoded and resized to the model's input. Only OpenCV touches it on the
// decoding thread: a torch operation there would start a second OpenMP thread team, whose
// spinning threads compete with the model's for the cores.
struct DecodedBatch {
    std::vector<Prediction> predictions; // every file of the batch, in order
    std::vector<std::size_t> readable;   // positions in `predictions` of the decoded ones
    std::vector<cv::Mat> images;         // per readable one, at the input size
};

DecodedBatch decodeBatch(const std::vector<fs::path>& paths, std::size_t begin, std::size_t end,
                         InputShape shape)
{
    DecodedBatch batch;
    for (std::size_t i = begin; i < end; ++i) {
        Prediction prediction;
        prediction.path = paths[i];
        const cv::Mat image = readModelImage(paths[i], shape.channels, prediction.error);
        if (!image.empty()) {
            prediction.width = image.cols;
            prediction.height = image.rows;
            batch.images.push_back(resizeImage(image, shape));
            batch.readable.push_back(batch.predictions.size());
        }
        batch.predictions.push_back(std::move(prediction));
    }
    return batch;
}

// Fills scores and masks of the batch's readable predictions. The probabilities are resized
// (bilinear) to each original image before thresholding, so the masks line up with the files.
void runBatch(const CanInference& model, DecodedBatch& batch, const c10::Device& device,
              const ModelMeta& meta)
{
    if (batch.readable.empty())
        return;
    std::vector<at::Tensor> images;
    for (const cv::Mat& image : batch.images)
        images.push_back(imageToTensor(image));
    const CanOutput out = model.forward(at::stack(images).to(device));
    const at::Tensor probabilities = at::sigmoid(out.maskLogits.to(at::kFloat));
    const at::Tensor scores = at::sigmoid(out.imageLogits.to(at::kFloat)).to(at::kCPU).contiguous();
    const auto classes = scores.size(1);
    const float* s = scores.data_ptr<float>();
    std::vector<float> pixelThresholds;
    for (int c = 0; c < static_cast<int>(classes); ++c)
        pixelThresholds.push_back(static_cast<float>(meta.pixelThreshold(c)));
    const at::Tensor thresholds =
        at::tensor(pixelThresholds).view({classes, 1, 1}).to(probabilities.device());
    for (std::size_t k = 0; k < batch.readable.size(); ++k) {
        Prediction& prediction = batch.predictions[batch.readable[k]];
        const auto row = static_cast<std::int64_t>(k);
        at::Tensor map = probabilities[row];
        if (map.size(1) != prediction.height || map.size(2) != prediction.width) {
            const std::vector<std::int64_t> size{prediction.height, prediction.width};
            map = at::upsample_bilinear2d(map.unsqueeze(0), size, false).squeeze(0);
        }
        prediction.mask = tensorToClassMask(map.gt(thresholds));
        prediction.scores.assign(s + row * classes, s + (row + 1) * classes);
    }
}

} // namespace

Predictor::Predictor(LoadedModel model, const c10::Device& device, int batchSize)
    : m_model(std::move(model.model))
    , m_meta(std::move(model.meta))
    , m_device(device)
    , m_batchSize(std::max(batchSize, 1))
{
}

Result<std::vector<Prediction>> Predictor::predict(const std::vector<fs::path>& images,
                                                   const PredictionProgress& progress,
                                                   const std::atomic<bool>* cancel)
{
    const InputShape shape{m_meta.inputHeight, m_meta.inputWidth, m_meta.options.inputChannels};
    const std::size_t total = images.size();
    const auto batchSize = static_cast<std::size_t>(m_batchSize);
    const auto decodeFrom = [&](std::size_t begin) {
        return std::async(std::launch::async, decodeBatch, std::cref(images), begin,
                          std::min(begin + batchSize, total), shape);
    };
    const auto failed = [&](std::size_t batchStart, const char* what) {
        return fail(ErrorCode::Internal,
                    "prediction failed" +
                        (batchStart < total ? " in the batch of " + images[batchStart].string()
                                            : std::string()) +
                        ": " + what);
    };
    std::vector<Prediction> predictions;
    predictions.reserve(total);
    try {
        if (!m_inference) {
            m_model->to(m_device);
            m_model->eval();
            m_inference.emplace(m_model);
        }
        torch::NoGradGuard noGrad;
        // The next batch decodes on its own thread while this one runs through the model.
        std::future<DecodedBatch> next;
        if (total > 0)
            next = decodeFrom(0);
        for (std::size_t begin = 0; begin < total; begin += batchSize) {
            DecodedBatch batch = next.get();
            if (begin + batchSize < total)
                next = decodeFrom(begin + batchSize);
            if (cancel && cancel->load())
                return fail(ErrorCode::Cancelled, "prediction cancelled");
            runBatch(*m_inference, batch, m_device, m_meta);
            for (auto& prediction : batch.predictions)
                predictions.push_back(std::move(prediction));
            if (progress)
                progress(predictions.size(), total);
        }
    } catch (const c10::Error& e) {
        return failed(predictions.size(), e.what_without_backtrace()); // what() has a backtrace
    } catch (const std::exception& e) {
        return failed(predictions.size(), e.what());
    }
    return predictions;
}

} // namespace dwb
