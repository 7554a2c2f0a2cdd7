#pragma once

#include "dwb/core/Error.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace cv {
class Exception;
}

namespace dwb {

// A file the import passed over, and why.
struct ImportWarning {
    std::string file;
    std::string message;
};

// One image an importer found, with the recipe for its class mask.
struct PlannedSample {
    std::filesystem::path imagePath;
    std::string name;
    // Builds the CV_16UC1 class mask (bits in ImportPlan::classNames order) once the image size
    // is known. An error skips this sample with a warning; it never aborts the import.
    std::function<Result<cv::Mat>(cv::Size imageSize)> loadMask;
    // Image-level labels the dataset asserts whatever the mask shows (bits in plan order):
    // Magnetic Tile labels by folder, and a few of its masks are empty.
    std::uint32_t imageLabels = 0;
};

// What a dataset scanner found: the classes in their dataset order and the samples. Scanning
// reads the folder layout and label files but decodes no image.
struct ImportPlan {
    std::string kind; // "magnetic-tile", "severstal" or "folder"
    std::filesystem::path source;
    std::vector<std::string> classNames;
    std::vector<PlannedSample> samples;
    std::vector<ImportWarning> warnings;
};

// Sorted list of the regular files directly in `folder` whose lower-cased extension is one of
// `extensions` (".png", ".jpg", ...). Entries with such an extension that are not readable
// regular files (a dangling link, a link loop, a folder, a FIFO, no permission) are passed over
// with a warning in `skipped` when given; an unreadable folder is one warning.
std::vector<std::filesystem::path> listFiles(const std::filesystem::path& folder,
                                             const std::vector<std::string>& extensions,
                                             std::vector<ImportWarning>* skipped = nullptr);

// The bytes of a regular file; an error naming the file otherwise. Never opens a FIFO or a
// device (which could block for ever), nor follows a link loop.
Result<std::vector<std::uint8_t>> readRegularFile(const std::filesystem::path& path);

// Decodes image bytes (cv::imdecode flags); BadImage naming `path` when they are not an image
// or claim more pixels than OpenCV's limit (a decompression bomb), never an exception.
Result<cv::Mat> decodeImageFile(const std::filesystem::path& path, int flags);

// Why OpenCV refused to decode, in a user's words.
std::string decodeFailure(const cv::Exception& e);

// Image extensions the importers accept.
const std::vector<std::string>& imageExtensions();

// Reads a single-channel 8-bit mask file (any non-zero pixel counts) and checks its size.
Result<cv::Mat> readBinaryMask(const std::filesystem::path& path, cv::Size expected);

} // namespace dwb
