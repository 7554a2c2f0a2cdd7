#include "dwb/dataset/DatasetExport.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <map>
#include <sstream>

namespace dwb {
namespace fs = std::filesystem;

namespace {

// `names` from data.yaml: a list, or a map from index to name (indices 0..N-1).
Result<std::vector<std::string>> yoloNames(const fs::path& file)
{
    auto bytes = readRegularFile(file);
    if (!bytes)
        return std::unexpected(bytes.error());
    try {
        const YAML::Node root = YAML::Load(std::string(bytes->begin(), bytes->end()));
        const YAML::Node names = root["names"];
        std::vector<std::string> out;
        if (names.IsSequence()) {
            for (const auto& name : names)
                out.push_back(name.as<std::string>());
        } else if (names.IsMap()) {
            std::map<int, std::string> byIndex;
            for (const auto& entry : names)
                byIndex[entry.first.as<int>()] = entry.second.as<std::string>();
            for (const auto& [index, name] : byIndex) {
                if (index != static_cast<int>(out.size()))
                    return fail(ErrorCode::InvalidArgument,
                                file.string() + ": class indices must run from 0 without gaps");
                out.push_back(name);
            }
        }
        if (out.empty())
            return fail(ErrorCode::InvalidArgument, file.string() + ": no class names ('names')");
        if (out.size() > 16)
            return fail(ErrorCode::InvalidArgument,
                        file.string() + ": more than 16 classes (a project holds 16)");
        return out;
    } catch (const YAML::Exception& e) {
        return fail(ErrorCode::InvalidArgument, file.string() + ": not YAML (" + e.what() + ")");
    }
}

// The class mask a label file describes, at `size`.
Result<cv::Mat> yoloMask(const fs::path& file, cv::Size size, int classes)
{
    cv::Mat mask = cv::Mat::zeros(size, CV_16UC1);
    std::error_code ec;
    if (!fs::exists(file, ec))
        return mask; // no label file: defect-free
    auto bytes = readRegularFile(file);
    if (!bytes)
        return std::unexpected(bytes.error());
    std::istringstream in(std::string(bytes->begin(), bytes->end()));
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        const auto bad = [&](const std::string& why) {
            return fail(ErrorCode::BadMask,
                        file.string() + " line " + std::to_string(number) + ": " + why);
        };
        std::istringstream words(line);
        int classIndex = -1;
        if (!(words >> classIndex)) {
            if (line.find_first_not_of(" \t\r") == std::string::npos)
                continue; // blank line
            return bad("no class index");
        }
        if (classIndex < 0 || classIndex >= classes)
            return bad("class " + std::to_string(classIndex) + " is not in data.yaml");
        std::vector<double> values;
        for (double v = 0; words >> v;)
            values.push_back(v);
        if (!words.eof())
            return bad("a coordinate is not a number");
        if (values.size() < 6 || values.size() % 2 != 0)
            return bad("a polygon needs 3 x y pairs or more");
        std::vector<cv::Point> points;
        for (std::size_t i = 0; i < values.size(); i += 2) {
            if (!(values[i] >= -1e-6 && values[i] <= 1 + 1e-6 && values[i + 1] >= -1e-6 &&
                  values[i + 1] <= 1 + 1e-6))
                return bad("coordinates must lie in [0, 1]");
            points.emplace_back(static_cast<int>(std::lround(values[i] * size.width)),
                                static_cast<int>(std::lround(values[i + 1] * size.height)));
        }
        cv::Mat polygon = cv::Mat::zeros(size, CV_8UC1);
        cv::fillPoly(polygon, std::vector<std::vector<cv::Point>>{points}, cv::Scalar(1));
        cv::bitwise_or(mask, cv::Scalar(static_cast<double>(1u << classIndex)), mask, polygon);
    }
    return mask;
}

} // namespace

Result<ImportPlan> scanYoloSeg(const fs::path& root)
{
    auto names = yoloNames(root / "data.yaml");
    if (!names)
        return std::unexpected(names.error());
    ImportPlan plan;
    plan.kind = "yolo-seg";
    plan.source = root;
    plan.classNames = *names;
    const auto images = listFiles(root / "images", imageExtensions(), &plan.warnings);
    if (images.empty())
        return fail(ErrorCode::NotFound, "no images in " + (root / "images").string());
    const int classes = static_cast<int>(names->size());
    for (const fs::path& image : images) {
        PlannedSample sample;
        sample.imagePath = image;
        sample.name = image.stem().string();
        const fs::path labels = root / "labels" / (image.stem().string() + ".txt");
        sample.loadMask = [labels, classes](cv::Size size) {
            return yoloMask(labels, size, classes);
        };
        plan.samples.push_back(std::move(sample));
    }
    return plan;
}

} // namespace dwb
