#include "dwb/dataset/DemoGenerator.h"

#include "DemoRendering.h"
#include "dwb/core/Random.h"
#include "dwb/imaging/ClassMask.h"

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <functional>
#include <numeric>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace dwb {
namespace {

namespace fs = std::filesystem;

using Renderer = cv::Mat (*)(Rng&, const cv::Mat&, cv::Mat&);
// In mask-bit order, matching demoClassNames().
constexpr std::array<Renderer, 3> kRenderers = {demo::renderPit, demo::renderScratch,
                                                demo::renderPatch};

constexpr int kMinSide = 32;
constexpr int kDefectFreeBlock = 16;

// Each part of an image draws from its own stream, so that the background does not change with
// the defects on it and whether an image is defect-free does not change its surface.
constexpr std::uint64_t kBackgroundStream = 1;
constexpr std::uint64_t kDefectStream = 2;
constexpr std::uint64_t kDefectFreeStream = 3;

std::uint64_t splitMix(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

std::uint64_t streamSeed(std::uint64_t seed, std::uint64_t stream, int index)
{
    return splitMix(splitMix(seed ^ splitMix(stream)) + static_cast<std::uint64_t>(index));
}

std::string imageFileName(int index, int digits)
{
    std::string number = std::to_string(index);
    if (std::cmp_less(number.size(), digits))
        number.insert(0, static_cast<std::size_t>(digits) - number.size(), '0');
    return "demo_" + number + ".png";
}

Status writeBytes(const fs::path& path, std::span<const std::uint8_t> bytes)
{
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    file.close();
    if (!file)
        return fail(ErrorCode::IoError, "cannot write " + path.string());
    return {};
}

Status writePng(const fs::path& path, const cv::Mat& image)
{
    std::vector<std::uint8_t> png;
    if (!cv::imencode(".png", image, png))
        return fail(ErrorCode::IoError, "cannot encode " + path.string());
    return writeBytes(path, png);
}

// Creates dir/images and dir/masks/<Class>; refuses a folder that already holds anything.
Status prepareFolders(const fs::path& dir)
{
    std::error_code error;
    const auto status = fs::status(dir, error);
    if (fs::exists(status)) {
        if (!fs::is_directory(status))
            return fail(ErrorCode::IoError, dir.string() + " exists and is not a folder");
        if (!fs::is_empty(dir, error) || error)
            return fail(ErrorCode::InvalidArgument,
                        dir.string() + " is not empty; the demo dataset needs a fresh folder");
    }
    std::vector<fs::path> folders{dir / "images"};
    for (const auto& name : demoClassNames())
        folders.push_back(dir / "masks" / name);
    for (const auto& folder : folders) {
        fs::create_directories(folder, error);
        if (error)
            return fail(ErrorCode::IoError,
                        "cannot create folder " + folder.string() + ": " + error.message());
    }
    return {};
}

Status writeClassList(const fs::path& path)
{
    std::string text;
    for (const auto& name : demoClassNames())
        text += name + "\n";
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    return writeBytes(path, {bytes, text.size()});
}

// Writes the image and its per-class masks, and counts it into `info`.
Status writeSample(const fs::path& dir, const std::string& name, const DemoImage& demo,
                   DemoDatasetInfo& info)
{
    if (auto written = writePng(dir / "images" / name, demo.image); !written)
        return written;
    const std::uint32_t present = presentClassBits(demo.mask);
    const auto& names = demoClassNames();
    for (std::size_t c = 0; c < names.size(); ++c) {
        if (!(present & (1u << c)))
            continue;
        ++info.perClass[c];
        const cv::Mat binary = classPixels(demo.mask, static_cast<int>(c));
        if (auto written = writePng(dir / "masks" / names[c] / name, binary); !written)
            return written;
    }
    ++info.images;
    if (present == 0)
        ++info.defectFree;
    return {};
}

} // namespace

const std::vector<std::string>& demoClassNames()
{
    static const std::vector<std::string> names{"Pit", "Scratch", "Patch"};
    return names;
}

Status validateDemoConfig(const DemoConfig& config)
{
    if (config.imageCount < 1)
        return fail(ErrorCode::InvalidArgument, "demo image count must be at least 1");
    if (config.imageSize.width < kMinSide || config.imageSize.height < kMinSide)
        return fail(ErrorCode::InvalidArgument, "demo images must be at least 32x32 pixels");
    // Written so that NaN fails too.
    if (!(config.defectFreeShare >= 0.0 && config.defectFreeShare <= 1.0))
        return fail(ErrorCode::InvalidArgument, "demo defect-free share must be in [0, 1]");
    return {};
}

bool isDemoImageDefectFree(const DemoConfig& config, int index)
{
    CV_Assert(validateDemoConfig(config) && index >= 0);
    // Rounding the running target keeps every block, and every whole number of blocks, within
    // one image of the share; shuffling within the block keeps the choice from following the
    // index, which splits and crops might otherwise pick up.
    const auto target = [&config](int block) {
        return static_cast<int>(std::lround(block * kDefectFreeBlock * config.defectFreeShare));
    };
    const int block = index / kDefectFreeBlock;
    const int count = target(block + 1) - target(block);
    std::array<int, kDefectFreeBlock> order{};
    std::iota(order.begin(), order.end(), 0);
    Rng rng(streamSeed(config.seed, kDefectFreeStream, block));
    for (int i = kDefectFreeBlock - 1; i > 0; --i)
        std::swap(order[static_cast<std::size_t>(i)],
                  order[static_cast<std::size_t>(rng.uniformInt(0, i))]);
    return order[static_cast<std::size_t>(index % kDefectFreeBlock)] < count;
}

cv::Mat generateDemoBackground(const DemoConfig& config, int index)
{
    CV_Assert(validateDemoConfig(config) && index >= 0);
    Rng rng(streamSeed(config.seed, kBackgroundStream, index));
    return demo::renderBackground(rng, config.imageSize);
}

DemoImage generateDemoImage(const DemoConfig& config, int index)
{
    const cv::Mat background = generateDemoBackground(config, index);
    DemoImage demo{background.clone(), emptyClassMask(config.imageSize)};
    if (isDemoImageDefectFree(config, index))
        return demo;
    Rng rng(streamSeed(config.seed, kDefectStream, index));
    std::vector<int> classes(static_cast<std::size_t>(rng.uniformInt(1, 3)));
    for (auto& c : classes)
        c = static_cast<int>(rng.uniformInt(0, static_cast<std::int64_t>(kRenderers.size()) - 1));
    // Larger defects first: a patch drawn later would replace a pit or scratch beneath it.
    std::ranges::sort(classes, std::greater{});
    for (const int c : classes) {
        const cv::Mat binary = kRenderers[static_cast<std::size_t>(c)](rng, background, demo.image);
        addClassPixels(demo.mask, binary, c);
    }
    return demo;
}

Result<DemoDatasetInfo> writeDemoDataset(const std::filesystem::path& dir, const DemoConfig& config)
{
    if (auto valid = validateDemoConfig(config); !valid)
        return std::unexpected(valid.error());
    if (auto ready = prepareFolders(dir); !ready)
        return std::unexpected(ready.error());
    if (auto written = writeClassList(dir / "classes.txt"); !written)
        return std::unexpected(written.error());

    DemoDatasetInfo info;
    info.perClass.assign(demoClassNames().size(), 0);
    const int digits = std::max(3, static_cast<int>(std::to_string(config.imageCount - 1).size()));
    for (int i = 0; i < config.imageCount; ++i) {
        const DemoImage demo = generateDemoImage(config, i);
        if (auto written = writeSample(dir, imageFileName(i, digits), demo, info); !written)
            return std::unexpected(written.error());
    }
    return info;
}

} // namespace dwb
