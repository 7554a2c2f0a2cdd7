#include "ReviewPanelData.h"

#include "MatImage.h"

#include "dwb/storage/ProjectDb.h"
#include "dwb/widgets/ProjectContext.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <filesystem>
#include <unordered_map>

namespace dwb {

namespace {

constexpr int kFallbackSide = 128; // a picture for a sample without maps or image

QImage loadPicture(const std::filesystem::path& path, const cv::Size& fallback)
{
    cv::Mat image = cv::imread(path.string(), cv::IMREAD_COLOR);
    if (image.empty()) { // a missing image still shows its maps
        QImage blank(std::max(1, fallback.width), std::max(1, fallback.height),
                     QImage::Format_RGB888);
        blank.fill(Qt::darkGray);
        return blank;
    }
    if (const int side = std::max(image.cols, image.rows); side > kReviewPictureSide) {
        const double scale = static_cast<double>(kReviewPictureSide) / side;
        cv::resize(image, image, {}, scale, scale, cv::INTER_AREA);
    }
    return imageFromMat(image);
}

} // namespace

Result<std::shared_ptr<ReviewPanelData>>
loadReviewPanelData(const QString& projectPath, std::int64_t runId, const std::string& split)
{
    auto project = ProjectContext::connect(projectPath, ProjectDb::Access::ReadOnly);
    if (!project)
        return std::unexpected(project.error());
    auto samples = loadReviewSamples(*project, runId, split);
    if (!samples)
        return std::unexpected(samples.error());
    auto records = project->samples();
    if (!records)
        return std::unexpected(records.error());
    std::unordered_map<std::int64_t, const SampleRecord*> byId;
    for (const SampleRecord& record : *records)
        byId[record.id] = &record;
    auto data = std::make_shared<ReviewPanelData>();
    const std::filesystem::path folder = project->path().parent_path();
    for (const ReviewSample& sample : *samples) {
        const cv::Size mapSize =
            sample.truth.empty() ? cv::Size(kFallbackSide, kFallbackSide) : sample.truth.size();
        const auto it = byId.find(sample.sampleId);
        if (it == byId.end()) {
            data->names.push_back(QString::number(sample.sampleId));
            data->pictures.push_back(loadPicture({}, mapSize));
            data->imageSizes.emplace_back(mapSize.width, mapSize.height);
            continue;
        }
        // Image paths are stored absolute; a relative one is taken relative to the project.
        const std::filesystem::path stored(it->second->imagePath);
        data->names.push_back(QString::fromStdString(it->second->name));
        data->imageSizes.emplace_back(it->second->width, it->second->height);
        data->pictures.push_back(
            loadPicture(stored.is_absolute() ? stored : folder / stored, mapSize));
    }
    data->samples = std::move(*samples);
    return data;
}

} // namespace dwb
