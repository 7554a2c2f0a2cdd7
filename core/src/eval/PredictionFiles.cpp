// The files `dwb predict` writes for a set of predictions: masks, scores.csv, predictions.json
// and the overlays, with the file names they take.

#include "dwb/eval/Prediction.h"

#include "../augment/MiniJson.h"

#include "dwb/imaging/Overlay.h"

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

namespace dwb {
namespace fs = std::filesystem;

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
    // Appended piece by piece: GCC 12 warns wrongly (-Wstringop-overflow) on "," + std::string.
    for (const auto& name : meta.classNames) {
        csv += ',';
        csv += csvField(name);
    }
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
        for (const float score : prediction.scores) {
            csv += ',';
            csv += number(score);
        }
        csv += '\n';
    }
    if (auto ok = writeText(outDir / "scores.csv", csv); !ok)
        return ok;
    return writeText(outDir / "predictions.json", predictionsToJson(predictions, meta));
}

cv::Mat readModelImage(const std::filesystem::path& path, int channels, std::string& error)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        error = std::filesystem::exists(path, ec) ? "not a regular file" : "no such file";
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

} // namespace dwb
