#include "dwb/dataset/ImportPlan.h"

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cctype>

namespace dwb {

std::vector<std::filesystem::path> listFiles(const std::filesystem::path& folder,
                                             const std::vector<std::string>& extensions)
{
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
        if (!entry.is_regular_file(ec))
            continue;
        std::string extension = entry.path().extension().string();
        std::ranges::transform(extension, extension.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (std::ranges::find(extensions, extension) != extensions.end())
            files.push_back(entry.path());
    }
    std::ranges::sort(files);
    return files;
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
    cv::Mat mask = cv::imread(path.string(), cv::IMREAD_GRAYSCALE);
    if (mask.empty())
        return fail(ErrorCode::BadMask, "unreadable mask " + path.string());
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
