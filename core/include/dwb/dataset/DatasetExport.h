#pragma once

// Writes a project's samples and masks in formats other tools read: COCO (one annotation per
// connected blob per class, segmentation as COCO's compressed RLE), the label-folder layout
// `dwb import folder` reads, and YOLO segmentation (one polygon per blob). COCO and the label
// folder are exact: importing them gives back every class's pixels. YOLO's polygons trace each
// blob's outline through its boundary pixels: importing them gives back every pixel, with the
// holes inside a blob filled (its only error). Torch-free.

#include "dwb/core/Error.h"
#include "dwb/dataset/ImportPlan.h"
#include "dwb/storage/ProjectTypes.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dwb {

class ProjectDb;

enum class DatasetFormat {
    Coco,  // DIR/annotations.json; images referenced by paths relative to DIR
    Masks, // DIR/images/, DIR/masks/<class>/<stem>.png (0/255), DIR/classes.txt
    // DIR/images/, DIR/labels/<stem>.txt ("class x1 y1 x2 y2 ...", coordinates / image size),
    // DIR/data.yaml (names)
    YoloSeg,
};
// "coco", "masks", "yolo-seg"
std::optional<DatasetFormat> datasetFormatFromName(const std::string& name);

struct DatasetExportOptions {
    DatasetFormat format = DatasetFormat::Coco;
    std::optional<Split> split; // only this split; all samples when unset
    // Also the synthetic samples stored in the project (guided-crop sets kept with their images),
    // as train samples: COCO writes their images to DIR/synthetic/, the others to DIR/images/.
    bool includeSynthetic = false;
    // COCO: polygons (each blob's outline through its boundary pixels' centres; holes inside a
    // blob are lost) in place of RLE.
    bool cocoPolygons = false;
    std::string programVersion;
    std::function<void(std::size_t done, std::size_t total)> progress;
};

struct DatasetExportReport {
    std::size_t images = 0;
    std::size_t annotations = 0; // COCO, YOLO: blobs written; masks: mask files written
    std::filesystem::path file;  // annotations.json, classes.txt or data.yaml
    std::vector<ImportWarning> warnings;
};

// Writes the export into `outDir` (created; existing files of the same names are replaced). A
// sample whose mask cannot be read is a warning and is left out.
Result<DatasetExportReport> exportDataset(const ProjectDb& project,
                                          const std::filesystem::path& outDir,
                                          const DatasetExportOptions& options);

// COCO: `source` is a COCO JSON file, or a folder holding annotations.json. Images are the
// file names relative to the file's folder; a category is a class (in id order); an
// annotation's segmentation may be RLE (compressed string or counts list) or polygons. Images
// without annotations are defect-free. A bad annotation skips its image with a warning naming it.
Result<ImportPlan> scanCoco(const std::filesystem::path& source);

// YOLO segmentation: `root`/images/ with `root`/labels/<stem>.txt (an image without one is
// defect-free) and the class names from `root`/data.yaml (`names` as a list or an index map).
// Each label line is a class index and 3 or more x y pairs in [0, 1], filled as a polygon over
// the pixels. A bad line skips its image with a warning naming the file and line.
Result<ImportPlan> scanYoloSeg(const std::filesystem::path& root);

} // namespace dwb
