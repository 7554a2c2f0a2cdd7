// A minimal line-side program for a model exported by `dwb export`: OpenCV and a JSON reader, no
// LibTorch and no Defect Workbench library. Usage: dwb_deploy_example MODEL_DIR IMAGE...
// Prints "image,<class>..." and one row of scores (0 to 1) per image, as predict's scores.csv,
// then the classes each image shows by the thresholds in model.json. docs/deploy.md explains
// each step.

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

// Steps 1 and 2: the image as the graph takes it.
cv::Mat graphInput(const cv::Mat& image, const nlohmann::json& input)
{
    // 1. Resize to the model's input: pixel-area averaging when shrinking, bilinear otherwise.
    const cv::Size size(input.at("width"), input.at("height"));
    const bool shrinking = image.cols > size.width || image.rows > size.height;
    cv::Mat resized;
    cv::resize(image, resized, size, 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
    // 2. Scale to [0, 1]; standardise when model.json says so.
    cv::Mat x;
    resized.convertTo(x, CV_32F, 1.0 / 255.0);
    if (input.at("standardize") != "none") {
        cv::Scalar mean, deviation;
        cv::meanStdDev(x.reshape(1), mean, deviation);
        const double d = std::max(deviation[0], 0.02);
        x.convertTo(x, CV_32F, 1.0 / d, -mean[0] / d);
    }
    return x;
}

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s MODEL_DIR IMAGE...\n", argv[0]);
        return 2;
    }
    try {
        const std::string dir = argv[1];
        std::ifstream file(dir + "/model.json");
        const nlohmann::json meta = nlohmann::json::parse(file);
        const auto& input = meta.at("input");
        const int channels = input.at("channels");
        cv::dnn::Net net =
            cv::dnn::readNetFromONNX(dir + "/" + meta.at("model").get<std::string>());

        std::printf("image");
        for (const auto& c : meta.at("classes"))
            std::printf(",%s", c.at("name").get<std::string>().c_str());
        std::printf("\n");
        for (int i = 2; i < argc; ++i) {
            // Read as the model was trained: grey or BGR.
            const cv::Mat image =
                cv::imread(argv[i], channels == 3 ? cv::IMREAD_COLOR : cv::IMREAD_GRAYSCALE);
            if (image.empty()) {
                std::fprintf(stderr, "cannot read %s\n", argv[i]);
                continue;
            }
            net.setInput(cv::dnn::blobFromImage(graphInput(image, input)),
                         input.at("name").get<std::string>());
            // 3. Run; the image logits are one per class, in model.json's order.
            std::vector<cv::Mat> out;
            net.forward(out,
                        std::vector<std::string>{meta.at("outputs").at("mask_logits").at("name"),
                                                 meta.at("outputs").at("image_logits").at("name")});
            const float* logits = out[1].ptr<float>();
            std::printf("%s", argv[i]);
            std::string present;
            for (std::size_t c = 0; c < meta.at("classes").size(); ++c) {
                const double score = 1.0 / (1.0 + std::exp(-static_cast<double>(logits[c])));
                std::printf(",%.8g", score);
                if (score > meta.at("classes")[c].at("image_threshold").get<double>())
                    present += " " + meta.at("classes")[c].at("name").get<std::string>();
            }
            std::printf("\n");
            std::fprintf(stderr, "%s:%s\n", argv[i],
                         present.empty() ? " no defect" : present.c_str());
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
