#include "dwb/dataset/Importers.h"
#include "dwb/imaging/ClassMask.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace dwb {
namespace {

namespace fs = std::filesystem;

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

bool isBackgroundName(std::string name)
{
    std::ranges::transform(name, name.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return name == "background" || name == "_background_" || name == "__background__";
}

// classes.txt names the classes one a line, in index order; a leading background line (as
// labelme writes it) is dropped.
Result<std::vector<std::string>> readClassesFile(const fs::path& path)
{
    auto bytes = readRegularFile(path);
    if (!bytes)
        return std::unexpected(bytes.error());
    std::vector<std::string> names;
    std::istringstream in(std::string(bytes->begin(), bytes->end()));
    for (std::string line; std::getline(in, line);)
        if (auto name = trimmed(line); !name.empty())
            names.push_back(std::move(name));
    if (!names.empty() && isBackgroundName(names.front()))
        names.erase(names.begin());
    return names;
}

Result<cv::Mat> readIndexMask(const fs::path& path, cv::Size size, int classCount)
{
    if (!fs::exists(path))
        return fail(ErrorCode::NotFound, "missing mask " + path.string());
    auto decoded = decodeImageFile(path, cv::IMREAD_GRAYSCALE);
    if (!decoded)
        return fail(ErrorCode::BadMask, "unreadable mask: " + decoded.error().message);
    const cv::Mat indices = *decoded;
    if (indices.size() != size)
        return fail(ErrorCode::BadMask,
                    "mask " + path.string() + " is " + std::to_string(indices.cols) + "x" +
                        std::to_string(indices.rows) + " but its image is " +
                        std::to_string(size.width) + "x" + std::to_string(size.height));
    double maxValue = 0;
    cv::minMaxLoc(indices, nullptr, &maxValue);
    if (maxValue > classCount)
        return fail(ErrorCode::UnknownClass, "mask " + path.string() + " holds class index " +
                                                 std::to_string(static_cast<int>(maxValue)) +
                                                 " but only " + std::to_string(classCount) +
                                                 " classes are named");
    cv::Mat mask = emptyClassMask(size);
    for (int c = 1; c <= classCount; ++c) {
        cv::Mat binary;
        cv::compare(indices, c, binary, cv::CMP_EQ);
        if (cv::countNonZero(binary) > 0)
            addClassPixels(mask, binary, c - 1);
    }
    return mask;
}

// Without classes.txt, index masks name their classes by number: read them once to find the
// largest index in use.
int largestIndex(const fs::path& masks, const std::vector<fs::path>& images)
{
    double largest = 0;
    for (const auto& image : images) {
        const fs::path path = masks / (image.stem().string() + ".png");
        if (!fs::exists(path))
            continue;
        auto indices = decodeImageFile(path, cv::IMREAD_GRAYSCALE);
        double maxValue = 0;
        if (indices)
            cv::minMaxLoc(*indices, nullptr, &maxValue);
        largest = std::max(largest, maxValue);
    }
    return static_cast<int>(largest);
}

void planIndexLayout(ImportPlan& plan, const fs::path& masks, const std::vector<fs::path>& images)
{
    if (plan.classNames.empty())
        for (int c = 1, n = largestIndex(masks, images); c <= n; ++c)
            plan.classNames.push_back("class_" + std::to_string(c));
    const int classCount = static_cast<int>(plan.classNames.size());
    for (const auto& image : images) {
        const fs::path maskPath = masks / (image.stem().string() + ".png");
        plan.samples.push_back(
            {image, image.stem().string(), [maskPath, classCount](cv::Size size) {
                 return readIndexMask(maskPath, size, classCount);
             }});
    }
}

void planPerClassLayout(ImportPlan& plan, const fs::path& masks,
                        const std::vector<fs::path>& images)
{
    std::vector<std::string> folders;
    for (const auto& entry : fs::directory_iterator(masks))
        if (entry.is_directory())
            folders.push_back(entry.path().filename().string());
    std::ranges::sort(folders);
    if (plan.classNames.empty())
        plan.classNames = folders;
    for (const auto& folder : folders)
        if (std::ranges::find(plan.classNames, folder) == plan.classNames.end())
            plan.warnings.push_back(
                {(masks / folder).string(), "mask folder is not named in classes.txt, skipped"});

    const std::vector<std::string> classNames = plan.classNames;
    for (const auto& image : images) {
        const std::string stem = image.stem().string();
        plan.samples.push_back(
            {image, stem, [masks, classNames, stem](cv::Size size) -> Result<cv::Mat> {
                 cv::Mat mask = emptyClassMask(size);
                 // An image with no file in a class folder simply lacks that class.
                 for (std::size_t c = 0; c < classNames.size(); ++c) {
                     const fs::path path = masks / classNames[c] / (stem + ".png");
                     if (!fs::exists(path))
                         continue;
                     auto binary = readBinaryMask(path, size);
                     if (!binary)
                         return std::unexpected(binary.error());
                     addClassPixels(mask, *binary, static_cast<int>(c));
                 }
                 return mask;
             }});
    }
}

// masks/<class>/<stem>.png or masks/<stem>.png. A stray folder beside index masks (a backup, a
// tool's cache) must not switch the layout: folders decide only when no image has an index
// mask of its own, or when classes.txt names one of them.
bool usesPerClassLayout(const fs::path& masks, const std::vector<fs::path>& images,
                        ImportPlan& plan)
{
    std::vector<std::string> folders;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(masks, ec))
        if (entry.is_directory(ec))
            folders.push_back(entry.path().filename().string());
    if (folders.empty())
        return false;
    const bool named = std::ranges::any_of(folders, [&](const std::string& folder) {
        return std::ranges::find(plan.classNames, folder) != plan.classNames.end();
    });
    const bool indexMasks = std::ranges::any_of(images, [&](const fs::path& image) {
        return fs::exists(masks / (image.stem().string() + ".png"));
    });
    if (named || !indexMasks)
        return true;
    for (const auto& folder : folders)
        plan.warnings.push_back({(masks / folder).string(),
                                 "folder beside the index masks (masks/<stem>.png) ignored"});
    return false;
}

} // namespace

