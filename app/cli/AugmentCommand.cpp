#include "Command.h"
#include "Commands.h"
#include "JsonWriter.h"
#include "TrainOptions.h"

#include "dwb/augment/GuidedCropPool.h"
#include "dwb/imaging/ClassMask.h"
#include "dwb/storage/ProjectDb.h"

#include <opencv2/imgcodecs.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

namespace dwb::cli {
namespace {

namespace fs = std::filesystem;

const CommandSpec kSpec{
    "augment",
    "P.dwb --count N --out DIR [--seed S] [--class-weights W1,W2,...] [--size HxW]",
    "Writes N guided-crop synthetic images made from the project's train split: defect blobs\n"
    "cut from defective images, colour-jittered and pasted onto defect-free ones, then flipped,\n"
    "optionally scrolled (--shift) and jittered as a whole (docs/augmentation.md). DIR gets\n"
    "images/, masks/<Class>/ and provenance.json; the project stores every image with its\n"
    "provenance.",
    {{"count", "N", "images to write (required)"},
     {"out", "DIR", "folder to write (required; must not hold a provenance.json yet)"},
     {"seed", "S",
      "seed (default 1); the same seed and project give the same images, so a seed whose images "
      "the project stores already is refused"},
     {"class-weights", "W1,W2,...",
      "one weight per class, used as given (default: inverse class frequency)"},
     {"size", "HxW", "image size (default: the train split's median size, as training uses)"},
     {"rotate", "", "also turn the crops by quarter turns"},
     {"shift", "MODE",
      "scroll each image: none (default: no seams), wrap (the paper's) or mirror"}},
    1,
    1};

struct Options {
    int count = 0;
    fs::path out;
    std::uint64_t seed = 1;
    std::vector<double> weights;
    std::optional<std::pair<int, int>> size;
    bool rotate = false;
    ShiftMode shift = ShiftMode::None;
};

Result<std::vector<double>> parseWeights(const std::string& text)
{
    std::vector<double> weights;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');) {
        auto value = parseNumber("class-weights", item);
        if (!value)
            return std::unexpected(value.error());
        weights.push_back(*value);
    }
    return weights;
}

Result<Options> parseOptions(const ParsedArgs& args)
{
    Options options;
    const auto count = args.value("count");
    const auto out = args.value("out");
    if (!count || !out)
        return fail(ErrorCode::InvalidArgument, "--count N and --out DIR are required");
    auto n = parseInteger("count", *count);
    if (!n || *n < 1 || *n > 1000000)
        return fail(ErrorCode::InvalidArgument, "--count expects a number from 1 to 1000000");
    options.count = static_cast<int>(*n);
    options.out = *out;
    if (auto seed = args.value("seed")) {
        auto value = parseInteger("seed", *seed);
        if (!value || *value < 0)
            return fail(ErrorCode::InvalidArgument, "--seed expects a whole number >= 0");
        options.seed = static_cast<std::uint64_t>(*value);
    }
    if (auto weights = args.value("class-weights")) {
        auto parsed = parseWeights(*weights);
        if (!parsed)
            return std::unexpected(parsed.error());
        options.weights = std::move(*parsed);
    }
    if (auto size = args.value("size")) {
        auto parsed = parseSize("size", *size);
        if (!parsed)
            return std::unexpected(parsed.error());
        options.size = *parsed;
    }
    options.rotate = args.flag("rotate");
    if (auto shift = args.value("shift")) {
        const auto mode = shiftModeFromName(*shift);
        if (!mode)
            return fail(ErrorCode::InvalidArgument,
                        "unknown --shift '" + *shift + "' (none, wrap or mirror)");
        options.shift = *mode;
    }
    return options;
}

Result<LossGuidedSampler> makeSampler(const GuidedCropPool& pool,
                                      const std::vector<double>& weights)
{
    if (weights.empty())
        return pool.sampler(ClassWeighting::InverseFrequency);
    auto sampler = pool.sampler(ClassWeighting::Manual, weights);
    if (!sampler)
        return fail(ErrorCode::InvalidArgument, "--class-weights " + sampler.error().message);
    return sampler;
}

// A repeat of an earlier `dwb augment` (same project, seed and sizes) makes the same images:
// storing them again would only double their weight in training.
Status refuseRepeats(const ProjectDb& project, const std::vector<SyntheticSample>& samples,
                     std::uint64_t seed)
{
    auto stored = project.syntheticSamples();
    if (!stored)
        return std::unexpected(stored.error());
    std::set<std::pair<std::uint64_t, std::string>> known;
    for (const SyntheticSampleRecord& record : *stored)
        known.emplace(record.seed, record.provenance);
    const auto repeats = std::count_if(samples.begin(), samples.end(), [&](const auto& sample) {
        return known.contains({sample.provenance.seed, provenanceToJson(sample.provenance)});
    });
    if (repeats == 0)
        return {};
    return fail(ErrorCode::InvalidArgument,
                "the project already stores " + std::to_string(repeats) + " of these " +
                    std::to_string(samples.size()) + " synthetic images (seed " +
                    std::to_string(seed) + "); choose another --seed");
}

std::string jsonString(std::string_view text)
{
    std::ostringstream out;
    JsonWriter(out, true).value(text);
    return out.str();
}

std::string fileStem(int index, int count)
{
    std::string number = std::to_string(index);
    const std::size_t digits = std::max<std::size_t>(4, std::to_string(count - 1).size());
    number.insert(0, digits - std::min(digits, number.size()), '0');
    return "synthetic_" + number;
}

// A class name as a folder name: path separators would escape masks/.
std::string folderName(std::string name)
{
    for (char& c : name)
        if (c == '/' || c == '\\')
            c = '_';
    return name;
}

struct Written {
    std::string image;                                      // relative to DIR
    std::vector<std::pair<std::string, std::string>> masks; // class name, file relative to DIR
    std::vector<std::uint8_t> imagePng;
};

Result<Written> writeSample(const fs::path& dir, const std::string& stem,
                            const SyntheticSample& sample, const std::vector<std::string>& names)
{
    Written written;
    written.image = "images/" + stem + ".png";
    if (!cv::imencode(".png", sample.image, written.imagePng))
        return fail(ErrorCode::IoError, "cannot encode " + written.image);
    if (!std::ofstream(dir / written.image, std::ios::binary)
             .write(reinterpret_cast<const char*>(written.imagePng.data()),
                    static_cast<std::streamsize>(written.imagePng.size())))
        return fail(ErrorCode::IoError, "cannot write " + (dir / written.image).string());
    for (std::size_t c = 0; c < names.size(); ++c) {
        if (!(sample.classBits & (1u << c)))
            continue;
        const std::string file = "masks/" + folderName(names[c]) + "/" + stem + ".png";
        std::error_code error;
        fs::create_directories((dir / file).parent_path(), error);
        if (error ||
            !cv::imwrite((dir / file).string(), classPixels(sample.mask, static_cast<int>(c))))
            return fail(ErrorCode::IoError, "cannot write " + (dir / file).string());
        written.masks.emplace_back(names[c], file);
    }
    return written;
}

// One element of provenance.json: the files, the stored id and the provenance record.
std::string provenanceEntry(const Written& written, std::int64_t id, const std::string& provenance)
{
    // Appended piece by piece: GCC 12 warns wrongly (-Wrestrict) on "literal" + std::string.
    std::string entry = "{\"image\":";
    entry += jsonString(written.image);
    entry += ",\"masks\":{";
    for (std::size_t i = 0; i < written.masks.size(); ++i) {
        entry += i ? "," : "";
        entry += jsonString(written.masks[i].first);
        entry += ':';
        entry += jsonString(written.masks[i].second);
    }
    entry += "},\"synthetic_id\":";
    entry += std::to_string(id);
    entry += ",\"provenance\":";
    entry += provenance;
    entry += '}';
    return entry;
}

Status writeAll(ProjectDb& project, const Options& options,
                const std::vector<SyntheticSample>& samples, const std::vector<std::string>& names)
{
    std::error_code error;
    fs::create_directories(options.out / "images", error);
    if (error)
        return fail(ErrorCode::IoError, "cannot create " + (options.out / "images").string());
    std::string json = "[\n";
    auto stored = project.transaction([&]() -> Status {
        for (std::size_t i = 0; i < samples.size(); ++i) {
            const SyntheticSample& sample = samples[i];
            auto written = writeSample(options.out, fileStem(static_cast<int>(i), options.count),
                                       sample, names);
            if (!written)
                return std::unexpected(written.error());
            auto maskPng = encodeClassMaskPng(sample.mask);
            if (!maskPng)
                return std::unexpected(maskPng.error());
            SyntheticSampleRecord record;
            record.seed = sample.provenance.seed;
            record.baseSampleId = sample.provenance.baseSampleId;
            record.classBits = sample.classBits;
            record.provenance = provenanceToJson(sample.provenance);
            record.imagePng = std::move(written->imagePng);
            record.maskPng = std::move(*maskPng);
            auto id = project.addSyntheticSample(record);
            if (!id)
                return std::unexpected(id.error());
            json += i ? ",\n  " : "  ";
            json += provenanceEntry(*written, *id, record.provenance);
        }
        return {};
    });
    if (!stored)
        return stored;
    std::ofstream file(options.out / "provenance.json", std::ios::binary);
    if (!(file << json << "\n]\n"))
        return fail(ErrorCode::IoError,
                    "cannot write " + (options.out / "provenance.json").string());
    return {};
}

void printSummary(const Options& options, const LossGuidedSampler& sampler,
                  const std::vector<SyntheticSample>& samples,
                  const std::vector<std::string>& names, double seconds)
{
    std::printf("Wrote %zu synthetic images to %s (generated in %.2f s, %.0f images/s)\n",
                samples.size(), options.out.string().c_str(), seconds,
                static_cast<double>(samples.size()) / std::max(seconds, 1e-9));
    std::printf("class probabilities (%s):", samplerModeName(sampler.mode()));
    for (std::size_t c = 0; c < names.size(); ++c)
        std::printf(" %s %.3f", names[c].c_str(), sampler.probabilities()[c]);
    std::printf("\nimages per class:");
    for (std::size_t c = 0; c < names.size(); ++c) {
        int images = 0;
        for (const SyntheticSample& sample : samples)
            images += (sample.classBits >> c) & 1u;
        std::printf(" %s %d", names[c].c_str(), images);
    }
    std::printf("\n");
}

int augmentParsed(const ParsedArgs& parsed)
{
    auto options = parseOptions(parsed);
    if (!options)
        return usageError(options.error());
    if (fs::exists(options->out / "provenance.json"))
        return reportError(
            {ErrorCode::InvalidArgument, (options->out / "provenance.json").string() +
                                             " exists already; choose another --out"});
    auto project = openProject(parsed.positional[0]);
    if (!project)
        return kExitError;
    GuidedCropPoolOptions poolOptions;
    if (options->size)
        poolOptions.shape = InputShape{options->size->first, options->size->second, 1};
    poolOptions.augment.rotate = options->rotate;
    poolOptions.augment.shiftMode = options->shift;
    auto pool = GuidedCropPool::prepare(*project, poolOptions);
    if (!pool)
        return reportError(pool.error());
    std::vector<std::string> names;
    for (const ClassInfo& info : pool->classes())
        names.push_back(info.name);
    auto sampler = makeSampler(*pool, options->weights);
    if (!sampler)
        return reportError(sampler.error(), kExitUsage);
    const auto start = std::chrono::steady_clock::now();
    auto samples = pool->generate(*sampler, options->count, options->seed);
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
    if (!samples)
        return reportError(samples.error());
    if (auto fresh = refuseRepeats(*project, *samples, options->seed); !fresh)
        return reportError(fresh.error());
    if (auto ok = writeAll(*project, *options, *samples, names); !ok)
        return reportError(ok.error());
    printSummary(*options, *sampler, *samples, names, seconds.count());
    return kExitOk;
}

} // namespace

int augmentCommand(std::span<const std::string> args)
{
    return runCommand(kSpec, args, augmentParsed);
}

} // namespace dwb::cli
