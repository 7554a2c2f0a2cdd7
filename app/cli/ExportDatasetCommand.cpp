#include "Command.h"
#include "Commands.h"

#include "dwb/dataset/DatasetExport.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace dwb::cli {
namespace {

const CommandSpec kSpec{
    "export-dataset",
    "P.dwb --format coco|masks|yolo-seg --out DIR [options]",
    "Writes the project's samples and masks for other tools. coco: DIR/annotations.json, one\n"
    "annotation per connected blob per class with COCO's compressed RLE (exact), images by path\n"
    "relative to DIR. masks: the label-folder layout 'dwb import folder' reads (images copied to\n"
    "DIR/images, DIR/masks/<class>/<stem>.png, DIR/classes.txt). Importing either gives back\n"
    "every class's pixels. yolo-seg: DIR/images, DIR/labels/<stem>.txt with one polygon per blob\n"
    "(its outline through the boundary pixels; holes inside a blob are lost) and DIR/data.yaml.",
    {{"format", "F", "coco, masks or yolo-seg (required)"},
     {"out", "DIR", "output folder, created if absent (required)"},
     {"split", "S", "train, val, test or unassigned: only that split (default: all)"},
     {"include-synthetic", "", "also the synthetic samples stored by 'dwb augment', as train"},
     {"polygons", "", "coco: polygons in place of RLE (holes inside a blob are lost)"}},
    1,
    1};

int exportDatasetParsed(const ParsedArgs& args)
{
    const auto out = args.value("out");
    if (!out)
        return usageError("--out DIR is required");
    const auto formatName = args.value("format");
    const auto format = datasetFormatFromName(formatName.value_or(""));
    if (!format)
        return usageError("--format expects coco, masks or yolo-seg" +
                          (formatName ? ", got '" + *formatName + "'" : std::string()));
    DatasetExportOptions options;
    options.format = *format;
    options.programVersion = DWB_VERSION;
    if (const auto split = args.value("split")) {
        options.split = splitFromName(*split);
        if (!options.split)
            return usageError("--split expects train, val, test or unassigned, got '" + *split +
                              "'");
    }
    options.includeSynthetic = args.flag("include-synthetic");
    options.cocoPolygons = args.flag("polygons");
    if (options.cocoPolygons && *format != DatasetFormat::Coco)
        return usageError("--polygons goes with --format coco");
    auto project = openProject(args.positional[0], /*readOnly=*/true);
    if (!project)
        return kExitError;
    if (isatty(STDERR_FILENO))
        options.progress = [](std::size_t done, std::size_t total) {
            std::fprintf(stderr, "\rexporting %zu/%zu", done, total);
            if (done == total)
                std::fputc('\n', stderr);
        };
    auto report = exportDataset(*project, *out, options);
    if (!report)
        return reportError(report.error());
    for (const auto& warning : report->warnings)
        std::cerr << "warning: " << warning.file << ": " << warning.message << '\n';
    std::printf("exported %zu images with %zu %s to %s\n", report->images, report->annotations,
                *format == DatasetFormat::Masks ? "mask files"
                                                : "annotations (one per blob and class)",
                report->file.string().c_str());
    return kExitOk;
}

} // namespace

int exportDatasetCommand(std::span<const std::string> args)
{
    return runCommand(kSpec, args, exportDatasetParsed);
}

} // namespace dwb::cli
