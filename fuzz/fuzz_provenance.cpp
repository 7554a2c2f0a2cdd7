// Provenance JSON (stored with every synthetic image): parsing fails only by an error, and a
// parsed record written out reads back equal.

#include "dwb/augment/Provenance.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto provenance = dwb::provenanceFromJson(text);
    if (!provenance)
        return 0;
    auto again = dwb::provenanceFromJson(dwb::provenanceToJson(*provenance));
    // NaN never compares equal: compare what was written instead.
    if (!again || dwb::provenanceToJson(*again) != dwb::provenanceToJson(*provenance))
        std::abort();
    return 0;
}