Result<ImportPlan> scanLabelFolder(const fs::path& root)
{
    const fs::path images = root / "images";
    const fs::path masks = root / "masks";
    if (!fs::is_directory(images))
        return fail(ErrorCode::NotFound,
                    "no images folder in " + root.string() + " (expected images/<stem>.<ext>)");
    if (!fs::is_directory(masks))
        return fail(ErrorCode::NotFound, "no masks folder in " + root.string() +
                                             " (expected masks/<stem>.png or "
                                             "masks/<class>/<stem>.png)");

    ImportPlan plan;
    plan.kind = "folder";
    plan.source = fs::absolute(root);
    if (fs::exists(root / "classes.txt")) {
        auto names = readClassesFile(root / "classes.txt");
        if (!names)
            return std::unexpected(names.error());
        plan.classNames = std::move(*names);
    }

    std::vector<fs::path> imageFiles;
    for (const auto& image : listFiles(images, imageExtensions(), &plan.warnings))
        imageFiles.push_back(fs::absolute(image));
    if (imageFiles.empty())
        return fail(ErrorCode::NotFound, "no images in " + images.string());

    if (usesPerClassLayout(masks, imageFiles, plan))
        planPerClassLayout(plan, masks, imageFiles);
    else
        planIndexLayout(plan, masks, imageFiles);

    if (plan.classNames.size() > static_cast<std::size_t>(kMaxClasses))
        return fail(ErrorCode::InvalidArgument,
                    root.string() + " names " + std::to_string(plan.classNames.size()) +
                        " classes; a project holds at most " + std::to_string(kMaxClasses));
    return plan;
}

} // namespace dwb
