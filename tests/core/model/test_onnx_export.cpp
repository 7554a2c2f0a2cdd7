#include "dwb/model/CanInference.h"
#include "dwb/model/DeploymentMeta.h"
#include "dwb/model/ModelExport.h"
#include "dwb/model/OnnxCan.h"

#include "support/RandomisedCan.h"
#include "support/TempDir.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <torch/utils.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dwb {
namespace {
namespace fs = std::filesystem;

// Random 8-bit images, and one nearly flat (deviation under kMinImageDeviation), where
// standardisation's floor decides the outcome.
std::vector<cv::Mat> testImages(int count, int height, int width, int channels)
{
    cv::RNG rng(7);
    std::vector<cv::Mat> images;
    for (int i = 0; i < count; ++i) {
        cv::Mat image(height, width, channels == 3 ? CV_8UC3 : CV_8UC1);
        rng.fill(image, cv::RNG::UNIFORM, 0, 256);
        images.push_back(image);
    }
    cv::Mat flat(height, width, channels == 3 ? CV_8UC3 : CV_8UC1, cv::Scalar::all(120));
    flat.at<uchar>(0, 0) = 121;
    images.push_back(flat);
    return images;
}

torch::Tensor toTensor(const std::vector<cv::Mat>& images)
{
    std::vector<torch::Tensor> tensors;
    for (const cv::Mat& image : images) {
        cv::Mat scaled;
        image.convertTo(scaled, CV_32F, 1.0 / 255.0);
        const int channels = image.channels();
        torch::Tensor t =
            torch::from_blob(scaled.data, {image.rows, image.cols, channels}, torch::kFloat)
                .permute({2, 0, 1})
                .clone();
        tensors.push_back(t);
    }
    return torch::stack(tensors);
}

double difference(const cv::Mat& onnx, const torch::Tensor& expected)
{
    EXPECT_EQ(static_cast<std::int64_t>(onnx.total()), expected.numel());
    const torch::Tensor got =
        torch::from_blob(const_cast<float*>(onnx.ptr<float>()), {expected.numel()}, torch::kFloat);
    return (got - expected.reshape({-1})).abs().max().item<double>();
}

struct Case {
    int channels;
    int classes;
    int pool;
    int height;
    int width;
    bool standardize;
};

void PrintTo(const Case& c, std::ostream* out)
{
    *out << c.channels << " channel(s), " << c.classes << " classes, pool " << c.pool << ", "
         << c.height << "x" << c.width << (c.standardize ? ", standardised" : "");
}

class OnnxShapes : public testing::TestWithParam<Case> {};

// OpenCV's DNN module, a runtime that shares no code with LibTorch, gives the same logits for the
// exported graph as the trained module does, at the size it was exported for and (when the graph
// takes any size) at another multiple of the pooling.
TEST_P(OnnxShapes, OpenCvRunsTheExportAsLibTorchRunsTheModel)
{
    const Case c = GetParam();
    torch::manual_seed(11);
    CanOptions options;
    options.inputChannels = c.channels;
    options.classes = c.classes;
    options.width = 8;
    options.pool = c.pool;
    options.standardize = c.standardize;
    options.dilations = {1, 2, 4, 2, 1};
    Can model = test::randomisedCan(options);
    const CanInference folded(model, InferenceEngine::Nchw);
    const auto bytes = canToOnnx(folded.foldedLayers(), options, c.height, c.width, "test");
    ASSERT_TRUE(bytes) << bytes.error().message;
    const test::TempDir dir;
    const fs::path file = dir.path() / "model.onnx";
    std::ofstream(file, std::ios::binary) << *bytes;
    auto onnx = OnnxCan::load(file);
    ASSERT_TRUE(onnx) << onnx.error().message;

    std::vector<std::pair<int, int>> sizes{{c.height, c.width}};
    if (onnxTakesAnySize(options, c.height, c.width))
        sizes.emplace_back(c.height + 2 * c.pool, c.width + 4 * c.pool);
    for (const auto& [height, width] : sizes) {
        SCOPED_TRACE(testing::Message() << height << "x" << width);
        const auto images = testImages(3, height, width, c.channels);
        const auto out = onnx->forward(images, c.standardize);
        ASSERT_TRUE(out) << out.error().message;
        torch::NoGradGuard noGrad;
        const CanOutput expected = model->forward(toTensor(images));
        ASSERT_EQ(out->maskLogits.size[2], height);
        ASSERT_EQ(out->maskLogits.size[3], width);
        EXPECT_LT(difference(out->maskLogits, expected.maskLogits), 1e-4);
        EXPECT_LT(difference(out->imageLogits, expected.imageLogits), 1e-4);
        // Not trivially equal: the logits vary across the images and pixels compared.
        EXPECT_GT((expected.maskLogits.max() - expected.maskLogits.min()).item<double>(), 0.1);
    }
}

INSTANTIATE_TEST_SUITE_P(Export, OnnxShapes,
                         testing::Values(Case{1, 2, 2, 32, 48, true}, Case{3, 3, 2, 24, 16, false},
                                         Case{1, 4, 3, 32, 40, true}, Case{1, 1, 1, 20, 28, true},
                                         Case{3, 2, 3, 27, 33, false}));

TEST(OnnxExport, RefusesLayersThatDoNotMatchTheOptions)
{
    CanOptions options;
    options.width = 8;
    options.dilations = {1, 2, 1};
    Can model = test::randomisedCan(options);
    auto layers = CanInference(model, InferenceEngine::Nchw).foldedLayers();
    EXPECT_TRUE(canToOnnx(layers, options, 16, 16, "test"));
    auto fewer = layers;
    fewer.erase(fewer.begin());
    EXPECT_FALSE(canToOnnx(fewer, options, 16, 16, "test"));
    auto other = options;
    other.classes = 2;
    EXPECT_FALSE(canToOnnx(layers, other, 16, 16, "test"));
    layers[1].weight.pop_back();
    EXPECT_FALSE(canToOnnx(layers, options, 16, 16, "test"));
}

ModelMeta metaFor(const CanOptions& options)
{
    ModelMeta meta;
    meta.options = options;
    meta.classNames = {"blowhole", "crack"};
    meta.classColors = {"#ff0000", "#00ff00"};
    meta.inputHeight = 32;
    meta.inputWidth = 48;
    meta.threshold = 0.4;
    meta.imageThresholds = {0.25, 0.75};
    meta.pixelThresholds = {0.3, 0.6};
    meta.epoch = 6;
    return meta;
}

TEST(DeploymentMeta, ReadsBackWhatInferenceNeeds)
{
    CanOptions options;
    options.classes = 2;
    options.pool = 2;
    options.standardize = true;
    options.dilations = {1, 2, 4, 2, 1};
    const ModelMeta meta = metaFor(options);
    const std::string text = deploymentJson(meta, {"tiles.dwb", 3, "1.2.3"}, true);
    const auto back = modelMetaFromDeploymentJson(text);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->classNames, meta.classNames);
    EXPECT_EQ(back->classColors, meta.classColors);
    EXPECT_EQ(back->imageThresholds, meta.imageThresholds);
    EXPECT_EQ(back->pixelThresholds, meta.pixelThresholds);
    EXPECT_EQ(back->options.dilations, meta.options.dilations);
    EXPECT_EQ(back->options.pool, 2);
    EXPECT_TRUE(back->options.standardize);
    EXPECT_EQ(back->options.classes, 2);
    EXPECT_EQ(back->inputHeight, 32);
    EXPECT_EQ(back->inputWidth, 48);
    EXPECT_EQ(back->epoch, 6);
    EXPECT_NE(text.find("\"run\": 3"), std::string::npos);
    EXPECT_NE(text.find("\"project\": \"tiles.dwb\""), std::string::npos);

