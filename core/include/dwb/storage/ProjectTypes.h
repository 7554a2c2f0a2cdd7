#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dwb {

// Stored in the database: values only ever grow at the end.
enum class Split : int {
    Unassigned = 0,
    Train = 1,
    Validation = 2,
    Test = 3,
};

const char* splitName(Split split);
std::optional<Split> splitFromName(const std::string& name);

struct ClassInfo {
    std::int64_t id = 0;
    int bit = 0; // the class's bit in every mask, and its position in per-class tables
    std::string name;
    std::string color; // "#rrggbb"
};

// What an importer knows about a new sample.
struct NewSample {
    std::string name;
    std::string imagePath; // absolute; images are referenced, not copied
    int width = 0;
    int height = 0;
    std::string contentHash;
    std::uint32_t labelBits = 0; // image-level labels asserted beyond the mask
};

struct SampleRecord {
    std::int64_t id = 0;
    std::string name;
    std::string imagePath;
    int width = 0;
    int height = 0;
    std::string contentHash;
    Split split = Split::Unassigned;
    std::uint32_t classBits = 0; // image-level classes: the latest mask's plus labelBits
    std::uint32_t maskBits = 0;  // classes with pixels in the latest mask revision
    std::uint32_t labelBits = 0; // image-level labels asserted by the dataset
    int maskRevision = 0;        // latest revision number, starting at 1
};

struct MaskRevisionInfo {
    std::int64_t id = 0;
    int revision = 0;
    std::uint32_t classBits = 0;
    std::string note;
    std::string createdAt; // ISO 8601, UTC
};

struct ImportRecord {
    std::int64_t id = 0;
    std::string kind;
    std::string source;
    std::string startedAt;
    std::int64_t added = 0;
    std::int64_t duplicates = 0;
    std::int64_t skipped = 0;
};

struct RunRecord {
    std::int64_t id = 0;
    std::string startedAt;
    std::string finishedAt;
    std::string status; // running, finished, cancelled, failed
    std::string config; // TrainingConfig as text
    std::string device;
    int epochsDone = 0;
    double seconds = 0;
    std::string modelPath;      // relative to the project file's folder
    std::string checkpointPath; // likewise
};

struct LossRow {
    int classBit = -1; // -1: mean over classes
    double cls = 0;
    double seg = 0;
};

struct RunEpochRecord {
    int epoch = 0;
    double lambda = 0;
    double seconds = 0;
    double imagesPerSecond = 0;
    std::vector<LossRow> train;
    std::vector<LossRow> validation;
};

struct AugmentClassRow {
    int classBit = 0;
    double probability = 0; // the sampler's probability for the class at the trigger
    int generated = 0;      // synthetic images whose mask shows the class
};

// One guided-crop trigger of a training run.
struct AugmentationRecord {
    int epoch = 0;    // the first epoch trained with the set
    std::string mode; // the sampler's mode: inverse-frequency, validation-loss or fixed
    int images = 0;
    double seconds = 0; // generation time
    std::vector<AugmentClassRow> classes;
};

struct MetricRow {
    int classBit = -1; // -1: over all classes
    std::string name;
    double value = 0;
};

} // namespace dwb
