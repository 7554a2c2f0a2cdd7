#include "ArgParser.h"
#include "Commands.h"
#include "SplitOptions.h"

#include "dwb/dataset/ProjectSummary.h"
#include "dwb/storage/ProjectDb.h"

#include <iostream>
#include <sstream>

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

} // namespace

Result<SplitConfig> splitConfigFromArgs(const ParsedArgs& args)
{
    SplitConfig config;
    if (auto seed = args.value("seed")) {
        auto value = parseInteger("seed", *seed);
        if (!value)
            return std::unexpected(value.error());
        config.seed = static_cast<std::uint64_t>(*value);
    }
    if (auto ratios = args.value("split")) {
        std::istringstream in(*ratios);
        std::string part;
        std::vector<double> values;
        while (std::getline(in, part, ',')) {
            auto value = parseNumber("split", part);
            if (!value)
                return std::unexpected(value.error());
            values.push_back(*value);
        }
        if (values.size() != 3)
            return fail(ErrorCode::InvalidArgument, "--split expects three ratios T,V,E");
        config.train = values[0];
        config.validation = values[1];
        config.test = values[2];
    }
    if (auto ok = validateSplitConfig(config); !ok)
        return std::unexpected(ok.error());
    return config;
}

int splitCommand(std::span<const std::string> args)
{
    if (wantsHelp(args)) {
        std::cout << helpText(kSpec);
        return kExitOk;
    }
    auto parsed = parseArgs(kSpec, args);
    if (!parsed)
        return reportError(parsed.error(), kExitUsage);
    auto config = splitConfigFromArgs(*parsed);
    if (!config)
        return reportError(config.error(), kExitUsage);
    auto project = ProjectDb::open(parsed->positional[0]);
    if (!project)
        return reportError(project.error());
    if (auto ok = assignProjectSplits(*project, *config, false); !ok)
        return reportError(ok.error());
    auto summary = summarizeProject(*project);
    if (!summary)
        return reportError(summary.error());
    std::cout << "Split " << summary->samples << " samples: train " << summary->perSplit[1]
              << ", val " << summary->perSplit[2] << ", test " << summary->perSplit[3] << '\n';
    return kExitOk;
}

} // namespace dwb::cli
