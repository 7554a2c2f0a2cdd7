#include "dwb/storage/ProjectTypes.h"

#include <array>

namespace dwb {
namespace {
constexpr std::array<const char*, 4> kSplitNames = {"unassigned", "train", "val", "test"};
}

const char* splitName(Split split)
{
    const auto index = static_cast<std::size_t>(split);
    return index < kSplitNames.size() ? kSplitNames[index] : "unassigned";
}

std::optional<Split> splitFromName(const std::string& name)
{
    for (std::size_t i = 0; i < kSplitNames.size(); ++i)
        if (name == kSplitNames[i])
            return static_cast<Split>(i);
    if (name == "validation")
        return Split::Validation;
    return std::nullopt;
}

} // namespace dwb
