#pragma once

#include "dwb/core/Error.h"
#include "dwb/dataset/ImportPlan.h"
#include "dwb/dataset/SplitAssigner.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dwb {

class ProjectDb;

enum class DatasetKind {
    MagneticTile,
    Severstal,
    LabelFolder,
    Coco,    // DatasetExport.h: scanCoco
    YoloSeg, // DatasetExport.h: scanYoloSeg
};

std::optional<DatasetKind> datasetKindFromName(const std::string& name);
const char* datasetKindName(DatasetKind kind);

// Magnetic Tile, original layout: MT_<Class>/Imgs/<name>.jpg with <name>.png masks; MT_Free is
// defect-free. Classes in the paper's order: Blowhole, Crack, Fray, Break, Uneven.
Result<ImportPlan> scanMagneticTile(const std::filesystem::path& root);

// Severstal: train.csv (ImageId,ClassId,EncodedPixels or ImageId_ClassId,EncodedPixels) and
// train_images/. Images without rows are defect-free.
Result<ImportPlan> scanSeverstal(const std::filesystem::path& root);

// Label folder: images/<stem>.<ext> with masks/<stem>.png class indices (0 = background) or
// masks/<class>/<stem>.png per class; class names from classes.txt or the folder names.
Result<ImportPlan> scanLabelFolder(const std::filesystem::path& root);

Result<ImportPlan> scanDataset(DatasetKind kind, const std::filesystem::path& root);

struct ImportOptions {
    // Called after each sample with (done, total); from the importing thread.
    std::function<void(std::size_t, std::size_t)> progress;
    // Set from any thread to stop: the import then rolls back and returns ErrorCode::Cancelled.
    const std::atomic<bool>* cancel = nullptr;
    // Splits for the newly added samples; samples already in the project keep theirs.
    SplitConfig split;
};

struct ImportReport {
    std::int64_t importId = 0;
    std::size_t found = 0;      // samples in the plan
    std::size_t added = 0;      // new samples written
    std::size_t duplicates = 0; // already in the project (same image path), left as they were
    std::size_t skipped = 0;    // unreadable image, bad or missing mask...
    std::vector<ImportWarning> warnings;
};

// Decodes every planned image, builds its mask and writes the new samples, their first mask
// revisions and their splits in one transaction. Bad files become warnings.
Result<ImportReport> runImport(ProjectDb& project, const ImportPlan& plan,
                               const ImportOptions& options = {});

} // namespace dwb
