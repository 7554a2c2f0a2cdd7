#pragma once

// `dwb train --nproc N`: starts N ranks of a data-parallel run on this machine, as torchrun
// would (docs/distributed.md), and waits for them.

#include <span>
#include <string>

namespace dwb::cli {

// Runs `dwb train ARGS` (without --nproc) N times with RANK, WORLD_SIZE, LOCAL_RANK,
// LOCAL_WORLD_SIZE, MASTER_ADDR and MASTER_PORT set; rank 0 prints as one process would, the
// others only their errors. Returns rank 0's exit status, or the first failure's.
int runLocalRanks(std::span<const std::string> trainArgs, int ranks);

} // namespace dwb::cli
