#include "dwb/imaging/TensorConversion.h"

#include "dwb/imaging/ClassMask.h"

#include <ATen/ATen.h>

#include <stdexcept>

namespace dwb {

at::Tensor imageToTensor(const cv::Mat& image)
{
    if (image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3))
        throw std::invalid_argument("imageToTensor needs an 8-bit grey or colour image");
    const cv::Mat contiguous = image.isContinuous() ? image : image.clone();
    // from_blob borrows OpenCV's memory: the conversion to float makes the tensor's own copy.
    const at::Tensor hwc = at::from_blob(const_cast<std::uint8_t*>(contiguous.ptr<std::uint8_t>()),
                                         {image.rows, image.cols, image.channels()}, at::kByte);
    return hwc.permute({2, 0, 1}).to(at::kFloat).div_(255.0f).contiguous();
}

at::Tensor classMaskToTensor(const cv::Mat& mask, int classes)
{
    if (mask.type() != kClassMaskType)
        throw std::invalid_argument("classMaskToTensor needs a 16-bit class mask");
    const cv::Mat contiguous = mask.isContinuous() ? mask : mask.clone();
    // int32 keeps the 16 bits unsigned; torch has no uint16 in this version.
    cv::Mat wide;
    contiguous.convertTo(wide, CV_32S);
    const at::Tensor bits =
        at::from_blob(wide.ptr<std::int32_t>(), {1, mask.rows, mask.cols}, at::kInt);
    const at::Tensor shifts = at::arange(classes, at::kInt).view({classes, 1, 1});
    return at::bitwise_and(at::bitwise_right_shift(bits, shifts), 1).to(at::kFloat);
}

cv::Mat tensorToClassMask(const at::Tensor& binary)
{
    const at::Tensor cpu = binary.to(at::kCPU).to(at::kInt);
    const auto classes = cpu.size(0);
    const at::Tensor shifts = at::arange(classes, at::kInt).view({classes, 1, 1});
    const at::Tensor bits = at::bitwise_left_shift(at::ne(cpu, 0).to(at::kInt), shifts)
                                .sum(0)
                                .to(at::kInt)
                                .contiguous();
    cv::Mat wide(static_cast<int>(bits.size(0)), static_cast<int>(bits.size(1)), CV_32S,
                 bits.data_ptr<std::int32_t>());
    cv::Mat mask;
    wide.convertTo(mask, kClassMaskType);
    return mask;
}

cv::Mat tensorToBinaryImage(const at::Tensor& binary)
{
    const at::Tensor bytes = at::ne(binary.to(at::kCPU), 0).to(at::kByte).mul(255).contiguous();
    return cv::Mat(static_cast<int>(bytes.size(0)), static_cast<int>(bytes.size(1)), CV_8UC1,
                   bytes.data_ptr<std::uint8_t>())
        .clone();
}

} // namespace dwb
