#include "dwb/eval/OnnxPredictor.h"

#include "dwb/model/DeploymentMeta.h"
#include "dwb/train/SampleSet.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace dwb {
namespace fs = std::filesystem;

OnnxPredictor::OnnxPredictor(OnnxCan net, ModelMeta meta, int batchSize)
    : m_net(std::move(net))
    , m_meta(std::move(meta))
    , m_batchSize(std::max(batchSize, 1))
{
}

Result<OnnxPredictor> OnnxPredictor::load(const fs::path& onnxFile, int batchSize)
{
    std::error_code ec;
    if (!fs::is_regular_file(onnxFile, ec))
        return fail(ErrorCode::NotFound, "no model file " + onnxFile.string());
    const fs::path jsonFile = onnxFile.parent_path() / "model.json";
    std::ifstream in(jsonFile, std::ios::binary);
    if (!in)
        return fail(ErrorCode::NotFound,
                    "no " + jsonFile.string() + " beside the model: export writes both files");
    std::stringstream text;
    text << in.rdbuf();
    auto meta = modelMetaFromDeploymentJson(text.str());
    if (!meta)
        return fail(ErrorCode::Corrupt, jsonFile.string() + ": " + meta.error().message);
    auto net = OnnxCan::load(onnxFile);
    if (!net)
        return std::unexpected(net.error());
    return OnnxPredictor(std::move(*net), std::move(*meta), batchSize);
}

namespace {

// Scores and mask of the batch's image `k`, from the network's outputs.
void fill(Prediction& prediction, const OnnxCan::Output& out, int k, const ModelMeta& meta)
{
    const int classes = meta.options.classes;
    const int height = out.maskLogits.size[2];
    const int width = out.maskLogits.size[3];
    const float* logits = out.imageLogits.ptr<float>(k);
    for (int c = 0; c < classes; ++c)
        prediction.scores.push_back(1.0f / (1.0f + std::exp(-logits[c])));
    prediction.mask = cv::Mat::zeros(prediction.height, prediction.width, CV_16UC1);
    for (int c = 0; c < classes; ++c) {
        const int index[4] = {k, c, 0, 0};
        const cv::Mat plane(height, width, CV_32F,
                            const_cast<float*>(&out.maskLogits.at<float>(index)));
        cv::Mat probability;
        cv::exp(-plane, probability);
        probability = 1.0 / (1.0 + probability);
        if (probability.rows != prediction.height || probability.cols != prediction.width)
            cv::resize(probability, probability, cv::Size(prediction.width, prediction.height), 0,
                       0, cv::INTER_LINEAR);
        const cv::Mat on = probability > meta.pixelThreshold(c);
        const cv::Mat bit(prediction.height, prediction.width, CV_16UC1,
                          cv::Scalar(static_cast<double>(1u << c)));
        cv::bitwise_or(prediction.mask, bit, prediction.mask, on);
    }
}

} // namespace

Result<std::vector<Prediction>> OnnxPredictor::predict(const std::vector<fs::path>& images,
                                                       const PredictionProgress& progress)
{
    const InputShape shape{m_meta.inputHeight, m_meta.inputWidth, m_meta.options.inputChannels};
    const auto batchSize = static_cast<std::size_t>(m_batchSize);
    std::vector<Prediction> predictions;
    predictions.reserve(images.size());
    for (std::size_t begin = 0; begin < images.size(); begin += batchSize) {
        const std::size_t end = std::min(images.size(), begin + batchSize);
        std::vector<cv::Mat> batch;
        std::vector<std::size_t> readable;
        for (std::size_t i = begin; i < end; ++i) {
            Prediction prediction;
            prediction.path = images[i];
            const cv::Mat image = readModelImage(prediction.path, shape.channels, prediction.error);
            if (!image.empty()) {
                prediction.width = image.cols;
                prediction.height = image.rows;
                batch.push_back(resizeImage(image, shape));
                readable.push_back(predictions.size());
            }
            predictions.push_back(std::move(prediction));
        }
        if (!batch.empty()) {
            auto out = m_net.forward(batch, m_meta.options.standardize);
            if (!out)
                return std::unexpected(out.error());
            for (std::size_t k = 0; k < readable.size(); ++k)
                fill(predictions[readable[k]], *out, static_cast<int>(k), m_meta);
        }
        if (progress)
            progress(end, images.size());
    }
    return predictions;
}

} // namespace dwb
