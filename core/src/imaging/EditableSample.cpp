#include "dwb/imaging/EditableSample.h"

#include "dwb/storage/ProjectDb.h"

#include <opencv2/imgcodecs.hpp>

#include <string>

namespace dwb {

std::filesystem::path sampleImagePath(const ProjectDb& project, const std::string& stored)
{
    const std::filesystem::path path(stored);
    return path.is_absolute() ? path : project.path().parent_path() / path;
}

Result<EditableSample> loadEditableSample(const ProjectDb& project, std::int64_t sampleId)
{
    auto record = project.sample(sampleId);
    if (!record)
        return std::unexpected(record.error());
    const std::filesystem::path path = sampleImagePath(project, record->imagePath);
    EditableSample sample;
    sample.image = cv::imread(path.string(), cv::IMREAD_ANYCOLOR);
    if (sample.image.empty())
        return fail(ErrorCode::BadImage, "cannot read the image " + path.string());
    auto mask = project.mask(sampleId);
    if (!mask)
        return std::unexpected(mask.error());
    if (mask->size() != sample.image.size())
        return fail(ErrorCode::BadMask, "the mask is " + std::to_string(mask->cols) + " x " +
                                            std::to_string(mask->rows) +
                                            " pixels but the image is " +
                                            std::to_string(sample.image.cols) + " x " +
                                            std::to_string(sample.image.rows));
    auto classes = project.classes();
    if (!classes)
        return std::unexpected(classes.error());
    sample.record = std::move(*record);
    sample.mask = std::move(*mask);
    sample.classes = std::move(*classes);
    return sample;
}

} // namespace dwb
