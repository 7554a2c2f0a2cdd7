#include "dwb/dataset/Importers.h"
#include "dwb/imaging/ClassMask.h"

#include <array>
#include <string_view>

namespace dwb {
namespace {

// The paper's class order: its per-class tables and weights follow it.
constexpr std::array<std::string_view, 5> kClasses = {"Blowhole", "Crack", "Fray", "Break",
                                                      "Uneven"};
constexpr std::string_view kDefectFree = "Free";

std::function<Result<cv::Mat>(cv::Size)> maskLoader(std::filesystem::path maskPath, int bit)
{
    return [maskPath = std::move(maskPath), bit](cv::Size size) -> Result<cv::Mat> {
        auto binary = readBinaryMask(maskPath, size);
        if (!binary)
            return std::unexpected(binary.error());
        // MT_Free masks are blank; a stray pixel there names no defect class.
        return bit >= 0 ? classMaskFromBinary(*binary, bit) : emptyClassMask(size);
    };
}

} // namespace

Result<ImportPlan> scanMagneticTile(const std::filesystem::path& root)
{
    if (!std::filesystem::is_directory(root))
        return fail(ErrorCode::NotFound, "no such folder: " + root.string());

    ImportPlan plan;
    plan.kind = "magnetic-tile";
    plan.source = std::filesystem::absolute(root);
    for (const auto name : kClasses)
        plan.classNames.emplace_back(name);

    bool foundAny = false;
    std::vector<std::filesystem::path> folders;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(root, ec))
        if (entry.is_directory(ec) && entry.path().filename().string().starts_with("MT_"))
            folders.push_back(entry.path());
    if (ec)
        return fail(ErrorCode::IoError, "cannot list " + root.string() + ": " + ec.message());
    std::ranges::sort(folders);

    for (const auto& folder : folders) {
        const std::string className = folder.filename().string().substr(3);
        int bit = -1;
        for (std::size_t i = 0; i < kClasses.size(); ++i)
            if (className == kClasses[i])
                bit = static_cast<int>(i);
        if (bit < 0 && className != kDefectFree) {
            plan.warnings.push_back(
                {folder.string(), "unknown Magnetic Tile class folder, skipped"});
            continue;
        }
        const auto images = folder / "Imgs";
        for (const auto& image : listFiles(images, {".jpg", ".jpeg"}, &plan.warnings)) {
            foundAny = true;
            auto maskPath = image;
            maskPath.replace_extension(".png");
            plan.samples.push_back({plan.source / image.lexically_relative(root),
                                    image.stem().string(), maskLoader(maskPath, bit),
                                    bit >= 0 ? 1u << bit : 0u});
        }
    }
    if (!foundAny)
        return fail(ErrorCode::NotFound, root.string() + " holds no Magnetic Tile images (expected "
                                                         "MT_<Class>/Imgs/<name>.jpg)");
    return plan;
}

} // namespace dwb
