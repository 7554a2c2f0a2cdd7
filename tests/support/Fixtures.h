#pragma once

// Small synthetic images and files for core tests, built inside the test.

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace dwb::test {

// A grey ramp image, different for each `seed`, so that content hashes differ.
inline cv::Mat rampImage(cv::Size size, int seed = 0)
{
    cv::Mat image(size, CV_8UC1);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
            image.at<std::uint8_t>(y, x) =
                static_cast<std::uint8_t>((x * 7 + y * 3 + seed * 11) % 256);
    return image;
}

inline void writeImage(const std::filesystem::path& path, const cv::Mat& image)
{
    std::filesystem::create_directories(path.parent_path());
    cv::imwrite(path.string(), image);
}

// A binary 0/255 mask with a filled rectangle.
inline cv::Mat rectMask(cv::Size size, cv::Rect rect)
{
    cv::Mat mask = cv::Mat::zeros(size, CV_8UC1);
    mask(rect).setTo(255);
    return mask;
}

inline void writeText(const std::filesystem::path& path, const std::string& text)
{
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

inline std::vector<char> readBytes(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

inline bool sameMat(const cv::Mat& a, const cv::Mat& b)
{
    return a.size() == b.size() && a.type() == b.type() && cv::countNonZero(a != b) == 0;
}

} // namespace dwb::test
