#pragma once

#include "dwb/core/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dwb {

// How the weight lambda of the classification loss moves over the epochs. Stored with runs:
// values only ever grow at the end.
enum class LambdaSchedule {
    ClassificationFirst = 0, // lambda falls linearly from lambdaStart to lambdaEnd
    Constant = 1,            // lambda stays at lambdaStart
    SegmentationFirst = 2,   // lambda rises linearly from lambdaEnd to lambdaStart
};

const char* lambdaScheduleName(LambdaSchedule schedule);

// Every knob of a training run. Torch-free so that the CLI, the GUI form and the database can
// hold it; `toText`/`trainingConfigFromText` round-trip it exactly.
struct TrainingConfig {
    int epochs = 30;
    int batchSize = 8;
    double learningRate = 5e-4;
    double beta1 = 0.99;
    double beta2 = 0.99;

    // Network input; 0 means "from the data": the project's most common image size.
    int inputHeight = 0;
    int inputWidth = 0;
    int pool = 0; // 0 = the paper's rule (2 up to about 400 px a side, else 3)
    int inputChannels = 1;

    // One per project class (bit order); empty means 1 for every class.
    std::vector<double> posWeightCls;
    std::vector<double> posWeightSeg;

    LambdaSchedule schedule = LambdaSchedule::ClassificationFirst;
    double lambdaStart = 1.0;
    double lambdaEnd = 0.0;

    double threshold = 0.5;
    std::uint64_t seed = 42;
    std::string device = "auto"; // "auto", "cpu", "cuda" or "cuda:N"
    int threads = 0;             // torch intra-op threads; 0 = the machine's cores
    bool mixedPrecision = false; // CUDA only: autocast to half precision
    bool flips = true;           // random horizontal and vertical flips of training images
    int checkpointEvery = 5;     // epochs; a checkpoint is also written on cancel and at the end

    // Guided-crop augmentation (docs/augmentation.md): at epochs 0, k, 2k, ... (k =
    // augmentEvery) augmentCount synthetic images are generated, with class probabilities from
    // the latest per-class validation losses (inverse class frequency before the first
    // validation), and replace the previous synthetic set in the training set.
    bool augment = false;
    int augmentEvery = 15;
    int augmentCount = 500;
    double augmentTemperature = 1.0; // SamplerConfig::temperature
    double augmentFloor = 0.2;       // SamplerConfig::floor
};

// The paper's Magnetic Tile settings: 300x400, p = 2, its positive weights in the class order
// Blowhole, Crack, Fray, Break, Uneven.
TrainingConfig magneticTileConfig();

// lambda for `epoch` (0-based) of `epochs`.
double lambdaAt(const TrainingConfig& config, int epoch);

Status validateTrainingConfig(const TrainingConfig& config, int classCount);

// "key = value" lines, one per knob.
std::string toText(const TrainingConfig& config);
// Unknown keys are an error naming the line; missing keys keep their defaults.
Result<TrainingConfig> trainingConfigFromText(const std::string& text);

} // namespace dwb
