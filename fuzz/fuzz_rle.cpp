// RLE strings (Severstal's EncodedPixels): parsing never fails other than by an error, and what
// parses and decodes encodes back to runs that decode to the same mask.

#include "dwb/dataset/Rle.h"

#include <opencv2/core.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto runs = dwb::parseRle(text);
    if (!runs)
        return 0;
    // A small image: runs past it are an error, the rest a mask.
    for (const cv::Size shape : {cv::Size(7, 5), cv::Size(64, 16)}) {
        auto mask = dwb::decodeRle(*runs, shape);
        if (!mask)
            continue;
        auto again = dwb::parseRle(dwb::encodeRle(*mask));
        if (!again)
            std::abort();
        auto decoded = dwb::decodeRle(*again, shape);
        if (!decoded || cv::countNonZero(*decoded != *mask) != 0)
            std::abort();
    }
    return 0;
}
