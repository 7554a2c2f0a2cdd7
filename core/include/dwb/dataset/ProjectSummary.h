#pragma once

#include "dwb/core/Error.h"
#include "dwb/storage/ProjectTypes.h"

#include <array>
#include <cstddef>
#include <vector>

namespace dwb {

class ProjectDb;

// Counts indexed by Split: unassigned, train, val, test.
using SplitCounts = std::array<std::size_t, 4>;

struct ClassSummary {
    ClassInfo info;
    std::size_t samples = 0; // samples whose latest mask holds this class
    SplitCounts perSplit{};
};

struct ImageSizeCount {
    int width = 0;
    int height = 0;
    std::size_t count = 0;
};

struct ProjectSummary {
    int schemaVersion = 0;
    std::size_t samples = 0;
    std::size_t defective = 0;
    std::size_t defectFree = 0;
    SplitCounts perSplit{};
    SplitCounts defectFreePerSplit{};
    std::vector<ClassSummary> classes;
    std::vector<ImageSizeCount> imageSizes; // most common first, then by size
    int minWidth = 0, maxWidth = 0, minHeight = 0, maxHeight = 0;
    std::vector<ImportRecord> imports;
};

// Counts per class and split, image sizes and import history, from the latest mask revisions.
Result<ProjectSummary> summarizeProject(const ProjectDb& project);

} // namespace dwb
