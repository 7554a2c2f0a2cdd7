#include "dwb/dataset/DatasetExport.h"

#include "dwb/core/DurableFile.h"
#include "dwb/dataset/CocoRle.h"
#include "dwb/storage/ProjectDb.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

// nlohmann's header trips -Wnull-dereference in code it inlines here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <nlohmann/json.hpp>
#pragma GCC diagnostic pop
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <map>
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

std::string uniqueStem(const fs::path& image, std::int64_t id, std::set<std::string>& taken)
{
    std::string stem = image.stem().string();
    if (!taken.insert(stem).second) {
        stem += "_" + std::to_string(id);
        taken.insert(stem);
    }
    return stem;
}

Status writeCoco(const ProjectDb& project, const std::vector<SampleRecord>& samples,
                 const std::vector<ClassInfo>& classes, const fs::path& outDir,
                 const DatasetExportOptions& options, DatasetExportReport& report)
{
    json categories = json::array();
    for (const ClassInfo& c : classes)
        categories.push_back({{"id", c.bit + 1}, {"name", c.name}, {"supercategory", "defect"}});
    json images = json::array();
    json annotations = json::array();
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const SampleRecord& sample = samples[i];
        auto mask = project.mask(sample.id);
        if (!mask) {
            report.warnings.push_back({sample.imagePath, mask.error().message});
            continue;
        }
        std::error_code ec;
        fs::path file = fs::relative(sample.imagePath, outDir, ec);
        if (ec || file.empty())
            file = sample.imagePath;
        json labels = json::array(); // image-level labels that no pixel shows
        for (const ClassInfo& c : classes)
            if ((sample.labelBits >> c.bit & 1u) != 0 && (sample.maskBits >> c.bit & 1u) == 0)
                labels.push_back(c.name);
        images.push_back({{"id", sample.id},
                          {"file_name", file.generic_string()},
                          {"width", mask->cols},
                          {"height", mask->rows},
                          {"dwb_split", splitName(sample.split)},
                          {"dwb_labels", labels}});
        for (const ClassInfo& c : classes)
            if ((sample.maskBits >> c.bit & 1u) != 0)
                addBlobs(classPlane(*mask, c.bit), sample.id, c.bit + 1, annotations);
        ++report.images;
        if (options.progress)
            options.progress(i + 1, samples.size());
    }
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

// Copies the sample's image to `folder`/<unique stem><ext>; the stem, or nullopt after a warning.
std::optional<std::string> copyImage(const SampleRecord& sample, const fs::path& folder,
                                     std::set<std::string>& taken, DatasetExportReport& report)
{
    const fs::path image = sample.imagePath;
    const std::string stem = uniqueStem(image, sample.id, taken);
    std::error_code ec;
    if (!fs::copy_file(image, folder / (stem + image.extension().string()),
                       fs::copy_options::overwrite_existing, ec)) {
        report.warnings.push_back({sample.imagePath, "cannot copy: " + ec.message()});
        return std::nullopt;
    }
    return stem;
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

Status writeYolo(const ProjectDb& project, const std::vector<SampleRecord>& samples,
                 const std::vector<ClassInfo>& classes, const fs::path& outDir,
                 const DatasetExportOptions& options, DatasetExportReport& report)
{
    std::error_code ec;
    fs::create_directories(outDir / "images", ec);
    fs::create_directories(outDir / "labels", ec);
    if (ec)
        return fail(ErrorCode::IoError,
                    "cannot create folders in " + outDir.string() + ": " + ec.message());
    std::set<std::string> taken;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const SampleRecord& sample = samples[i];
        auto mask = project.mask(sample.id);
        if (!mask) {
            report.warnings.push_back({sample.imagePath, mask.error().message});
            continue;
        }
        const auto stem = copyImage(sample, outDir / "images", taken, report);
        if (!stem)
            continue;
        std::string lines;
        for (const ClassInfo& c : classes)
            if ((sample.maskBits >> c.bit & 1u) != 0)
                lines += yoloLines(classPlane(*mask, c.bit), c.bit, report.annotations);
        if (auto ok = writeFileDurably(outDir / "labels" / (*stem + ".txt"), lines); !ok)
            return ok;
        ++report.images;
        if (options.progress)
            options.progress(i + 1, samples.size());
    }
    report.file = outDir / "data.yaml";
    return writeFileDurably(report.file, yoloDataYaml(classes));
}

Status writeMasks(const ProjectDb& project, const std::vector<SampleRecord>& samples,
                  const std::vector<ClassInfo>& classes, const fs::path& outDir,
                  const DatasetExportOptions& options, DatasetExportReport& report)
{
    std::error_code ec;
    fs::create_directories(outDir / "images", ec);
    for (const ClassInfo& c : classes)
        fs::create_directories(outDir / "masks" / c.name, ec);
    if (ec)
        return fail(ErrorCode::IoError,
                    "cannot create folders in " + outDir.string() + ": " + ec.message());
    std::set<std::string> taken;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const SampleRecord& sample = samples[i];
        auto mask = project.mask(sample.id);
        if (!mask) {
            report.warnings.push_back({sample.imagePath, mask.error().message});
            continue;
        }
        const auto stem = copyImage(sample, outDir / "images", taken, report);
        if (!stem)
            continue;
        for (const ClassInfo& c : classes) {
            if ((sample.maskBits >> c.bit & 1u) == 0)
                continue;
            const cv::Mat plane = classPlane(*mask, c.bit) * 255;
            const fs::path file = outDir / "masks" / c.name / (*stem + ".png");
            if (!cv::imwrite(file.string(), plane))
                return fail(ErrorCode::IoError, "cannot write " + file.string());
            ++report.annotations;
        }
        ++report.images;
        if (options.progress)
            options.progress(i + 1, samples.size());
    }
    std::string names;
    for (const ClassInfo& c : classes)
        names += c.name + "\n";
    report.file = outDir / "classes.txt";
    return writeFileDurably(report.file, names);
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
    auto all = project.samples();
    if (!all)
        return std::unexpected(all.error());
    std::vector<SampleRecord> samples;
    for (auto& sample : *all)
        if (!options.split || sample.split == *options.split)
            samples.push_back(std::move(sample));
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec)
        return fail(ErrorCode::IoError, "cannot create " + outDir.string() + ": " + ec.message());
    DatasetExportReport report;
    const fs::path absolute = fs::absolute(outDir);
    Status written;
    switch (options.format) {
    case DatasetFormat::Coco:
        written = writeCoco(project, samples, *classes, absolute, options, report);
        break;
    case DatasetFormat::Masks:
        written = writeMasks(project, samples, *classes, absolute, options, report);
        break;
    case DatasetFormat::YoloSeg:
        written = writeYolo(project, samples, *classes, absolute, options, report);
        break;
    }
    if (!written)
        return std::unexpected(written.error());
    return report;
}

} // namespace dwb
