#pragma once

// A demo project built inside a test: the label-folder demo dataset written to `dir`/data and
// imported into `dir`/demo.dwb (splits assigned by the import).

#include "dwb/dataset/DemoGenerator.h"
#include "dwb/dataset/Importers.h"
#include "dwb/storage/ProjectDb.h"

#include <filesystem>
#include <memory>
#include <vector>

namespace dwb::test {

// Null on any failure.
inline std::unique_ptr<ProjectDb> makeDemoProject(const std::filesystem::path& dir,
                                                  const DemoConfig& config)
{
    if (!writeDemoDataset(dir / "data", config))
        return nullptr;
    auto plan = scanLabelFolder(dir / "data");
    if (!plan)
        return nullptr;
    auto project = ProjectDb::create(dir / "demo.dwb");
    if (!project || !runImport(*project, *plan))
        return nullptr;
    return std::make_unique<ProjectDb>(std::move(*project));
}

// The train split's images holding each of the first `classes` classes, counted from the
// samples' class bits: what inverse class frequency weighs.
inline std::vector<int> trainImagesPerClass(const ProjectDb& project, int classes)
{
    std::vector<int> images(static_cast<std::size_t>(classes), 0);
    auto samples = project.samples();
    if (samples)
        for (const SampleRecord& sample : *samples)
            for (int c = 0; c < classes && sample.split == Split::Train; ++c)
                images[static_cast<std::size_t>(c)] += (sample.classBits >> c) & 1u;
    return images;
}

} // namespace dwb::test
