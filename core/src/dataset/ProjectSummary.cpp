#include "dwb/dataset/ProjectSummary.h"

#include "dwb/storage/ProjectDb.h"

#include <algorithm>
#include <map>

namespace dwb {

Result<ProjectSummary> summarizeProject(const ProjectDb& project)
{
    auto version = project.schemaVersion();
    auto classes = project.classes();
    auto samples = project.samples();
    auto imports = project.imports();
    if (!version || !classes || !samples || !imports)
        return std::unexpected(!version   ? version.error()
                               : !classes ? classes.error()
                               : !samples ? samples.error()
                                          : imports.error());

    ProjectSummary summary;
    summary.schemaVersion = *version;
    summary.imports = std::move(*imports);
    for (const auto& info : *classes)
        summary.classes.push_back({info, 0, {}});

    std::map<std::pair<int, int>, std::size_t> sizes;
    for (const auto& sample : *samples) {
        const auto split = static_cast<std::size_t>(sample.split);
        ++summary.samples;
        ++summary.perSplit[split];
        if (sample.classBits == 0) {
            ++summary.defectFree;
            ++summary.defectFreePerSplit[split];
        } else {
            ++summary.defective;
        }
        for (auto& c : summary.classes)
            if (sample.classBits & (1u << c.info.bit)) {
                ++c.samples;
                ++c.perSplit[split];
            }
        ++sizes[{sample.width, sample.height}];
    }

    for (const auto& [size, count] : sizes)
        summary.imageSizes.push_back({size.first, size.second, count});
    std::ranges::stable_sort(summary.imageSizes, std::greater{}, &ImageSizeCount::count);
    if (!sizes.empty()) {
        summary.minWidth = summary.maxWidth = sizes.begin()->first.first;
        summary.minHeight = summary.maxHeight = sizes.begin()->first.second;
        for (const auto& [size, count] : sizes) {
            summary.minWidth = std::min(summary.minWidth, size.first);
            summary.maxWidth = std::max(summary.maxWidth, size.first);
            summary.minHeight = std::min(summary.minHeight, size.second);
            summary.maxHeight = std::max(summary.maxHeight, size.second);
        }
    }
    return summary;
}

} // namespace dwb
