#include "../support/NlohmannJson.h"
#include "dwb/dataset/CocoRle.h"
#include "dwb/dataset/DatasetExport.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

namespace dwb {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct CocoAnnotation {
    int classIndex = 0;
    json segmentation;
    std::int64_t id = 0;
};

// One annotation's pixels at the image's size, or why not.
Result<cv::Mat> annotationPixels(const CocoAnnotation& annotation, cv::Size size)
{
    const json& s = annotation.segmentation;
    const std::string which = "annotation " + std::to_string(annotation.id) + ": ";
    if (s.is_object()) {
        const auto& dims = s.at("size");
        const int height = dims.at(0).get<int>();
        const int width = dims.at(1).get<int>();
        if (height != size.height || width != size.width)
            return fail(ErrorCode::BadMask, which + "its size " + std::to_string(width) + "x" +
                                                std::to_string(height) + " is not the image's");
        std::vector<std::uint32_t> counts;
        if (s.at("counts").is_string()) {
            auto decoded = cocoRleFromString(s.at("counts").get<std::string>());
            if (!decoded)
                return fail(ErrorCode::BadRle, which + decoded.error().message);
            counts = std::move(*decoded);
        } else {
            counts = s.at("counts").get<std::vector<std::uint32_t>>();
        }
        auto mask = cocoRleDecode(counts, height, width);
        if (!mask)
            return fail(ErrorCode::BadRle, which + mask.error().message);
        return *mask;
    }
    if (!s.is_array())
        return fail(ErrorCode::BadMask, which + "no segmentation");
    // Polygons: x, y pairs in COCO's continuous coordinates (pixel x covers [x, x + 1)); the
    // pixels whose centres they enclose, at 1/16 pixel precision.
    constexpr int kShift = 4;
    cv::Mat mask = cv::Mat::zeros(size, CV_8UC1);
    for (const json& polygon : s) {
        const auto values = polygon.get<std::vector<double>>();
        if (values.size() < 6 || values.size() % 2 != 0)
            return fail(ErrorCode::BadMask, which + "a polygon needs 3 points or more");
        std::vector<cv::Point> points;
        for (std::size_t i = 0; i < values.size(); i += 2) {
            if (!(std::abs(values[i]) < 1e6 && std::abs(values[i + 1]) < 1e6))
                return fail(ErrorCode::BadMask, which + "a polygon point is not a coordinate");
            points.emplace_back(
                static_cast<int>(std::lround((values[i] - 0.5) * (1 << kShift))),
                static_cast<int>(std::lround((values[i + 1] - 0.5) * (1 << kShift))));
        }
        cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{points}, cv::Scalar(1), cv::LINE_8,
                     kShift);
    }
    return mask;
}

// The image's sample: its image-level labels and the recipe for its mask from `annotations`.
PlannedSample plannedSample(const fs::path& path, const json& image,
                            const std::vector<std::string>& classNames,
                            std::vector<CocoAnnotation> annotations)
{
    PlannedSample sample;
    sample.imagePath = path.lexically_normal();
    sample.name = path.stem().string();
    for (const json& label : image.value("dwb_labels", json::array()))
        if (const auto it = std::ranges::find(classNames, label.get<std::string>());
            it != classNames.end())
            sample.imageLabels |= 1u << (it - classNames.begin());
    auto shared = std::make_shared<const std::vector<CocoAnnotation>>(std::move(annotations));
    sample.loadMask = [shared](cv::Size size) -> Result<cv::Mat> {
        cv::Mat mask = cv::Mat::zeros(size, CV_16UC1);
        for (const CocoAnnotation& annotation : *shared) {
            Result<cv::Mat> pixels;
            try {
                pixels = annotationPixels(annotation, size);
            } catch (const json::exception& e) {
                pixels = fail(ErrorCode::BadMask,
                              "annotation " + std::to_string(annotation.id) + ": " + e.what());
            }
            if (!pixels)
                return std::unexpected(pixels.error());
            cv::bitwise_or(mask, cv::Scalar(static_cast<double>(1u << annotation.classIndex)), mask,
                           *pixels);
        }
        return mask;
    };
    return sample;
}

fs::path cocoFile(const fs::path& source)
{
    std::error_code ec;
    return fs::is_directory(source, ec) ? source / "annotations.json" : source;
}

} // namespace

Result<ImportPlan> scanCoco(const fs::path& source)
{
    const fs::path file = cocoFile(source);
    auto bytes = readRegularFile(file);
    if (!bytes)
        return std::unexpected(bytes.error());
    ImportPlan plan;
    plan.kind = "coco";
    plan.source = source;
    try {
        const json document = json::parse(bytes->begin(), bytes->end());
        // Categories in id order are the classes.
        std::map<std::int64_t, std::string> categories;
        for (const json& c : document.at("categories"))
            categories[c.at("id").get<std::int64_t>()] = c.at("name").get<std::string>();
        std::map<std::int64_t, int> classOf;
        for (const auto& [id, name] : categories) {
            classOf[id] = static_cast<int>(plan.classNames.size());
            plan.classNames.push_back(name);
        }
        if (plan.classNames.size() > 16)
            return fail(ErrorCode::InvalidArgument,
                        file.string() + ": more than 16 categories (a project holds 16 classes)");
        std::map<std::int64_t, std::vector<CocoAnnotation>> byImage;
        const json none = json::array();
        for (const json& a : document.contains("annotations") ? document.at("annotations") : none) {
            const auto id = a.value("id", std::int64_t{0});
            const auto category = classOf.find(a.at("category_id").get<std::int64_t>());
            if (category == classOf.end()) {
                plan.warnings.push_back({file.string(), "annotation " + std::to_string(id) +
                                                            ": unknown category, left out"});
                continue;
            }
            byImage[a.at("image_id").get<std::int64_t>()].push_back(
                {category->second, a.at("segmentation"), id});
        }
        const fs::path folder = file.parent_path();
        for (const json& image : document.at("images")) {
            const auto id = image.at("id").get<std::int64_t>();
            const fs::path path = folder / image.at("file_name").get<std::string>();
            PlannedSample sample =
                plannedSample(path, image, plan.classNames, std::move(byImage[id]));
            plan.samples.push_back(std::move(sample));
        }
    } catch (const json::exception& e) {
        return fail(ErrorCode::InvalidArgument,
                    file.string() + ": not a COCO file (" + e.what() + ")");
    }
    return plan;
}

} // namespace dwb
