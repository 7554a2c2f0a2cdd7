#include "dwb/dataset/SplitAssigner.h"

#include "dwb/core/Random.h"
#include "dwb/imaging/ClassMask.h"
#include "dwb/storage/ProjectDb.h"

#include <array>
#include <cmath>
#include <map>
#include <sstream>

namespace dwb {
namespace {

constexpr int kDefectFreeStratum = -1;

// Each sample counts in the stratum of its rarest class, so that rare classes are spread over
// the splits first; ties go to the lower bit.
std::vector<int> strata(const std::vector<std::uint32_t>& classBits)
{
    std::array<std::size_t, kMaxClasses> counts{};
    for (const auto bits : classBits)
        for (int c = 0; c < kMaxClasses; ++c)
            if (bits & (1u << c))
                ++counts[static_cast<std::size_t>(c)];

    std::vector<int> result;
    result.reserve(classBits.size());
    for (const auto bits : classBits) {
        int rarest = kDefectFreeStratum;
        for (int c = 0; c < kMaxClasses; ++c)
            if ((bits & (1u << c)) && (rarest < 0 || counts[static_cast<std::size_t>(c)] <
                                                         counts[static_cast<std::size_t>(rarest)]))
                rarest = c;
        result.push_back(rarest);
    }
    return result;
}

} // namespace

Status validateSplitConfig(const SplitConfig& config)
{
    const double sum = config.train + config.validation + config.test;
    if (config.train < 0 || config.validation < 0 || config.test < 0 || sum <= 0)
        return fail(ErrorCode::InvalidArgument,
                    "split ratios must be non-negative with a positive sum");
    if (std::abs(sum - 1.0) > 1e-6)
        return fail(ErrorCode::InvalidArgument, "split ratios must add up to 1");
    return {};
}

std::vector<Split> assignSplits(const std::vector<std::uint32_t>& classBits,
                                const SplitConfig& config)
{
    std::map<int, std::vector<std::size_t>> members;
    const auto keys = strata(classBits);
    for (std::size_t i = 0; i < keys.size(); ++i)
        members[keys[i]].push_back(i);

    std::vector<Split> splits(classBits.size(), Split::Train);
    Rng rng(config.seed);
    const double sum = config.train + config.validation + config.test;
    for (auto& [key, indices] : members) {
        rng.shuffle(indices);
        // Cumulative rounding keeps each stratum's counts within one of its exact share.
        const auto n = static_cast<double>(indices.size());
        const auto trainEnd = static_cast<std::size_t>(std::llround(n * config.train / sum));
        const auto validationEnd =
            static_cast<std::size_t>(std::llround(n * (config.train + config.validation) / sum));
        for (std::size_t i = 0; i < indices.size(); ++i)
            splits[indices[i]] = i < trainEnd        ? Split::Train
                                 : i < validationEnd ? Split::Validation
                                                     : Split::Test;
    }
    return splits;
}

Status assignProjectSplits(ProjectDb& project, const SplitConfig& config, bool onlyUnassigned)
{
    if (auto ok = validateSplitConfig(config); !ok)
        return ok;
    auto samples = project.samples();
    if (!samples)
        return std::unexpected(samples.error());
    std::vector<std::int64_t> ids;
    std::vector<std::uint32_t> bits;
    for (const auto& sample : *samples) {
        if (onlyUnassigned && sample.split != Split::Unassigned)
            continue;
        ids.push_back(sample.id);
        bits.push_back(sample.classBits);
    }
    const auto splits = assignSplits(bits, config);
    std::vector<std::pair<std::int64_t, Split>> assignments;
    for (std::size_t i = 0; i < ids.size(); ++i)
        assignments.emplace_back(ids[i], splits[i]);

    std::ostringstream ratios;
    ratios << config.train << ' ' << config.validation << ' ' << config.test;
    return project.transaction([&]() -> Status {
        if (auto ok = project.setSplits(assignments); !ok)
            return ok;
        if (auto ok = project.setMeta("split_seed", std::to_string(config.seed)); !ok)
            return ok;
        return project.setMeta("split_ratios", ratios.str());
    });
}

} // namespace dwb
