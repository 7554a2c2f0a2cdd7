#include "dwb/eval/Predictor.h"

#include "../augment/MiniJson.h"

#include "dwb/imaging/Overlay.h"
#include "dwb/imaging/TensorConversion.h"
#include "dwb/train/SampleSet.h"

#include <ATen/ATen.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <torch/csrc/autograd/grad_mode.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <future>
#include <set>
#include <sstream>

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

cv::Mat readImage(const fs::path& path, int channels, std::string& error)
{
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        error = fs::exists(path, ec) ? "not a regular file" : "no such file";
        return {};
    }
    try {
        cv::Mat image =
            cv::imread(path.string(), channels == 3 ? cv::IMREAD_COLOR : cv::IMREAD_GRAYSCALE);
        if (image.empty())
            error = "cannot decode the image (not an image or a corrupt file)";
        return image;
    } catch (const cv::Exception& e) {
        error = "cannot decode the image: " + e.err;
    }
    return {};
}

DecodedBatch decodeBatch(const std::vector<fs::path>& paths, std::size_t begin, std::size_t end,
                         InputShape shape)
{
    DecodedBatch batch;
    for (std::size_t i = begin; i < end; ++i) {
        Prediction prediction;
        prediction.path = paths[i];
        const cv::Mat image = readImage(paths[i], shape.channels, prediction.error);
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

namespace {

std::string safeFileName(const std::string& name)
{
    std::string safe;
    for (const char c : name) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        safe += plain ? c : '_';
    }
    // Always behind "<stem>_", so even "" or ".." cannot name a folder.
    return safe;
}

// `name`, or `name` + "-2", "-3"... when taken; the result is taken from then on.
std::string unique(std::set<std::string>& taken, const std::string& name)
{
    std::string candidate = name;
    for (int n = 2; !taken.insert(candidate).second; ++n)
        candidate = name + "-" + std::to_string(n);
    return candidate;
}

std::vector<std::string> safeClassNames(const ModelMeta& meta)
{
    std::set<std::string> taken;
    std::vector<std::string> names;
    for (const auto& name : meta.classNames)
        names.push_back(unique(taken, safeFileName(name)));
    return names;
}

std::string jsonString(const std::string& text)
{
    std::string out;
    json::appendString(out, text);
    return out;
}

// Shortest text that reads back as the same value; JSON has no NaN, so null stands in.
template <typename T>
std::string number(T value)
{
    if (!std::isfinite(value))
        return "null";
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, value);
    return std::string(text, result.ptr);
}

std::string csvField(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string out = "\"";
    for (const char c : text)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + '"';
}

void writeImageJson(std::ostream& out, const Prediction& prediction, const ModelMeta& meta,
                    const std::vector<std::string>& files)
{
    const auto classes = meta.classNames.size();
    out << "    {\n      \"path\": " << jsonString(prediction.path.string())
        << ",\n      \"width\": " << prediction.width
        << ",\n      \"height\": " << prediction.height << ",\n      \"scores\": {";
    std::vector<std::string> positive;
    for (std::size_t c = 0; c < classes && c < prediction.scores.size(); ++c) {
        out << (c ? ", " : " ") << jsonString(meta.classNames[c]) << ": "
            << number(prediction.scores[c]);
        if (prediction.scores[c] > static_cast<float>(meta.imageThreshold(static_cast<int>(c))))
            positive.push_back(jsonString(meta.classNames[c]));
    }
    out << " },\n      \"positive\": [";
    for (std::size_t i = 0; i < positive.size(); ++i)
        out << (i ? ", " : "") << positive[i];
    out << "],\n      \"masks\": {";
    for (std::size_t c = 0; c < classes && c < files.size(); ++c)
        out << (c ? ", " : " ") << jsonString(meta.classNames[c]) << ": " << jsonString(files[c]);
    out << " }\n    }";
}

} // namespace

std::vector<std::string> predictionStems(const std::vector<Prediction>& predictions,
                                         const ModelMeta& meta)
{
    const std::vector<std::string> classes = safeClassNames(meta);
    std::set<std::string> taken;
    std::vector<std::string> stems(predictions.size());
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        if (!predictions[i].error.empty() || classes.empty())
            continue;
        // Suffix the stem until none of its files is taken: "a" + "b_c" and "a_b" + "c" meet.
        const std::string stem = predictions[i].path.stem().string();
        for (int n = 1; stems[i].empty(); ++n) {
            const std::string candidate = n == 1 ? stem : stem + "-" + std::to_string(n);
            if (std::ranges::none_of(classes, [&](const auto& name) {
                    return taken.contains(candidate + "_" + name + ".png");
                }))
                stems[i] = candidate;
        }
        for (const auto& name : classes)
            taken.insert(stems[i] + "_" + name + ".png");
    }
    return stems;
}

std::vector<std::vector<std::string>> maskFileNames(const std::vector<Prediction>& predictions,
                                                    const ModelMeta& meta)
{
    const std::vector<std::string> classes = safeClassNames(meta);
    const std::vector<std::string> stems = predictionStems(predictions, meta);
    std::vector<std::vector<std::string>> names(predictions.size());
    for (std::size_t i = 0; i < predictions.size(); ++i)
        if (!stems[i].empty())
            for (const auto& name : classes)
                names[i].push_back(stems[i] + "_" + name + ".png");
    return names;
}

