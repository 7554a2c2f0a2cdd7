#pragma once

#include "dwb/core/Error.h"
#include "dwb/storage/ProjectTypes.h"

#include <cstdint>
#include <vector>

namespace dwb {

class ProjectDb;

struct SplitConfig {
    std::uint64_t seed = 42;
    double train = 0.75;
    double validation = 0.125;
    double test = 0.125;
};

Status validateSplitConfig(const SplitConfig& config);

// Splits samples given by their class bits (in a fixed order), stratified by class: each sample
// belongs to the stratum of its rarest class, defect-free samples form a stratum of their own.
// Within each stratum the counts follow the ratios as closely as whole numbers allow. The same
// input and seed always give the same result.
std::vector<Split> assignSplits(const std::vector<std::uint32_t>& classBits,
                                const SplitConfig& config);

// Assigns splits to the project's samples (only those still unassigned, or all) and stores the
// configuration in the project.
Status assignProjectSplits(ProjectDb& project, const SplitConfig& config, bool onlyUnassigned);

} // namespace dwb
