#include "Command.h"
#include "Commands.h"
#include "JsonWriter.h"

#include "dwb/dataset/ProjectSummary.h"
#include "dwb/train/RunLock.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace dwb::cli {
namespace {

const CommandSpec kSpec{"info",
                        "P.dwb [--json]",
                        "Prints a project's counts per class and split, its image sizes, its\n"
                        "import history and its training runs (a run whose process ended without\n"
                        "finishing is shown as interrupted). The JSON form is documented in\n"
                        "docs/cli.md.",
                        {{"json", "", "print JSON (format dwb-info/1)"}},
                        1,
                        1};

constexpr std::size_t kMostCommonSizes = 10;

void writeSplits(JsonWriter& json, const SplitCounts& counts)
{
    json.beginObject();
    for (std::size_t s = 0; s < counts.size(); ++s)
        json.key(splitName(static_cast<Split>(s))).value(std::uint64_t{counts[s]});
    json.endObject();
}

// A run as `info` shows it: its status as a user should see it (interrupted, not running, when
// its process is gone).
struct RunLine {
    RunRecord record;
    std::string status;
};

void writeRuns(JsonWriter& json, const std::vector<RunLine>& runs)
{
    json.key("runs").beginArray();
    for (const RunLine& run : runs)
        json.beginObject()
            .field("id", run.record.id)
            .field("status", run.status)
            .field("epochs", run.record.epochsDone)
            .field("seconds", run.record.seconds)
            .field("model", run.record.modelPath)
            .field("checkpoint", run.record.checkpointPath)
            .endObject();
    json.endArray();
}

void writeJson(const ProjectSummary& summary, const std::vector<RunLine>& runs,
               const std::string& path)
{
    JsonWriter json(std::cout);
    json.beginObject()
        .field("format", "dwb-info/1")
        .field("project", path)
        .field("schema_version", summary.schemaVersion)
        .field("samples", std::uint64_t{summary.samples})
        .field("defective", std::uint64_t{summary.defective})
        .field("defect_free", std::uint64_t{summary.defectFree})
        .key("splits");
    writeSplits(json, summary.perSplit);
    json.key("defect_free_splits");
    writeSplits(json, summary.defectFreePerSplit);
    json.key("classes").beginArray();
    for (const auto& c : summary.classes) {
        json.beginObject()
            .field("name", c.info.name)
            .field("bit", c.info.bit)
            .field("color", c.info.color)
            .field("samples", std::uint64_t{c.samples})
            .key("splits");
        writeSplits(json, c.perSplit);
        json.endObject();
    }
    json.endArray()
        .key("image_sizes")
        .beginObject()
        .field("min_width", summary.minWidth)
        .field("max_width", summary.maxWidth)
        .field("min_height", summary.minHeight)
        .field("max_height", summary.maxHeight)
        .field("distinct", std::uint64_t{summary.imageSizes.size()})
        .key("most_common")
        .beginArray();
    for (std::size_t i = 0; i < std::min(kMostCommonSizes, summary.imageSizes.size()); ++i) {
        const auto& size = summary.imageSizes[i];
        json.beginObject()
            .field("width", size.width)
            .field("height", size.height)
            .field("count", std::uint64_t{size.count})
            .endObject();
    }
    json.endArray().endObject().key("imports").beginArray();
    for (const auto& record : summary.imports)
        json.beginObject()
            .field("id", record.id)
            .field("kind", record.kind)
            .field("source", record.source)
            .field("started_at", record.startedAt)
            .field("added", record.added)
            .field("duplicates", record.duplicates)
            .field("skipped", record.skipped)
            .endObject();
    json.endArray();
    writeRuns(json, runs);
    json.endObject().finish();
}

void printRow(const std::string& name, std::size_t total, const SplitCounts& splits)
{
    std::printf("  %-16s %8zu %8zu %8zu %8zu\n", name.c_str(), total, splits[1], splits[2],
                splits[3]);
}

void writeText(const ProjectSummary& summary, const std::vector<RunLine>& runs,
               const std::string& path)
{
    std::printf("Project      %s (schema %d)\n", path.c_str(), summary.schemaVersion);
    std::printf("Samples      %zu: %zu defective, %zu defect-free\n", summary.samples,
                summary.defective, summary.defectFree);
    if (summary.perSplit[0] > 0)
        std::printf("Unassigned   %zu samples have no split yet (run 'dwb split')\n",
                    summary.perSplit[0]);
    if (!summary.imageSizes.empty()) {
        const auto& common = summary.imageSizes.front();
        std::printf("Image sizes  %zu distinct, width %d to %d px, height %d to %d px; most "
                    "common %dx%d (%zu)\n",
                    summary.imageSizes.size(), summary.minWidth, summary.maxWidth,
                    summary.minHeight, summary.maxHeight, common.width, common.height,
                    common.count);
    }
    std::printf("\n  %-16s %8s %8s %8s %8s\n", "class", "samples", "train", "val", "test");
    for (const auto& c : summary.classes)
        printRow(c.info.name, c.samples, c.perSplit);
    printRow("(defect-free)", summary.defectFree, summary.defectFreePerSplit);
    printRow("(all)", summary.samples, summary.perSplit);
    if (!summary.imports.empty()) {
        std::printf("\nImports\n");
        for (const auto& record : summary.imports)
            std::printf("  #%lld %s %s: %lld added, %lld already present, %lld skipped\n",
                        static_cast<long long>(record.id), record.kind.c_str(),
                        record.source.c_str(), static_cast<long long>(record.added),
                        static_cast<long long>(record.duplicates),
                        static_cast<long long>(record.skipped));
    }
    if (!runs.empty()) {
        std::printf("\nRuns\n");
        for (const RunLine& run : runs) {
            std::printf("  #%lld %s, %d epoch(s), %.0f s", static_cast<long long>(run.record.id),
                        run.status.c_str(), run.record.epochsDone, run.record.seconds);
            if (run.status == "interrupted")
                std::printf(": continue with 'dwb train %s --resume %lld'", path.c_str(),
                            static_cast<long long>(run.record.id));
            else if (!run.record.modelPath.empty())
                std::printf(", model %s", run.record.modelPath.c_str());
            std::printf("\n");
        }
    }
}

int infoParsed(const ParsedArgs& parsed)
{
    const std::string& path = parsed.positional[0];
    auto project = openProject(path, true);
    if (!project)
        return kExitError;
    auto summary = summarizeProject(*project);
    if (!summary)
        return reportError(summary.error());
    auto records = project->runs();
    if (!records)
        return reportError(records.error());
    std::vector<RunLine> runs;
    for (RunRecord& record : *records) {
        std::string status = displayedRunStatus(project->path(), record);
        runs.push_back({std::move(record), std::move(status)});
    }
    if (parsed.flag("json"))
        writeJson(*summary, runs, path);
    else
        writeText(*summary, runs, path);
    return kExitOk;
}

} // namespace

int infoCommand(std::span<const std::string> args)
{
    return runCommand(kSpec, args, infoParsed);
}

} // namespace dwb::cli
