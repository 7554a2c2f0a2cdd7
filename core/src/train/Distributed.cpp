#include "dwb/train/Distributed.h"

#include <charconv>
#include <cstdlib>

namespace dwb {
namespace {

// A whole number in [min, max] from the variable, or nothing when it is unset.
Result<std::optional<int>> integerVariable(const char* name, int min, int max)
{
    const char* text = std::getenv(name);
    if (!text || !*text)
        return std::nullopt;
    int value = 0;
    const char* end = text + std::char_traits<char>::length(text);
    const auto [at, error] = std::from_chars(text, end, value);
    if (error != std::errc() || at != end || value < min || value > max)
        return fail(ErrorCode::InvalidArgument, std::string("environment variable ") + name + "=" +
                                                    text + " is not a whole number from " +
                                                    std::to_string(min) + " to " +
                                                    std::to_string(max));
    return value;
}

} // namespace

Result<std::optional<DistributedSettings>> distributedSettingsFromEnvironment()
{
    constexpr int kMaxRanks = 1 << 16;
    auto world = integerVariable("WORLD_SIZE", 1, kMaxRanks);
    if (!world)
        return std::unexpected(world.error());
    if (!*world)
        return std::nullopt;
    DistributedSettings settings;
    settings.worldSize = **world;
    auto rank = integerVariable("RANK", 0, settings.worldSize - 1);
    if (!rank)
        return std::unexpected(rank.error());
    if (!*rank)
        return fail(ErrorCode::InvalidArgument, "WORLD_SIZE is set but RANK is not");
    settings.rank = **rank;
    auto localRank = integerVariable("LOCAL_RANK", 0, settings.worldSize - 1);
    if (!localRank)
        return std::unexpected(localRank.error());
    settings.localRank = localRank->value_or(settings.rank);
    auto localWorld = integerVariable("LOCAL_WORLD_SIZE", 1, settings.worldSize);
    if (!localWorld)
        return std::unexpected(localWorld.error());
    // Without it (Slurm, a job per pod) each rank is taken to have its machine to itself.
    settings.localWorldSize = localWorld->value_or(1);
    if (const char* address = std::getenv("MASTER_ADDR"); address && *address)
        settings.masterAddress = address;
    auto port = integerVariable("MASTER_PORT", 1, 65535);
    if (!port)
        return std::unexpected(port.error());
    if (*port)
        settings.masterPort = **port;
    return settings;
}

Result<DistributedBackend> distributedBackendFromName(const std::string& name)
{
    if (name == "auto")
        return DistributedBackend::Automatic;
    if (name == "gloo")
        return DistributedBackend::Gloo;
    if (name == "nccl")
        return DistributedBackend::Nccl;
    return fail(ErrorCode::InvalidArgument,
                "unknown distributed backend '" + name + "' (auto, gloo or nccl)");
}

const char* distributedBackendName(DistributedBackend backend)
{
    switch (backend) {
    case DistributedBackend::Automatic:
        return "auto";
    case DistributedBackend::Gloo:
        return "gloo";
    case DistributedBackend::Nccl:
        return "nccl";
    }
    return "auto";
}

bool ncclAvailable()
{
#if defined(DWB_HAVE_NCCL)
    return true;
#else
    return false;
#endif
}

} // namespace dwb