Status writeOverlays(const std::vector<Prediction>& predictions, const ModelMeta& meta,
                     const fs::path& outDir)
{
    const fs::path folder = outDir / "overlays";
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec)
        return fail(ErrorCode::IoError, "cannot create " + folder.string() + ": " + ec.message());
    std::vector<std::string> colours = meta.classColors;
    colours.resize(meta.classNames.size(), "#ff0000");
    const std::vector<std::string> stems = predictionStems(predictions, meta);
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        if (stems[i].empty())
            continue;
        const cv::Mat image = cv::imread(predictions[i].path.string(), cv::IMREAD_UNCHANGED);
        if (image.empty() || image.depth() != CV_8U)
            return fail(ErrorCode::BadImage, "cannot read " + predictions[i].path.string());
        auto picture = drawClassOutlines(image, predictions[i].mask, colours);
        if (!picture)
            return std::unexpected(picture.error());
        const fs::path file = folder / (stems[i] + ".png");
        if (!cv::imwrite(file.string(), *picture))
            return fail(ErrorCode::IoError, "cannot write " + file.string());
    }
    return {};
}

std::string predictionsToJson(const std::vector<Prediction>& predictions, const ModelMeta& meta)
{
    const auto files = maskFileNames(predictions, meta);
    std::ostringstream out;
    out << "{\n  \"format\": \"dwb-predict/1\",\n  \"threshold\": " << number(meta.threshold)
        << ",\n  \"calibrated\": " << (meta.calibrated() ? "true" : "false")
        << ",\n  \"classes\": [";
    for (std::size_t c = 0; c < meta.classNames.size(); ++c) {
        const int k = static_cast<int>(c);
        out << (c ? ",\n" : "\n") << "    { \"name\": " << jsonString(meta.classNames[c])
            << ", \"color\": " << jsonString(c < meta.classColors.size() ? meta.classColors[c] : "")
            << ", \"image_threshold\": " << number(meta.imageThreshold(k))
            << ", \"pixel_threshold\": " << number(meta.pixelThreshold(k)) << " }";
    }
    out << (meta.classNames.empty() ? "]" : "\n  ]") << ",\n  \"images\": [";
    bool first = true;
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        if (!predictions[i].error.empty())
            continue;
        out << (first ? "\n" : ",\n");
        writeImageJson(out, predictions[i], meta, files[i]);
        first = false;
    }
    out << (first ? "]" : "\n  ]") << ",\n  \"skipped\": [";
    first = true;
    for (const auto& prediction : predictions) {
        if (prediction.error.empty())
            continue;
        out << (first ? "\n" : ",\n") << "    { \"path\": " << jsonString(prediction.path.string())
            << ", \"error\": " << jsonString(prediction.error) << " }";
        first = false;
    }
    out << (first ? "]" : "\n  ]") << "\n}\n";
    return out.str();
}

namespace {

Status writeText(const fs::path& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    if (!out)
        return fail(ErrorCode::IoError, "cannot write " + path.string());
    return {};
}

Status writeMasks(const Prediction& prediction, const std::vector<std::string>& files,
                  const fs::path& outDir)
{
    for (std::size_t c = 0; c < files.size(); ++c) {
        const fs::path file = outDir / files[c];
        cv::Mat bits;
        cv::bitwise_and(prediction.mask, cv::Scalar(static_cast<double>(1u << c)), bits);
        const cv::Mat binary = bits != 0; // CV_8UC1 of 0 and 255
        try {
            if (!cv::imwrite(file.string(), binary))
                return fail(ErrorCode::IoError, "cannot write " + file.string());
        } catch (const cv::Exception& e) {
            return fail(ErrorCode::IoError, "cannot write " + file.string() + ": " + e.err);
        }
    }
    return {};
}

} // namespace

Status writePredictions(const std::vector<Prediction>& predictions, const ModelMeta& meta,
                        const fs::path& outDir)
{
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec)
        return fail(ErrorCode::IoError,
                    "cannot create output folder " + outDir.string() + ": " + ec.message());
    const auto files = maskFileNames(predictions, meta);
    std::string csv = "image";
    for (const auto& name : meta.classNames)
        csv += "," + csvField(name);
    csv += '\n';
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const Prediction& prediction = predictions[i];
        if (!prediction.error.empty())
            continue;
        if (prediction.mask.type() != CV_16UC1 || prediction.mask.rows != prediction.height ||
            prediction.mask.cols != prediction.width)
            return fail(ErrorCode::InvalidArgument,
                        "prediction of " + prediction.path.string() + " has no matching mask");
        if (auto ok = writeMasks(prediction, files[i], outDir); !ok)
            return ok;
        csv += csvField(prediction.path.string());
        for (const float score : prediction.scores)
            csv += "," + number(score);
        csv += '\n';
    }
    if (auto ok = writeText(outDir / "scores.csv", csv); !ok)
        return ok;
    return writeText(outDir / "predictions.json", predictionsToJson(predictions, meta));
}

} // namespace dwb
