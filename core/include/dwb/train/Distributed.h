#pragma once

// Data-parallel training over several processes (ranks), on one machine or many: what a rank
// needs to know to find the others. Launched like torchrun: the settings come from RANK,
// WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR and MASTER_PORT (docs/distributed.md).
// Torch-free header.

#include "dwb/core/Error.h"

#include <optional>
#include <string>

namespace dwb {

enum class DistributedBackend {
    Automatic, // NCCL when every rank trains on CUDA and this build has it, else Gloo
    Gloo,
    Nccl,
};

struct DistributedSettings {
    int rank = 0;
    int worldSize = 1;
    int localRank = 0;      // among the ranks of this machine: picks the CUDA device
    int localWorldSize = 1; // ranks on this machine: they share its cores
    std::string masterAddress = "127.0.0.1";
    int masterPort = 29500;
    DistributedBackend backend = DistributedBackend::Automatic;
    // How long a rank waits for the others at any one exchange before it gives the run up. The
    // start (every rank reading its samples) may take longer: it waits startTimeoutSeconds.
    double timeoutSeconds = 300;
    double startTimeoutSeconds = 1800;

    bool enabled() const { return worldSize > 1; }
    bool writer() const { return rank == 0; } // rank 0 alone writes the project
};

// The settings the environment gives (torchrun, srun with the variables exported, a Kubernetes
// job), nothing when WORLD_SIZE is unset, an error naming the variable when one is malformed.
Result<std::optional<DistributedSettings>> distributedSettingsFromEnvironment();

Result<DistributedBackend> distributedBackendFromName(const std::string& name);
const char* distributedBackendName(DistributedBackend backend);

// Whether this build can reach other ranks over NCCL (a CUDA LibTorch built with it).
bool ncclAvailable();

} // namespace dwb