    EXPECT_FALSE(modelMetaFromDeploymentJson("{}"));
    EXPECT_FALSE(modelMetaFromDeploymentJson("not json"));
    std::string outOfRange = text;
    outOfRange.replace(outOfRange.find("0.75"), 4, "1.75");
    EXPECT_FALSE(modelMetaFromDeploymentJson(outOfRange));
}

// The whole export: both files written, the comparison made on image files, and a model that
// fails the comparison leaves nothing behind.
TEST(OnnxExport, WritesBothFilesOnlyWhenTheRuntimesAgree)
{
    torch::manual_seed(5);
    CanOptions options;
    options.classes = 2;
    options.width = 8;
    options.standardize = true;
    options.dilations = {1, 2, 4, 2, 1};
    LoadedModel loaded{test::randomisedCan(options), metaFor(options)};
    const test::TempDir dir;
    std::vector<fs::path> files;
    for (const cv::Mat& image : testImages(5, 40, 60, 1)) {
        files.push_back(dir.path() / ("image" + std::to_string(files.size()) + ".png"));
        cv::imwrite(files.back().string(), image);
    }
    files.push_back(dir.path() / "missing.png");

    const auto report = exportOnnx(loaded, {"p.dwb", 1, "test"}, files, dir.path() / "out");
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->imagesCompared, 6);
    EXPECT_TRUE(report->anySize);
    EXPECT_LT(report->maskDifference, kExportTolerance);
    EXPECT_LT(report->imageDifference, kExportTolerance);
    EXPECT_TRUE(fs::is_regular_file(dir.path() / "out" / "model.onnx"));
    std::ifstream json(dir.path() / "out" / "model.json");
    std::stringstream text;
    text << json.rdbuf();
    EXPECT_TRUE(modelMetaFromDeploymentJson(text.str()));

    const auto refused =
        exportOnnx(loaded, {"p.dwb", 1, "test"}, files, dir.path() / "strict", -1.0);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("differ"), std::string::npos);
    EXPECT_FALSE(fs::exists(dir.path() / "strict" / "model.onnx"));
    EXPECT_FALSE(fs::exists(dir.path() / "strict" / "model.json"));

    const auto nothing = exportOnnx(loaded, {}, {dir.path() / "missing.png"}, dir.path() / "none");
    ASSERT_FALSE(nothing);
    EXPECT_FALSE(fs::exists(dir.path() / "none" / "model.onnx"));
}

} // namespace
} // namespace dwb
