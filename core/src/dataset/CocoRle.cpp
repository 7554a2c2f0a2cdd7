#include "dwb/dataset/CocoRle.h"

#include <opencv2/core.hpp>

#include <limits>

namespace dwb {

std::vector<std::uint32_t> cocoRleCounts(const cv::Mat& mask)
{
    std::vector<std::uint32_t> counts;
    bool current = false; // runs start with background
    std::uint32_t run = 0;
    for (int x = 0; x < mask.cols; ++x)
        for (int y = 0; y < mask.rows; ++y) {
            const bool on = mask.at<std::uint8_t>(y, x) != 0;
            if (on != current) {
                counts.push_back(run);
                run = 0;
                current = on;
            }
            ++run;
        }
    counts.push_back(run);
    return counts;
}

Result<cv::Mat> cocoRleDecode(const std::vector<std::uint32_t>& counts, int height, int width)
{
    const auto total = static_cast<std::uint64_t>(height) * static_cast<std::uint64_t>(width);
    std::uint64_t sum = 0;
    for (const auto c : counts)
        sum += c;
    if (sum != total)
        return fail(ErrorCode::BadRle, "the runs cover " + std::to_string(sum) + " pixels of " +
                                           std::to_string(total));
    cv::Mat mask = cv::Mat::zeros(height, width, CV_8UC1);
    std::uint64_t position = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (i % 2 == 1)
            for (std::uint64_t p = position; p < position + counts[i]; ++p)
                mask.at<std::uint8_t>(static_cast<int>(p % static_cast<std::uint64_t>(height)),
                                      static_cast<int>(p / static_cast<std::uint64_t>(height))) = 1;
        position += counts[i];
    }
    return mask;
}

std::string cocoRleString(const std::vector<std::uint32_t>& counts)
{
    std::string text;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        std::int64_t x = counts[i];
        if (i > 2)
            x -= counts[i - 2];
        bool more = true;
        while (more) {
            auto c = static_cast<char>(x & 0x1f);
            x >>= 5; // arithmetic: negative differences keep their sign
            more = (c & 0x10) != 0 ? x != -1 : x != 0;
            if (more)
                c = static_cast<char>(c | 0x20);
            text.push_back(static_cast<char>(c + 48));
        }
    }
    return text;
}

Result<std::vector<std::uint32_t>> cocoRleFromString(const std::string& text)
{
    std::vector<std::uint32_t> counts;
    std::size_t p = 0;
    while (p < text.size()) {
        std::int64_t x = 0;
        int k = 0;
        bool more = true;
        while (more) {
            if (p >= text.size())
                return fail(ErrorCode::BadRle, "RLE string cut short");
            const int c = static_cast<unsigned char>(text[p]) - 48;
            if (c < 0 || c > 63 || k > 6)
                return fail(ErrorCode::BadRle, "RLE string: bad character at " + std::to_string(p));
            x |= static_cast<std::int64_t>(c & 0x1f) << (5 * k);
            more = (c & 0x20) != 0;
            ++p;
            ++k;
            if (!more && (c & 0x10) != 0)
                x |= static_cast<std::int64_t>(-1) * (std::int64_t{1} << (5 * k));
        }
        if (counts.size() > 2)
            x += counts[counts.size() - 2];
        if (x < 0 || x > std::numeric_limits<std::uint32_t>::max())
            return fail(ErrorCode::BadRle, "RLE string: a run out of range");
        counts.push_back(static_cast<std::uint32_t>(x));
    }
    return counts;
}

} // namespace dwb
