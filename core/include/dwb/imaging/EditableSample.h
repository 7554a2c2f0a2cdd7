#pragma once

// A sample as the mask editor opens it: its record, its image as stored on disk and its latest
// mask, checked to fit each other, with the project's current classes.

#include "dwb/core/Error.h"
#include "dwb/storage/ProjectTypes.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <filesystem>
#include <vector>

namespace dwb {

class ProjectDb;

struct EditableSample {
    SampleRecord record;
    cv::Mat image; // as decoded: 8-bit grey, BGR or BGRA
    cv::Mat mask;  // CV_16UC1 class mask of the image's size
    std::vector<ClassInfo> classes;
};

// Where a stored image path points: absolute as stored, or relative to the project file.
std::filesystem::path sampleImagePath(const ProjectDb& project, const std::string& stored);

// Loads sample `sampleId` for editing. NotFound for an unknown sample, BadImage naming the file
// when its image cannot be read, BadMask when the mask's size differs from the image's.
Result<EditableSample> loadEditableSample(const ProjectDb& project, std::int64_t sampleId);

} // namespace dwb
