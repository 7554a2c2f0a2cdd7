// size: the three formats' writers share the item list and helpers of one export.

#include "dwb/dataset/DatasetExport.h"

#include "../support/NlohmannJson.h"
#include "dwb/core/DurableFile.h"
#include "dwb/dataset/CocoRle.h"
#include "dwb/imaging/ClassMask.h"
#include "dwb/storage/ProjectDb.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

namespace dwb {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// One class's pixels of a class mask, as 0/1.
cv::Mat classPlane(const cv::Mat& mask, int bit)
{
    cv::Mat plane;
    cv::bitwise_and(mask, cv::Scalar(static_cast<double>(1u << bit)), plane);
    plane = plane != 0;
    plane.setTo(1, plane);
    return plane;
}

// The COCO annotations of one class plane: one per 8-connected blob.
void addBlobs(const cv::Mat& plane, std::int64_t imageId, int categoryId, json& annotations)
{
    cv::Mat labels;
    cv::Mat stats;
    cv::Mat centroids;
    const int count = cv::connectedComponentsWithStats(plane, labels, stats, centroids, 8, CV_32S);
    for (int label = 1; label < count; ++label) {
        const cv::Mat blob = labels == label;
        json annotation = {
            {"id", annotations.size() + 1},
            {"image_id", imageId},
            {"category_id", categoryId},
            {"segmentation",
             {{"size", {plane.rows, plane.cols}}, {"counts", cocoRleString(cocoRleCounts(blob))}}},
            {"area", stats.at<int>(label, cv::CC_STAT_AREA)},
            {"bbox",
             {stats.at<int>(label, cv::CC_STAT_LEFT), stats.at<int>(label, cv::CC_STAT_TOP),
              stats.at<int>(label, cv::CC_STAT_WIDTH), stats.at<int>(label, cv::CC_STAT_HEIGHT)}},
            {"iscrowd", 0},
        };
        annotations.push_back(std::move(annotation));
    }
}

// What one exported image needs, for a project sample or a stored synthetic one.
struct ExportItem {
    std::int64_t id = 0;  // the COCO image id
    std::string what;     // for warnings: the image path, or "synthetic sample N"
    fs::path image;       // the file to reference or copy
    bool inPlace = false; // already written where the format wants it (synthetic samples)
    std::string stem;     // unique among the export's images
    std::function<Result<cv::Mat>()> mask;
    std::uint32_t maskBits = 0;
    std::uint32_t labelOnlyBits = 0; // image-level labels no pixel shows
    std::string split;
    std::int64_t baseSample = 0; // synthetic samples: the image they were pasted into
};

std::string uniqueStem(std::string stem, std::int64_t id, std::set<std::string>& taken)
{
    if (!taken.insert(stem).second) {
        stem += "_" + std::to_string(id);
        taken.insert(stem);
    }
    return stem;
}

// The image of `item` in `folder` (copied unless already there); false after a warning.
bool placeImage(const ExportItem& item, const fs::path& folder, DatasetExportReport& report)
{
    if (item.inPlace)
        return true;
    std::error_code ec;
    if (!fs::copy_file(item.image, folder / (item.stem + item.image.extension().string()),
                       fs::copy_options::overwrite_existing, ec)) {
        report.warnings.push_back({item.what, "cannot copy: " + ec.message()});
        return false;
    }
    return true;
}

// Calls `write` for each item whose mask loads (a warning otherwise) and, when `images` is given,
// whose image is placed there; counts the images written and reports progress.
Status forEachItem(const std::vector<ExportItem>& items, const DatasetExportOptions& options,
                   const fs::path* images, DatasetExportReport& report,
                   const std::function<Status(const ExportItem&, const cv::Mat&)>& write)
{
    for (std::size_t i = 0; i < items.size(); ++i) {
        const ExportItem& item = items[i];
        auto mask = item.mask();
        if (!mask) {
            report.warnings.push_back({item.what, mask.error().message});
            continue;
        }
        if (images && !placeImage(item, *images, report))
            continue;
        if (auto ok = write(item, *mask); !ok)
            return ok;
        ++report.images;
        if (options.progress)
            options.progress(i + 1, items.size());
    }
    return {};
}

// The COCO polygons of one class plane: each blob's outer boundary through its boundary pixels'
// centres, in COCO's continuous coordinates (pixel x covers [x, x + 1)).
void addPolygons(const cv::Mat& plane, std::int64_t imageId, int categoryId, json& annotations)
{
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(plane, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    for (auto& contour : contours) {
        while (contour.size() < 3)
            contour.push_back(contour.back());
        json points = json::array();
        for (const cv::Point& p : contour) {
            points.push_back(p.x + 0.5);
            points.push_back(p.y + 0.5);
        }
        const cv::Rect box = cv::boundingRect(contour);
        cv::Mat filled = cv::Mat::zeros(plane.size(), CV_8UC1);
        cv::drawContours(filled, std::vector<std::vector<cv::Point>>{contour}, -1, cv::Scalar(1),
                         cv::FILLED);
        annotations.push_back({{"id", annotations.size() + 1},
                               {"image_id", imageId},
                               {"category_id", categoryId},
                               {"segmentation", json::array({points})},
                               {"area", cv::countNonZero(filled)},
                               {"bbox", {box.x, box.y, box.width, box.height}},
                               {"iscrowd", 0}});
    }
}

Status writeCoco(const std::vector<ExportItem>& items, const std::vector<ClassInfo>& classes,
                 const fs::path& outDir, const DatasetExportOptions& options,
                 DatasetExportReport& report)
{
    json categories = json::array();
    for (const ClassInfo& c : classes)
        categories.push_back({{"id", c.bit + 1}, {"name", c.name}, {"supercategory", "defect"}});
    json images = json::array();
    json annotations = json::array();
    const auto write = [&](const ExportItem& item, const cv::Mat& mask) -> Status {
        std::error_code ec;
        fs::path file = fs::relative(item.image, outDir, ec);
        if (ec || file.empty())
            file = item.image;
        json labels = json::array();
        for (const ClassInfo& c : classes)
            if ((item.labelOnlyBits >> c.bit & 1u) != 0)
                labels.push_back(c.name);
        json image = {{"id", item.id},           {"file_name", file.generic_string()},
                      {"width", mask.cols},      {"height", mask.rows},
                      {"dwb_split", item.split}, {"dwb_labels", labels}};
        if (item.baseSample > 0)
            image["dwb_synthetic_from"] = item.baseSample;
        images.push_back(std::move(image));
        for (const ClassInfo& c : classes) {
            if ((item.maskBits >> c.bit & 1u) == 0)
                continue;
            if (options.cocoPolygons)
                addPolygons(classPlane(mask, c.bit), item.id, c.bit + 1, annotations);
            else
                addBlobs(classPlane(mask, c.bit), item.id, c.bit + 1, annotations);
        }
        return {};
    };
    if (auto ok = forEachItem(items, options, nullptr, report, write); !ok)
        return ok;
    report.annotations = annotations.size();
    const json document = {
        {"info",
         {{"description", "Exported by Defect Workbench"}, {"version", options.programVersion}}},
        {"licenses", json::array()},
        {"images", images},
        {"annotations", annotations},
        {"categories", categories},
    };
    report.file = outDir / "annotations.json";
    return writeFileDurably(report.file, document.dump() + "\n");
}

// One polygon per 8-connected blob: its outer boundary through the centres of its boundary
// pixels, in pixel coordinates divided by the image size.
std::string yoloLines(const cv::Mat& plane, int classIndex, std::size_t& blobs)
{
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(plane, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    std::ostringstream out;
    out.precision(7);
    for (auto& contour : contours) {
        while (contour.size() < 3) // a pixel or a pair: the polygon repeats its points
            contour.push_back(contour.back());
        out << classIndex;
        for (const cv::Point& p : contour)
            out << ' ' << static_cast<double>(p.x) / plane.cols << ' '
                << static_cast<double>(p.y) / plane.rows;
        out << '\n';
        ++blobs;
    }
    return out.str();
}

std::string yoloDataYaml(const std::vector<ClassInfo>& classes)
{
    YAML::Emitter out;
    out << YAML::BeginMap << YAML::Key << "path" << YAML::Value << "." << YAML::Key << "train"
        << YAML::Value << "images" << YAML::Key << "val" << YAML::Value << "images" << YAML::Key
        << "names" << YAML::Value << YAML::BeginMap;
    for (const ClassInfo& c : classes)
        out << YAML::Key << c.bit << YAML::Value << c.name;
    out << YAML::EndMap << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

Status writeYolo(const std::vector<ExportItem>& items, const std::vector<ClassInfo>& classes,
                 const fs::path& outDir, const DatasetExportOptions& options,
                 DatasetExportReport& report)
{
    std::error_code ec;
    fs::create_directories(outDir / "labels", ec);
    if (ec)
        return fail(ErrorCode::IoError,
                    "cannot create folders in " + outDir.string() + ": " + ec.message());
    const fs::path imageFolder = outDir / "images";
    const auto write = [&](const ExportItem& item, const cv::Mat& mask) -> Status {
        std::string lines;
        for (const ClassInfo& c : classes)
            if ((item.maskBits >> c.bit & 1u) != 0)
                lines += yoloLines(classPlane(mask, c.bit), c.bit, report.annotations);
        return writeFileDurably(outDir / "labels" / (item.stem + ".txt"), lines);
    };
    if (auto ok = forEachItem(items, options, &imageFolder, report, write); !ok)
        return ok;
    report.file = outDir / "data.yaml";
    return writeFileDurably(report.file, yoloDataYaml(classes));
}

Status writeMasks(const std::vector<ExportItem>& items, const std::vector<ClassInfo>& classes,
                  const fs::path& outDir, const DatasetExportOptions& options,
                  DatasetExportReport& report)
{
    std::error_code ec;
    for (const ClassInfo& c : classes)
        fs::create_directories(outDir / "masks" / c.name, ec);
    if (ec)
        return fail(ErrorCode::IoError,
                    "cannot create folders in " + outDir.string() + ": " + ec.message());
    const fs::path imageFolder = outDir / "images";
    const auto write = [&](const ExportItem& item, const cv::Mat& mask) -> Status {
        for (const ClassInfo& c : classes) {
            if ((item.maskBits >> c.bit & 1u) == 0)
                continue;
            const fs::path file = outDir / "masks" / c.name / (item.stem + ".png");
            if (!cv::imwrite(file.string(), classPlane(mask, c.bit) * 255))
                return fail(ErrorCode::IoError, "cannot write " + file.string());
            ++report.annotations;
        }
        return {};
    };
    if (auto ok = forEachItem(items, options, &imageFolder, report, write); !ok)
        return ok;
    std::string names;
    for (const ClassInfo& c : classes)
        names += c.name + "\n";
    report.file = outDir / "classes.txt";
    return writeFileDurably(report.file, names);
}

// The project's samples of the chosen split, each with a unique stem.
Result<std::vector<ExportItem>> sampleItems(const ProjectDb& project,
                                            const DatasetExportOptions& options,
                                            std::set<std::string>& taken)
{
    auto samples = project.samples();
    if (!samples)
        return std::unexpected(samples.error());
    std::vector<ExportItem> items;
    for (const SampleRecord& sample : *samples) {
        if (options.split && sample.split != *options.split)
            continue;
        ExportItem item;
        item.id = sample.id;
        item.what = sample.imagePath;
        item.image = sample.imagePath;
        item.stem = uniqueStem(item.image.stem().string(), sample.id, taken);
        const std::int64_t id = sample.id;
        item.mask = [&project, id] { return project.mask(id); };
        item.maskBits = sample.maskBits;
        item.labelOnlyBits = sample.labelBits & ~sample.maskBits;
        item.split = splitName(sample.split);
        items.push_back(std::move(item));
    }
    return items;
}

// The stored synthetic samples, their images written into `folder` as synthetic-<id>.png: part
// of the train split, whose images they were made from.
Status addSyntheticItems(const ProjectDb& project, const fs::path& folder,
                         std::vector<ExportItem>& items, std::set<std::string>& taken)
{
    auto synthetic = project.syntheticSamples(std::nullopt, /*withPngs=*/true);
    if (!synthetic)
        return std::unexpected(synthetic.error());
    std::int64_t largest = 0;
    for (const ExportItem& item : items)
        largest = std::max(largest, item.id);
    auto samples = project.samples();
    if (samples)
        for (const SampleRecord& s : *samples)
            largest = std::max(largest, s.id);
    std::error_code ec;
    fs::create_directories(folder, ec);
    for (SyntheticSampleRecord& record : *synthetic) {
        if (record.imagePng.empty() || record.maskPng.empty())
            continue; // only its recipe was stored
        ExportItem item;
        item.id = largest + record.id;
        item.what = "synthetic sample " + std::to_string(record.id);
        item.stem = uniqueStem("synthetic-" + std::to_string(record.id), record.id, taken);
        item.image = folder / (item.stem + ".png");
        item.inPlace = true;
        if (auto ok = writeFileDurably(
                item.image, std::string_view(reinterpret_cast<const char*>(record.imagePng.data()),
                                             record.imagePng.size()));
            !ok)
            return ok;
        auto png = std::make_shared<std::vector<std::uint8_t>>(std::move(record.maskPng));
        item.mask = [png] { return decodeClassMaskPng(*png); };
        item.maskBits = record.classBits;
        item.split = splitName(Split::Train);
        item.baseSample = record.baseSampleId;
        items.push_back(std::move(item));
    }
    return {};
}

} // namespace

std::optional<DatasetFormat> datasetFormatFromName(const std::string& name)
{
    if (name == "coco")
        return DatasetFormat::Coco;
    if (name == "masks")
        return DatasetFormat::Masks;
    if (name == "yolo-seg")
        return DatasetFormat::YoloSeg;
    return std::nullopt;
}

Result<DatasetExportReport> exportDataset(const ProjectDb& project, const fs::path& outDir,
                                          const DatasetExportOptions& options)
{
    auto classes = project.classes();
    if (!classes)
        return std::unexpected(classes.error());
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec)
        return fail(ErrorCode::IoError, "cannot create " + outDir.string() + ": " + ec.message());
    const fs::path absolute = fs::absolute(outDir);
    if (options.format != DatasetFormat::Coco)
        fs::create_directories(absolute / "images", ec);
    std::set<std::string> taken;
    auto items = sampleItems(project, options, taken);
    if (!items)
        return std::unexpected(items.error());
    if (options.includeSynthetic && (!options.split || *options.split == Split::Train)) {
        const fs::path folder =
            absolute / (options.format == DatasetFormat::Coco ? "synthetic" : "images");
        if (auto ok = addSyntheticItems(project, folder, *items, taken); !ok)
            return std::unexpected(ok.error());
    }
    DatasetExportReport report;
    Status written;
    switch (options.format) {
    case DatasetFormat::Coco:
        written = writeCoco(*items, *classes, absolute, options, report);
        break;
    case DatasetFormat::Masks:
        written = writeMasks(*items, *classes, absolute, options, report);
        break;
    case DatasetFormat::YoloSeg:
        written = writeYolo(*items, *classes, absolute, options, report);
        break;
    }
    if (!written)
        return std::unexpected(written.error());
    return report;
}

} // namespace dwb
