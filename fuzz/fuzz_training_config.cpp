// TrainingConfig text (stored with every run and in every checkpoint): parsing fails only by an
// error, and a parsed configuration written out reads back the same.

#include "dwb/train/TrainingConfig.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto config = dwb::trainingConfigFromText(text);
    if (!config)
        return 0;
    const std::string written = dwb::toText(*config);
    auto again = dwb::trainingConfigFromText(written);
    if (!again || dwb::toText(*again) != written)
        std::abort();
    return 0;
}
