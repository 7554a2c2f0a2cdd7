#include "dwb/core/ContentHash.h"
#include "dwb/core/DurableFile.h"
#include "dwb/dataset/DatasetExport.h"
#include "dwb/dataset/Importers.h"
#include "dwb/imaging/ClassMask.h"
#include "dwb/storage/ProjectDb.h"

#include <opencv2/imgcodecs.hpp>

#include <fstream>
#include <iterator>
#include <numeric>

namespace dwb {
namespace {

namespace fs = std::filesystem;

// Maps the plan's class order onto the project's bits, adding the classes the project lacks.
Result<std::vector<int>> mapClasses(ProjectDb& project, const std::vector<std::string>& names)
{
    auto existing = project.classes();
    if (!existing)
        return std::unexpected(existing.error());
    std::vector<int> mapping;
    for (const auto& name : names) {
        auto found = std::ranges::find(*existing, name, &ClassInfo::name);
        if (found != existing->end()) {
            mapping.push_back(found->bit);
            continue;
        }
        auto added = project.addClass(name);
        if (!added)
            return std::unexpected(added.error());
        mapping.push_back(added->bit);
    }
    return mapping;
}

// A JPEG cut short (a copy interrupted, a full disk) still decodes, its missing rows grey: it
// must not pass as an image. A whole one ends with the end-of-image marker FF D9 (some writers
// pad a few bytes after it).
bool isTruncatedJpeg(const std::vector<std::uint8_t>& bytes)
{
    if (bytes.size() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8)
        return false;
    const std::size_t from = bytes.size() > 64 ? bytes.size() - 64 : 2;
    for (std::size_t i = bytes.size() - 1; i > from; --i)
        if (bytes[i - 1] == 0xFF && bytes[i] == 0xD9)
            return false;
    return true;
}

struct LoadedSample {
    NewSample sample;
    cv::Mat mask;
};

Result<LoadedSample> loadSample(const PlannedSample& planned, const std::string& imagePath)
{
    auto bytes = readRegularFile(planned.imagePath);
    if (!bytes)
        return std::unexpected(bytes.error());
    if (isTruncatedJpeg(*bytes))
        return fail(ErrorCode::BadImage,
                    "truncated image " + imagePath + ": its JPEG data ends before the end marker");
    cv::Mat image;
    try {
        if (!bytes->empty())
            image = cv::imdecode(*bytes, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        // A header claiming more pixels than OpenCV's limit (a decompression bomb).
        return fail(ErrorCode::BadImage, "unreadable image " + imagePath + ": " + decodeFailure(e));
    }
    if (image.empty())
        return fail(ErrorCode::BadImage, "unreadable image " + imagePath);
    auto mask = planned.loadMask(image.size());
    if (!mask)
        return std::unexpected(mask.error());
    return LoadedSample{{planned.name, imagePath, image.cols, image.rows, contentHash(*bytes)},
                        std::move(*mask)};
}

std::uint32_t remapBits(std::uint32_t bits, const std::vector<int>& mapping)
{
    std::uint32_t mapped = 0;
    for (std::size_t b = 0; b < mapping.size(); ++b)
        if (bits & (1u << b))
            mapped |= 1u << mapping[b];
    return mapped;
}

bool isIdentity(const std::vector<int>& mapping)
{
    for (std::size_t i = 0; i < mapping.size(); ++i)
        if (mapping[i] != static_cast<int>(i))
            return false;
    return true;
}

// Imports one planned sample unless the project has it already. A bad file is a warning;
// only a database failure is an error.
class SampleImporter {
public:
    SampleImporter(ProjectDb& project, const ImportPlan& plan, std::vector<int> mapping,
                   ImportReport& report)
        : m_project(project)
        , m_plan(plan)
        , m_mapping(std::move(mapping))
        , m_remap(!isIdentity(m_mapping))
        , m_report(report)
    {
    }

    Status import(const PlannedSample& planned)
    {
        const std::string imagePath = fs::absolute(planned.imagePath).lexically_normal().string();
        auto existing = m_project.findSampleByPath(imagePath);
        if (!existing)
            return std::unexpected(existing.error());
        if (*existing) {
            ++m_report.duplicates;
            return {};
        }
        auto loaded = loadSample(planned, imagePath);
        if (!loaded) {
            ++m_report.skipped;
            m_report.warnings.push_back({imagePath, loaded.error().message});
            return {};
        }
        noteLabelsWithoutPixels(planned.imageLabels & ~presentClassBits(loaded->mask), imagePath);
        loaded->sample.labelBits = remapBits(planned.imageLabels, m_mapping);
        if (m_remap)
            loaded->mask = remapClassBits(loaded->mask, m_mapping);
        auto id = m_project.addSample(loaded->sample, loaded->mask, m_report.importId);
        if (!id)
            return std::unexpected(id.error());
        ++m_report.added;
        return {};
    }

private:
    void noteLabelsWithoutPixels(std::uint32_t bits, const std::string& imagePath)
    {
        for (std::size_t c = 0; c < m_plan.classNames.size(); ++c)
            if (bits & (1u << c))
                m_report.warnings.push_back(
                    {imagePath, "mask has no " + m_plan.classNames[c] +
                                    " pixels; the sample keeps its image-level " +
                                    m_plan.classNames[c] + " label"});
    }

    ProjectDb& m_project;
    const ImportPlan& m_plan;
    std::vector<int> m_mapping;
    bool m_remap;
    ImportReport& m_report;
};

} // namespace

Result<ImportReport> runImport(ProjectDb& project, const ImportPlan& plan,
                               const ImportOptions& options)
{
    if (auto ok = validateSplitConfig(options.split); !ok)
        return std::unexpected(ok.error());

    ImportReport report;
    report.found = plan.samples.size();
    report.warnings = plan.warnings;
    auto written = project.transaction([&]() -> Status {
        auto mapping = mapClasses(project, plan.classNames);
        if (!mapping)
            return std::unexpected(mapping.error());
        auto importId = project.beginImport(plan.kind, plan.source.string());
        if (!importId)
            return std::unexpected(importId.error());
        report.importId = *importId;

        SampleImporter importer(project, plan, std::move(*mapping), report);
        for (std::size_t i = 0; i < plan.samples.size(); ++i) {
            if (options.cancel && options.cancel->load())
                return fail(ErrorCode::Cancelled, "import cancelled; nothing was added");
            if (auto ok = importer.import(plan.samples[i]); !ok)
                return ok;
            crashPoint("import-sample");
            if (options.progress)
                options.progress(i + 1, plan.samples.size());
        }
        if (auto ok = project.finishImport(report.importId, static_cast<std::int64_t>(report.added),
                                           static_cast<std::int64_t>(report.duplicates),
                                           static_cast<std::int64_t>(report.skipped));
            !ok)
            return ok;
        return assignProjectSplits(project, options.split, true);
    });
    if (!written)
        return std::unexpected(written.error());
    // An import is reported done only once its samples are in the project file itself.
    if (auto ok = project.checkpoint(); !ok)
        return std::unexpected(ok.error());
    return report;
}

Result<ImportPlan> scanDataset(DatasetKind kind, const std::filesystem::path& root)
{
    switch (kind) {
    case DatasetKind::MagneticTile:
        return scanMagneticTile(root);
    case DatasetKind::Severstal:
        return scanSeverstal(root);
    case DatasetKind::LabelFolder:
        return scanLabelFolder(root);
    case DatasetKind::Coco:
        return scanCoco(root);
    case DatasetKind::YoloSeg:
        return scanYoloSeg(root);
    }
    return fail(ErrorCode::InvalidArgument, "unknown dataset kind");
}

std::optional<DatasetKind> datasetKindFromName(const std::string& name)
{
    if (name == "magnetic-tile")
        return DatasetKind::MagneticTile;
    if (name == "severstal")
        return DatasetKind::Severstal;
    if (name == "folder")
        return DatasetKind::LabelFolder;
    if (name == "coco")
        return DatasetKind::Coco;
    if (name == "yolo-seg")
        return DatasetKind::YoloSeg;
    return std::nullopt;
}

const char* datasetKindName(DatasetKind kind)
{
    switch (kind) {
    case DatasetKind::MagneticTile:
        return "magnetic-tile";
    case DatasetKind::Severstal:
        return "severstal";
    case DatasetKind::LabelFolder:
        return "folder";
    case DatasetKind::Coco:
        return "coco";
    case DatasetKind::YoloSeg:
        return "yolo-seg";
    }
    return "folder";
}

} // namespace dwb
