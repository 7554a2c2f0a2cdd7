#include "Command.h"
#include "Commands.h"
#include "SplitOptions.h"

#include "dwb/dataset/ProjectSummary.h"

#include <iostream>

namespace dwb::cli {
namespace {

const CommandSpec kSpec{
    "split",
    "P.dwb [--seed N] [--split T,V,E]",
    "Reassigns every sample of the project to train, val and test, stratified by class\n"
    "(each sample counts with its rarest class; defect-free samples form their own stratum).\n"
    "The same seed always gives the same split.",
    {{"seed", "N", "split seed (default 42)"},
     {"split", "T,V,E", "train,val,test ratios (default 0.75,0.125,0.125)"}},
    1,
    1};

int splitParsed(const ParsedArgs& parsed)
{
    auto config = splitConfigFromArgs(parsed);
    if (!config)
        return usageError(config.error());
    auto project = openProject(parsed.positional[0]);
    if (!project)
        return kExitError;
    if (auto ok = assignProjectSplits(*project, *config, false); !ok)
        return reportError(ok.error());
    auto summary = summarizeProject(*project);
    if (!summary)
        return reportError(summary.error());
    std::cout << "Split " << summary->samples << " samples: train " << summary->perSplit[1]
              << ", val " << summary->perSplit[2] << ", test " << summary->perSplit[3] << '\n';
    return kExitOk;
}

} // namespace

Result<SplitConfig> splitConfigFromArgs(const ParsedArgs& args)
{
    SplitConfig config;
    if (auto ok = readInteger(args, "seed", config.seed); !ok)
        return std::unexpected(ok.error());
    if (auto ratios = args.value("split")) {
        auto values = parseNumberList("split", *ratios);
        if (!values)
            return std::unexpected(values.error());
        if (values->size() != 3)
            return fail(ErrorCode::InvalidArgument, "--split expects three ratios T,V,E");
        config.train = (*values)[0];
        config.validation = (*values)[1];
        config.test = (*values)[2];
    }
    if (auto ok = validateSplitConfig(config); !ok)
        return std::unexpected(ok.error());
    return config;
}

int splitCommand(std::span<const std::string> args)
{
    return runCommand(kSpec, args, splitParsed);
}

} // namespace dwb::cli
