#include "dwb/dataset/ImportPlan.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>

#include <unistd.h>

namespace dwb {

std::vector<std::filesystem::path> listFiles(const std::filesystem::path& folder,
                                             const std::vector<std::string>& extensions,
                                             std::vector<ImportWarning>* skipped)
{
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    std::filesystem::directory_iterator entries(folder, ec);
    if (ec && skipped)
        skipped->push_back({folder.string(), "cannot list this folder: " + ec.message()});
    for (const auto& entry : entries) {
        std::string extension = entry.path().extension().string();
        std::ranges::transform(extension, extension.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (std::ranges::find(extensions, extension) == extensions.end())
            continue;
        if (entry.is_regular_file(ec) && ::access(entry.path().c_str(), R_OK) == 0) {
            files.push_back(entry.path());
            continue;
        }
        if (skipped)
            skipped->push_back({entry.path().string(),
                                ec ? "not readable (" + ec.message() + "), skipped"
                                   : "not a readable regular file (a dangling link, a folder, a "
                                     "FIFO or no permission), skipped"});
    }
    std::ranges::sort(files);
    return files;
}

Result<std::vector<std::uint8_t>> readRegularFile(const std::filesystem::path& path)
{
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status))
        return fail(ErrorCode::NotFound,
                    "cannot read " + path.string() + (ec ? ": " + ec.message() : ": no such file"));
    if (!std::filesystem::is_regular_file(status))
        return fail(ErrorCode::IoError,
                    path.string() + " is not a regular file (a folder, a FIFO or a device)");
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in)
        return fail(ErrorCode::IoError, "cannot open " + path.string());
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(in.tellg()));
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size())))
        return fail(ErrorCode::IoError, "cannot read " + path.string());
    return bytes;
}

Result<cv::Mat> decodeImageFile(const std::filesystem::path& path, int flags)
{
    auto bytes = readRegularFile(path);
    if (!bytes)
        return std::unexpected(bytes.error());
    try {
        cv::Mat image = bytes->empty() ? cv::Mat() : cv::imdecode(*bytes, flags);
        if (image.empty())
            return fail(ErrorCode::BadImage, "cannot decode " + path.string());
        return image;
    } catch (const cv::Exception& e) {
        // OpenCV refuses images whose header claims more pixels than its limit.
        return fail(ErrorCode::BadImage,
                    "cannot decode " + path.string() + ": " + decodeFailure(e));
    }
}

std::string decodeFailure(const cv::Exception& e)
{
    if (e.err.find("CV_IO_MAX_IMAGE_PIXELS") != std::string::npos)
        return "its header claims more pixels than are decoded (OPENCV_IO_MAX_IMAGE_PIXELS)";
    return e.err;
}

const std::vector<std::string>& imageExtensions()
{
    static const std::vector<std::string> extensions = {".png", ".jpg", ".jpeg",
                                                        ".bmp", ".tif", ".tiff"};
    return extensions;
}

Result<cv::Mat> readBinaryMask(const std::filesystem::path& path, cv::Size expected)
{
    if (!std::filesystem::exists(path))
        return fail(ErrorCode::NotFound, "missing mask " + path.string());
    auto decoded = decodeImageFile(path, cv::IMREAD_GRAYSCALE);
    if (!decoded)
        return fail(ErrorCode::BadMask, "unreadable mask: " + decoded.error().message);
    const cv::Mat mask = *decoded;
    if (mask.size() != expected)
        return fail(ErrorCode::BadMask,
                    "mask " + path.string() + " is " + std::to_string(mask.cols) + "x" +
                        std::to_string(mask.rows) + " but its image is " +
                        std::to_string(expected.width) + "x" + std::to_string(expected.height));
    // JPEG-era masks carry faint noise around their edges: only clearly set pixels count.
    cv::Mat binary;
    cv::compare(mask, 127, binary, cv::CMP_GT);
    return binary;
}

} // namespace dwb
