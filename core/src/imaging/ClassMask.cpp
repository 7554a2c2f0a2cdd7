#include "dwb/imaging/ClassMask.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

namespace dwb {

cv::Mat emptyClassMask(cv::Size size)
{
    return cv::Mat::zeros(size, kClassMaskType);
}

std::uint32_t presentClassBits(const cv::Mat& mask)
{
    CV_Assert(mask.type() == kClassMaskType);
    std::uint32_t bits = 0;
    for (int y = 0; y < mask.rows; ++y) {
        const auto* row = mask.ptr<std::uint16_t>(y);
        for (int x = 0; x < mask.cols; ++x)
            bits |= row[x];
    }
    return bits;
}

cv::Mat classMaskFromBinary(const cv::Mat& binary, int classIndex)
{
    CV_Assert(binary.type() == CV_8UC1 && classIndex >= 0 && classIndex < kMaxClasses);
    cv::Mat mask;
    // One pass, no zero-filled buffer first: 255 scales exactly to the class's bit.
    binary.convertTo(mask, kClassMaskType, static_cast<double>(1u << classIndex) / 255.0);
    return mask;
}

void addClassPixels(cv::Mat& mask, const cv::Mat& binary, int classIndex)
{
    CV_Assert(mask.type() == kClassMaskType && binary.type() == CV_8UC1);
    CV_Assert(mask.size() == binary.size() && classIndex >= 0 && classIndex < kMaxClasses);
    const auto bit = static_cast<std::uint16_t>(1u << classIndex);
    for (int y = 0; y < mask.rows; ++y) {
        auto* out = mask.ptr<std::uint16_t>(y);
        const auto* in = binary.ptr<std::uint8_t>(y);
        for (int x = 0; x < mask.cols; ++x)
            if (in[x])
                out[x] |= bit;
    }
}

cv::Mat classPixels(const cv::Mat& mask, int classIndex)
{
    CV_Assert(mask.type() == kClassMaskType && classIndex >= 0 && classIndex < kMaxClasses);
    cv::Mat bits;
    cv::bitwise_and(mask, cv::Scalar(1u << classIndex), bits);
    cv::Mat binary;
    cv::compare(bits, 0, binary, cv::CMP_NE);
    return binary;
}

cv::Mat remapClassBits(const cv::Mat& mask, std::span<const int> mapping)
{
    CV_Assert(mask.type() == kClassMaskType);
    cv::Mat out = emptyClassMask(mask.size());
    for (int y = 0; y < mask.rows; ++y) {
        const auto* in = mask.ptr<std::uint16_t>(y);
        auto* dst = out.ptr<std::uint16_t>(y);
        for (int x = 0; x < mask.cols; ++x) {
            std::uint16_t value = in[x];
            std::uint16_t mapped = 0;
            for (int bit = 0; value; ++bit, value >>= 1)
                if (value & 1u)
                    mapped |= static_cast<std::uint16_t>(1u << mapping[bit]);
            dst[x] = mapped;
        }
    }
    return out;
}

Result<std::vector<std::uint8_t>> encodeClassMaskPng(const cv::Mat& mask)
{
    if (mask.type() != kClassMaskType || mask.empty())
        return fail(ErrorCode::BadMask,
                    "class mask must be a non-empty 16-bit single-channel image");
    double maxValue = 0;
    cv::minMaxLoc(mask, nullptr, &maxValue);
    cv::Mat toWrite = mask;
    if (maxValue <= 255)
        mask.convertTo(toWrite, CV_8U);
    std::vector<std::uint8_t> png;
    // OpenCV's default settings: an explicit compression level makes it try every row filter,
    // four times slower for masks only 5% smaller.
    if (!cv::imencode(".png", toWrite, png))
        return fail(ErrorCode::BadMask, "cannot encode class mask as PNG");
    return png;
}

Result<cv::Mat> decodeClassMaskPng(std::span<const std::uint8_t> png)
{
    if (png.empty())
        return fail(ErrorCode::BadMask, "empty mask data");
    const cv::Mat buffer(1, static_cast<int>(png.size()), CV_8UC1,
                         const_cast<std::uint8_t*>(png.data()));
    cv::Mat decoded = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
    if (decoded.empty() || decoded.channels() != 1)
        return fail(ErrorCode::BadMask, "stored mask is not a single-channel PNG");
    if (decoded.type() == kClassMaskType)
        return decoded;
    cv::Mat mask;
    decoded.convertTo(mask, kClassMaskType);
    return mask;
}

} // namespace dwb
