#include "Command.h"
#include "Commands.h"

#include "dwb/dataset/DemoGenerator.h"
#include "dwb/dataset/Importers.h"
#include "dwb/storage/ProjectDb.h"

#include <iostream>

namespace dwb::cli {
namespace {

const CommandSpec kSpec{
    "demo",
    "--out DIR [--seed N] [--count N]",
    "Writes the built-in demo dataset (procedurally generated metal surfaces with pits,\n"
    "scratches and patches, exact masks, some defect-free images) as a label folder in DIR\n"
    "and imports it into DIR/demo.dwb. The same seed always gives the same data.",
    {{"out", "DIR", "folder to write (required; must not hold a demo project yet)"},
     {"seed", "N", "generator seed (default 2024)"},
     {"count", "N", "number of images, 1 to 100000 (default 160)"}},
    0,
    0};

int demoParsed(const ParsedArgs& parsed)
{
    const auto out = parsed.value("out");
    if (!out)
        return usageError("--out DIR is required");
    DemoConfig config;
    if (auto ok = readInteger(parsed, "seed", config.seed); !ok)
        return usageError(ok.error());
    if (auto ok = readInteger(parsed, "count", config.imageCount, {.min = 1, .max = 100'000}); !ok)
        return usageError(ok.error());

    const std::filesystem::path dir(*out);
    const auto projectPath = dir / "demo.dwb";
    if (std::filesystem::exists(projectPath))
        return reportError({ErrorCode::InvalidArgument,
                            projectPath.string() + " exists already; choose another --out"});
    auto written = writeDemoDataset(dir, config);
    if (!written)
        return reportError(written.error());
    auto plan = scanLabelFolder(dir);
    if (!plan)
        return reportError(plan.error());
    auto project = ProjectDb::create(projectPath);
    if (!project)
        return reportError(project.error());
    auto report = runImport(*project, *plan);
    if (!report)
        return reportError(report.error());
    std::cout << "Wrote " << written->images << " demo images (" << written->defectFree
              << " defect-free) to " << dir.string() << " and the project " << projectPath.string()
              << '\n';
    return kExitOk;
}

} // namespace

int demoCommand(std::span<const std::string> args)
{
    return runCommand(kSpec, args, demoParsed);
}

} // namespace dwb::cli
