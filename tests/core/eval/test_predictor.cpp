#include "dwb/eval/Predictor.h"

#include "support/Fixtures.h"
#include "support/TempDir.h"

#include <gtest/gtest.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/utils.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace dwb {
namespace {

namespace fs = std::filesystem;

const float kHigh = 1.0f / (1.0f + std::exp(-5.0f)); // sigmoid(5)
const float kLow = 1.0f / (1.0f + std::exp(5.0f));   // sigmoid(-5)

// A one-layer CAN whose output is known: class 0's logit is 10 * pixel - 5 (positive on bright
// pixels, sigmoid(5) on white), class 1's is -5 everywhere. No pooling, so the masks at the
// input size are exact and only the resizing to and from the input blurs borders.
ModelMeta knownMeta()
{
    ModelMeta meta;
    meta.options.inputChannels = 1;
    meta.options.classes = 2;
    meta.options.width = 1;
    meta.options.pool = 1;
    meta.options.dilations = {1};
    meta.classNames = {"Bright", "Never seen"};
    meta.classColors = {"#ff0000", "#00ff00"};
    meta.inputHeight = 32;
    meta.inputWidth = 48;
    meta.threshold = 0.5;
    return meta;
}

Can knownModel(const ModelMeta& meta)
{
    Can model(meta.options);
    model->eval();
    torch::NoGradGuard noGrad;
    for (auto& p : model->named_parameters()) {
        auto tensor = p.value();
        tensor.zero_();
        if (p.key() == "layers.0.weight")
            tensor[0][0][1][1].fill_(1.0); // the 3x3 kernel passes the pixel through
        if (p.key() == "norms.0.weight")
            tensor.fill_(1.0); // batch norm with running statistics 0 and 1: identity
        if (p.key() == "head.weight")
            tensor[0][0].fill_(10.0);
        if (p.key() == "head.bias")
            tensor.fill_(-5.0);
    }
    return model;
}

fs::path saveKnownModel(const test::TempDir& dir)
{
    const ModelMeta meta = knownMeta();
    Can model = knownModel(meta);
    const fs::path path = dir / "model.pt";
    EXPECT_TRUE(saveModel(path, model, meta).has_value());
    return path;
}

Predictor knownPredictor(const test::TempDir& dir, int batchSize = 8)
{
    auto loaded = loadModel(saveKnownModel(dir), c10::Device(c10::kCPU));
    EXPECT_TRUE(loaded.has_value()) << loaded.error().message;
    return Predictor(std::move(*loaded), c10::Device(c10::kCPU), batchSize);
}

// 50 x 70, black, with a white rectangle: differs from the 32 x 48 input in both directions.
const cv::Rect kBright(0, 10, 35, 30); // x, y, width, height

cv::Mat halfBrightImage()
{
    cv::Mat image = cv::Mat::zeros(50, 70, CV_8UC1);
    image(kBright).setTo(255);
    return image;
}

// Pixels of class 0's mask that disagree with the rectangle, ignoring a band of `margin` pixels
// around its border where resampling blurs.
int misplacedPixels(const cv::Mat& mask, cv::Rect truth, int margin)
{
    int wrong = 0;
    for (int y = 0; y < mask.rows; ++y)
        for (int x = 0; x < mask.cols; ++x) {
            const bool inside = truth.contains({x, y});
            const cv::Rect outer(truth.x - margin, truth.y - margin, truth.width + 2 * margin,
                                 truth.height + 2 * margin);
            const cv::Rect inner(truth.x + margin, truth.y + margin, truth.width - 2 * margin,
                                 truth.height - 2 * margin);
            if (outer.contains({x, y}) && !inner.contains({x, y}))
                continue;
            const bool set = (mask.at<std::uint16_t>(y, x) & 1) != 0;
            wrong += set != inside ? 1 : 0;
        }
    return wrong;
}

std::vector<std::string> readLines(const fs::path& path)
{
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

std::vector<std::string> splitCsv(const std::string& line)
{
    std::vector<std::string> fields;
    std::istringstream in(line);
    for (std::string field; std::getline(in, field, ',');)
        fields.push_back(field);
    return fields;
}

} // namespace

TEST(Predictor, MasksHaveTheOriginalSizeAndLineUpWithTheImage)
{
    test::TempDir dir;
    test::writeImage(dir / "half.png", halfBrightImage());
    test::writeImage(dir / "white.png", cv::Mat(50, 70, CV_8UC1, cv::Scalar(255)));
    test::writeImage(dir / "black.png", cv::Mat::zeros(20, 30, CV_8UC1));
    Predictor predictor = knownPredictor(dir);

    auto predictions = predictor.predict({dir / "half.png", dir / "white.png", dir / "black.png"});
    ASSERT_TRUE(predictions.has_value()) << predictions.error().message;
    ASSERT_EQ(predictions->size(), 3u);
    for (const auto& p : *predictions) {
        EXPECT_TRUE(p.error.empty()) << p.error;
        EXPECT_EQ(p.mask.type(), CV_16UC1);
        EXPECT_EQ(p.mask.rows, p.height);
        EXPECT_EQ(p.mask.cols, p.width);
        ASSERT_EQ(p.scores.size(), 2u);
        EXPECT_NEAR(p.scores[1], kLow, 1e-4) << p.path;
        EXPECT_EQ(cv::countNonZero(p.mask & 2), 0) << "class 1 is never positive";
    }
    const Prediction& half = (*predictions)[0];
    EXPECT_EQ(half.path, dir / "half.png");
    EXPECT_EQ(half.width, 70);
    EXPECT_EQ(half.height, 50);
    EXPECT_NEAR(half.scores[0], kHigh, 1e-4);
    EXPECT_EQ(misplacedPixels(half.mask, kBright, 2), 0);
    const int bright = cv::countNonZero(half.mask & 1);
    EXPECT_NEAR(bright, kBright.area(), 0.1 * kBright.area());

    const Prediction& white = (*predictions)[1];
    EXPECT_NEAR(white.scores[0], kHigh, 1e-4);
    EXPECT_EQ(cv::countNonZero(white.mask == 1), 50 * 70) << "class 0 everywhere, class 1 nowhere";

    const Prediction& black = (*predictions)[2];
    EXPECT_EQ(black.width, 30);
    EXPECT_EQ(black.height, 20);
    EXPECT_NEAR(black.scores[0], kLow, 1e-4);
    EXPECT_EQ(cv::countNonZero(black.mask), 0);
}

TEST(Predictor, ThresholdDecidesThePixels)
{
    test::TempDir dir;
    // Grey 128: class 0's logit is 10 * 128/255 - 5 = 0.0196, a probability just over 0.5.
    test::writeImage(dir / "grey.png", cv::Mat(50, 70, CV_8UC1, cv::Scalar(128)));
    Predictor predictor = knownPredictor(dir);
    auto at50 = predictor.predict({dir / "grey.png"});
    predictor.setThreshold(0.6);
    auto at60 = predictor.predict({dir / "grey.png"});
    ASSERT_TRUE(at50 && at60);
    EXPECT_EQ(cv::countNonZero((*at50)[0].mask & 1), 50 * 70);
    EXPECT_EQ(cv::countNonZero((*at60)[0].mask & 1), 0);
    EXPECT_DOUBLE_EQ(predictor.meta().threshold, 0.6);
}

TEST(Predictor, UnreadableFilesAreReportedAndTheOthersStillCome)
{
    test::TempDir dir;
    for (const char* name : {"a.png", "c.png", "d.png", "e.png"})
        test::writeImage(dir / name, halfBrightImage());
    std::ofstream(dir / "broken.png") << "not an image";
    std::vector<std::pair<std::size_t, std::size_t>> progress;
    // Batches of two: the broken and the missing file share batches with good ones.
    Predictor predictor = knownPredictor(dir, 2);
    auto predictions = predictor.predict(
        {dir / "a.png", dir / "broken.png", dir / "c.png", dir / "missing.png", dir / "d.png",
         dir / "e.png"},
        [&](std::size_t done, std::size_t total) { progress.emplace_back(done, total); });
    ASSERT_TRUE(predictions.has_value()) << predictions.error().message;
    ASSERT_EQ(predictions->size(), 6u);
    EXPECT_NE((*predictions)[1].error.find("cannot decode"), std::string::npos)
        << (*predictions)[1].error;
    EXPECT_EQ((*predictions)[3].error, "no such file");
    for (const std::size_t i : {0u, 2u, 4u, 5u}) {
        const Prediction& p = (*predictions)[i];
        EXPECT_TRUE(p.error.empty()) << p.path << ": " << p.error;
        EXPECT_EQ(p.mask.size(), cv::Size(70, 50));
        EXPECT_NEAR(p.scores.at(0), kHigh, 1e-4);
    }
    EXPECT_TRUE((*predictions)[1].mask.empty());
    EXPECT_TRUE((*predictions)[3].scores.empty());
    const std::vector<std::pair<std::size_t, std::size_t>> expected{{2, 6}, {4, 6}, {6, 6}};
    EXPECT_EQ(progress, expected);
}

TEST(Predictor, CancelStopsBeforeTheNextBatch)
{
    test::TempDir dir;
    test::writeImage(dir / "a.png", halfBrightImage());
    Predictor predictor = knownPredictor(dir, 1);
    const std::atomic<bool> cancel{true};
    auto predictions = predictor.predict({dir / "a.png", dir / "a.png"}, {}, &cancel);
    ASSERT_FALSE(predictions.has_value());
    EXPECT_EQ(predictions.error().code, ErrorCode::Cancelled);
    auto none = predictor.predict({});
    ASSERT_TRUE(none.has_value());
    EXPECT_TRUE(none->empty());
}

TEST(Predictor, WritesMasksScoresAndJson)
{
    test::TempDir dir;
    test::writeImage(dir / "in" / "half.png", halfBrightImage());
    test::writeImage(dir / "in" / "black.png", cv::Mat::zeros(20, 30, CV_8UC1));
    std::ofstream(dir / "in" / "broken.png") << "not an image";
    Predictor predictor = knownPredictor(dir);
    const std::vector<fs::path> images{dir / "in" / "half.png", dir / "in" / "broken.png",
                                       dir / "in" / "black.png"};
    auto predictions = predictor.predict(images);
    ASSERT_TRUE(predictions.has_value()) << predictions.error().message;
    const fs::path out = dir / "out" / "nested";
    ASSERT_TRUE(writePredictions(*predictions, predictor.meta(), out).has_value());

    // One 0/255 PNG per readable image and class, equal to the mask's bit; class names made safe.
    for (const auto& [stem, index] : {std::pair{"half", 0}, {"black", 2}}) {
        const Prediction& p = (*predictions)[static_cast<std::size_t>(index)];
        for (const auto& [name, bit] : {std::pair{"Bright", 1}, {"Never_seen", 2}}) {
            const fs::path file = out / (std::string(stem) + "_" + name + ".png");
            const cv::Mat png = cv::imread(file.string(), cv::IMREAD_UNCHANGED);
            ASSERT_FALSE(png.empty()) << file;
            EXPECT_EQ(png.type(), CV_8UC1);
            EXPECT_EQ(png.size(), p.mask.size());
            const cv::Mat expected = (p.mask & bit) != 0;
            EXPECT_EQ(cv::countNonZero(png != expected), 0) << file;
            EXPECT_EQ(cv::countNonZero(png != 0), cv::countNonZero(png == 255))
                << "only 0 and 255 in " << file;
        }
    }
    EXPECT_GT(cv::countNonZero(cv::imread((out / "half_Bright.png").string(), 0)), 0);
    EXPECT_FALSE(fs::exists(out / "broken_Bright.png"));

    const auto csv = readLines(out / "scores.csv");
    ASSERT_EQ(csv.size(), 3u) << "header and one row per readable image";
    EXPECT_EQ(csv[0], "image,Bright,Never seen");
    const auto half = splitCsv(csv[1]);
    ASSERT_EQ(half.size(), 3u);
    EXPECT_EQ(half[0], images[0].string());
    EXPECT_NEAR(std::stof(half[1]), kHigh, 1e-4);
    EXPECT_NEAR(std::stof(half[2]), kLow, 1e-4);
    EXPECT_EQ(splitCsv(csv[2]).at(0), images[2].string());

    std::ostringstream jsonFile;
    jsonFile << std::ifstream(out / "predictions.json").rdbuf();
    const std::string json = jsonFile.str();
    EXPECT_EQ(json, predictionsToJson(*predictions, predictor.meta()));
    for (const std::string needle :
         {"\"format\": \"dwb-predict/1\"", "\"threshold\": 0.5",
          "{ \"name\": \"Never seen\", \"color\": \"#00ff00\", \"image_threshold\": 0.5, "
          "\"pixel_threshold\": 0.5 }",
          "\"width\": 70", "\"height\": 50", "\"positive\": [\"Bright\"]", "\"positive\": []",
          "\"masks\": { \"Bright\": \"half_Bright.png\", \"Never seen\": \"half_Never_seen.png\" }",
          "\"error\": \"cannot decode"})
        EXPECT_NE(json.find(needle), std::string::npos) << needle << " not in\n" << json;
}

TEST(Predictor, MaskFileNamesStayDistinct)
{
    ModelMeta meta = knownMeta();
    meta.classNames = {"a/b", "a:b", ".."};
    std::vector<Prediction> predictions(3);
    predictions[0].path = "x/img.png";
    predictions[1].path = "y/img.jpg";
    predictions[2].path = "z/img.png";
    predictions[2].error = "no such file";
    const auto names = maskFileNames(predictions, meta);
    ASSERT_EQ(names.size(), 3u);
    EXPECT_EQ(names[0], (std::vector<std::string>{"img_a_b.png", "img_a_b-2.png", "img_...png"}));
    EXPECT_EQ(names[1],
              (std::vector<std::string>{"img-2_a_b.png", "img-2_a_b-2.png", "img-2_...png"}));
    EXPECT_TRUE(names[2].empty());

    // Stem and class meet in the middle: "a" + "b_c" and "a_b" + "c".
    meta.classNames = {"b_c", "c"};
    std::vector<Prediction> meeting(2);
    meeting[0].path = "a.png";
    meeting[1].path = "a_b.png";
    const auto met = maskFileNames(meeting, meta);
    EXPECT_EQ(met[0], (std::vector<std::string>{"a_b_c.png", "a_c.png"}));
    EXPECT_EQ(met[1], (std::vector<std::string>{"a_b-2_b_c.png", "a_b-2_c.png"}));
}

TEST(ModelFile, SavedModelLoadsWithIdenticalOutputs)
{
    test::TempDir dir;
    torch::manual_seed(3);
    ModelMeta meta = knownMeta();
    meta.options.width = 4;
    meta.options.pool = 2;
    meta.options.dilations = {1, 2, 1};
    meta.threshold = 0.37;
    Can model(meta.options);
    model->eval();
    ASSERT_TRUE(saveModel(dir / "m.pt", model, meta).has_value());
    auto loaded = loadModel(dir / "m.pt", c10::Device(c10::kCPU));
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    EXPECT_EQ(loaded->meta.classNames, meta.classNames);
    EXPECT_EQ(loaded->meta.classColors, meta.classColors);
    EXPECT_EQ(loaded->meta.inputHeight, 32);
    EXPECT_EQ(loaded->meta.inputWidth, 48);
    EXPECT_DOUBLE_EQ(loaded->meta.threshold, 0.37);
    EXPECT_EQ(loaded->meta.options.dilations, meta.options.dilations);
    EXPECT_FALSE(loaded->model->is_training());
    torch::NoGradGuard noGrad;
    const auto input = torch::rand({2, 1, 32, 48});
    const CanOutput a = model->forward(input);
    const CanOutput b = loaded->model->forward(input);
    EXPECT_TRUE(torch::equal(a.maskLogits, b.maskLogits));
    EXPECT_TRUE(torch::equal(a.imageLogits, b.imageLogits));
}

TEST(ModelFile, CalibrationAndStandardisationSurviveAReloadExactly)
{
    test::TempDir dir;
    torch::manual_seed(4);
    ModelMeta meta = knownMeta();
    meta.options.standardize = true;
    meta.imageThresholds = {0.1234567890123456, 1.0 / 3.0};
    meta.pixelThresholds = {0.71, 2.0 / 7.0};
    meta.epoch = 12;
    Can model(meta.options);
    model->eval();
    ASSERT_TRUE(saveModel(dir / "m.pt", model, meta).has_value());
    auto loaded = loadModel(dir / "m.pt", c10::Device(c10::kCPU));
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    EXPECT_EQ(loaded->meta.imageThresholds, meta.imageThresholds) << "bit for bit";
    EXPECT_EQ(loaded->meta.pixelThresholds, meta.pixelThresholds);
    EXPECT_EQ(loaded->meta.epoch, 12);
    EXPECT_TRUE(loaded->meta.options.standardize);
    // A build that knows only the first format must refuse a standardising model.
    EXPECT_NE(toText(meta).find("format = dwb-model/2\n"), std::string::npos);
    meta.options.standardize = false;
    EXPECT_NE(toText(meta).find("format = dwb-model/1\n"), std::string::npos);
}

TEST(ModelFile, NonModelFilesGiveClearErrors)
{
    test::TempDir dir;
    auto missing = loadModel(dir / "none.pt", c10::Device(c10::kCPU));
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_EQ(missing.error().message, "no such model file: " + (dir / "none.pt").string());

    std::ofstream(dir / "notes.pt") << "weights, honestly";
    auto text = loadModel(dir / "notes.pt", c10::Device(c10::kCPU));
    ASSERT_FALSE(text.has_value());
    EXPECT_EQ(text.error().code, ErrorCode::Corrupt);
    EXPECT_NE(text.error().message.find((dir / "notes.pt").string()), std::string::npos)
        << text.error().message;
}

} // namespace dwb
