#include "Command.h"
#include "Commands.h"
#include "JsonWriter.h"
#include "SplitOptions.h"

#include "dwb/dataset/Importers.h"
#include "dwb/storage/ProjectDb.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace dwb::cli {
namespace {

const CommandSpec kSpec{
    "import",
    "{magnetic-tile|severstal|folder|coco|yolo-seg} SRC --project P.dwb [options]",
    "Adds a dataset's images and masks to a project, creating the project if needed.\n"
    "Images are referenced where they are, not copied. Files that cannot be read, masks of\n"
    "the wrong size and missing masks are skipped with a warning; importing the same folder\n"
    "again adds only what is new. New samples get stratified train/val/test splits.",
    {{"project", "P.dwb", "project file to create or add to (required)"},
     {"seed", "N", "split seed (default 42)"},
     {"split", "T,V,E", "train,val,test ratios (default 0.75,0.125,0.125)"},
     {"json", "", "print the import report as JSON"},
     {"quiet", "", "no progress and no per-file warnings on stderr"}},
    2,
    2};

void writeReport(const ImportReport& report, const std::string& project)
{
    JsonWriter json(std::cout);
    json.beginObject()
        .field("format", "dwb-import/1")
        .field("project", project)
        .field("import_id", report.importId)
        .field("found", std::uint64_t{report.found})
        .field("added", std::uint64_t{report.added})
        .field("duplicates", std::uint64_t{report.duplicates})
        .field("skipped", std::uint64_t{report.skipped})
        .key("warnings")
        .beginArray();
    for (const auto& warning : report.warnings)
        json.beginObject()
            .field("file", warning.file)
            .field("message", warning.message)
            .endObject();
    json.endArray().endObject().finish();
}

int importParsed(const ParsedArgs& parsed)
{
    const auto kind = datasetKindFromName(parsed.positional[0]);
    if (!kind)
        return usageError("unknown dataset kind '" + parsed.positional[0] +
                          "' (use magnetic-tile, severstal, folder, coco or yolo-seg)");
    const auto projectPath = parsed.value("project");
    if (!projectPath)
        return usageError("--project P.dwb is required");
    auto split = splitConfigFromArgs(parsed);
    if (!split)
        return usageError(split.error());

    auto plan = scanDataset(*kind, parsed.positional[1]);
    if (!plan)
        return reportError(plan.error());
    auto project = ProjectDb::openOrCreate(*projectPath);
    if (!project)
        return reportError(project.error());

    const bool quiet = parsed.flag("quiet");
    const bool showProgress = !quiet && isatty(STDERR_FILENO);
    ImportOptions options;
    options.split = *split;
    if (showProgress)
        options.progress = [](std::size_t done, std::size_t total) {
            if (done == total || done % 25 == 0)
                std::fprintf(stderr, "\rimporting %zu/%zu", done, total);
            if (done == total)
                std::fputc('\n', stderr);
        };
    auto report = runImport(*project, *plan, options);
    if (!report)
        return reportError(report.error());

    if (parsed.flag("json")) {
        writeReport(*report, *projectPath);
        return kExitOk;
    }
    if (!quiet)
        for (const auto& warning : report->warnings)
            std::cerr << "warning: " << warning.file << ": " << warning.message << '\n';
    std::cout << "Imported " << report->added << " of " << report->found << " samples into "
              << *projectPath << " (" << report->duplicates << " already present, "
              << report->skipped << " skipped, " << report->warnings.size() << " warnings)\n";
    return kExitOk;
}

} // namespace

int importCommand(std::span<const std::string> args)
{
    return runCommand(kSpec, args, importParsed);
}

} // namespace dwb::cli
