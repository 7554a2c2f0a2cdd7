#include "dwb/dataset/Rle.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>

namespace dwb {
namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Whitespace-separated fields; Kaggle writes single spaces, but hand-edited files do not.
std::vector<std::string_view> splitValues(std::string_view text)
{
    std::vector<std::string_view> values;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && isSpace(text[i]))
            ++i;
        const std::size_t begin = i;
        while (i < text.size() && !isSpace(text[i]))
            ++i;
        if (i > begin)
            values.push_back(text.substr(begin, i - begin));
    }
    return values;
}

Result<std::int64_t> parsePositive(std::string_view token, std::size_t index)
{
    const std::string where =
        "value " + std::to_string(index + 1) + " ('" + std::string(token) + "')";
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec == std::errc::result_out_of_range)
        return fail(ErrorCode::BadRle, where + " is out of range");
    if (ec != std::errc() || end != token.data() + token.size())
        return fail(ErrorCode::BadRle, where + " is not an integer");
    if (value <= 0)
        return fail(ErrorCode::BadRle, where + " is not positive");
    return value;
}

std::string runName(std::size_t index)
{
    return "run " + std::to_string(index + 1);
}

// The last pixel of a run; callers have checked that it does not overflow.
std::int64_t lastPixel(const RleRun& run)
{
    return run.start + run.length - 1;
}

// The first non-zero byte of [p, end), eight bytes at a time since masks are mostly empty.
const std::uint8_t* skipZeros(const std::uint8_t* p, const std::uint8_t* end)
{
    while (end - p >= 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, p, sizeof word);
        if (word != 0)
            break;
        p += 8;
    }
    while (p != end && *p == 0)
        ++p;
    return p;
}

// The first zero byte of [p, end).
const std::uint8_t* skipSet(const std::uint8_t* p, const std::uint8_t* end)
{
    const void* zero = std::memchr(p, 0, static_cast<std::size_t>(end - p));
    return zero ? static_cast<const std::uint8_t*>(zero) : end;
}

// Paints one run column by column. Writing down a column strides by a row, but neighbouring
// columns share cache lines, so this costs about one store per set pixel; transposing a
// row-major buffer instead costs a full-image pass that is slower for all but the fullest masks.
void paintRun(cv::Mat& mask, const RleRun& run)
{
    const auto rows = static_cast<std::int64_t>(mask.rows);
    const auto step = static_cast<std::ptrdiff_t>(mask.step);
    std::int64_t x = (run.start - 1) / rows;
    std::int64_t y = (run.start - 1) % rows;
    for (std::int64_t remaining = run.length; remaining > 0; ++x, y = 0) {
        const std::int64_t count = std::min(remaining, rows - y);
        std::uint8_t* pixel = mask.ptr<std::uint8_t>(static_cast<int>(y)) + x;
        for (std::int64_t k = 0; k < count; ++k, pixel += step)
            *pixel = 255;
        remaining -= count;
    }
}

void appendNumber(std::string& out, std::int64_t value)
{
    char buffer[24];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, end);
}

} // namespace

Result<std::vector<RleRun>> parseRle(std::string_view text)
{
    const auto values = splitValues(text);
    if (values.size() % 2 != 0)
        return fail(ErrorCode::BadRle, "odd number of values (" + std::to_string(values.size()) +
                                           "); expected start/length pairs");

    std::vector<RleRun> runs;
    runs.reserve(values.size() / 2);
    for (std::size_t i = 0; i < values.size(); i += 2) {
        auto start = parsePositive(values[i], i);
        if (!start)
            return std::unexpected(start.error());
        auto length = parsePositive(values[i + 1], i + 1);
        if (!length)
            return std::unexpected(length.error());
        const RleRun run{*start, *length};
        const std::size_t index = runs.size();
        if (run.length > std::numeric_limits<std::int64_t>::max() - run.start)
            return fail(ErrorCode::BadRle, runName(index) + " is too long");
        if (!runs.empty()) {
            const RleRun& previous = runs.back();
            if (run.start < previous.start)
                return fail(ErrorCode::BadRle,
                            runName(index) + " starts at " + std::to_string(run.start) +
                                ", before " + runName(index - 1) + " starts at " +
                                std::to_string(previous.start) + ": runs are not sorted");
            if (run.start <= lastPixel(previous))
                return fail(ErrorCode::BadRle, runName(index) + " starts at " +
                                                   std::to_string(run.start) + " before " +
                                                   runName(index - 1) + " ends at " +
                                                   std::to_string(lastPixel(previous)));
        }
        runs.push_back(run);
    }
    return runs;
}

Result<cv::Mat> decodeRle(std::span<const RleRun> runs, cv::Size size)
{
    if (size.width < 0 || size.height < 0)
        return fail(ErrorCode::InvalidArgument, "negative mask size");
    const std::int64_t pixels = std::int64_t{size.width} * size.height;
    cv::Mat mask = cv::Mat::zeros(size, CV_8UC1);
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const RleRun& run = runs[i];
        // Runs need not come from parseRle, so guard the memory they would touch.
        if (run.start <= 0 || run.length <= 0 ||
            run.length > std::numeric_limits<std::int64_t>::max() - run.start)
            return fail(ErrorCode::BadRle, runName(i) + " has a non-positive start or length");
        if (lastPixel(run) > pixels)
            return fail(ErrorCode::BadRle, runName(i) + " ends at pixel " +
                                               std::to_string(lastPixel(run)) +
                                               ", past the last pixel " + std::to_string(pixels));
        paintRun(mask, run);
    }
    return mask;
}

std::string encodeRle(const cv::Mat& binary)
{
    CV_Assert(binary.type() == CV_8UC1);
    if (binary.empty())
        return {};
    cv::Mat transposed;
    cv::transpose(binary, transposed); // always continuous
    const auto* begin = transposed.ptr<std::uint8_t>();
    const auto* end = begin + transposed.total();

    std::string text;
    const auto* p = skipZeros(begin, end);
    while (p != end) {
        const auto* runEnd = skipSet(p, end);
        if (!text.empty())
            text += ' ';
        appendNumber(text, (p - begin) + 1);
        text += ' ';
        appendNumber(text, runEnd - p);
        p = skipZeros(runEnd, end);
    }
    return text;
}

} // namespace dwb
