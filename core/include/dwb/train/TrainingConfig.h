#pragma once

#include "dwb/augment/ShiftMode.h"
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

// How the learning rate moves over the run (dwb/train/TrainingSchedule.h). Stored with runs:
// values only ever grow at the end.
enum class LearningRateSchedule {
    Constant = 0, // the paper's: the rate stays at learningRate (after an optional warm-up)
    Cosine = 1,   // linear warm-up from 0, then half a cosine down to learningRate * lrFinal
    OneCycle = 2, // cosine rise from learningRate / 25, then cosine fall to learningRate * lrFinal
};

const char* learningRateScheduleName(LearningRateSchedule schedule);

// The epoch bound of a budgeted run that asks for none: the budget ends it first.
inline constexpr int kUnboundedEpochs = 1000000;

// Every knob of a training run. Torch-free so that the CLI, the GUI form and the database can
// hold it; `toText`/`trainingConfigFromText` round-trip it exactly.
//
// The defaults are the recipe that trains best within a user's budget (docs/results.md);
// paperConfig() gives the paper's own settings.
struct TrainingConfig {
    int epochs = 30;
    int batchSize = 8;
    double learningRate = 2e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;

    // Network input; 0 means "from the data" (dwb/train/DataDefaults.h).
    int inputHeight = 0;
    int inputWidth = 0;
    int pool = 0; // 0 = from the data: the paper's rule (2 up to ~400 px a side, else 3), lowered
                  // for tiny defects
    int inputChannels = 1;
    // Standardise every image before the network (CanOptions::standardize).
    bool standardizeInput = true;

    // One per project class (bit order); empty means 1 for every class.
    std::vector<double> posWeightCls;
    std::vector<double> posWeightSeg;

    // Weight of a soft Dice term added to the segmentation loss (0: the paper's BCE alone).
    double diceWeight = 0;

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
    double augmentTemperature = 1.0;          // SamplerConfig::temperature
    double augmentFloor = 0.2;                // SamplerConfig::floor
    ShiftMode augmentShift = ShiftMode::None; // AugmentConfig::shiftMode

    // Time budget in minutes (0: none, the run lasts `epochs`). With a budget the run ends
    // when the budget is used, `epochs` is only an upper bound, and the learning-rate and lambda
    // schedules and the guided-crop triggers follow the fraction of the budget used.
    double minutes = 0;
    // Guided-crop sets over a budgeted run: at 0, 1/n, 2/n, ... of the budget.
    int augmentSets = 7;

    LearningRateSchedule lrSchedule = LearningRateSchedule::Cosine;
    double warmup = 0.05;  // share of the run spent warming up, in [0, 0.5]
    double lrFinal = 0.01; // the final rate as a share of learningRate (cosine, one-cycle)

    // Defect-aware patch training: 0 trains on whole images; otherwise on square crops of this
    // side (clipped to the input), patchDefectShare of them centred on a defect pixel, the rest
    // anywhere; -1 chooses from the data (dwb/train/DataDefaults.h). Validation and inference
    // always see whole images.
    int patchSize = -1;
    double patchDefectShare = 0.5;
    // Defect-aware image sampling: each epoch holds every training image with a defect and
    // only as many defect-free ones, drawn afresh, as make up this share of it (0: all of them).
    double cleanShare = 0.5;
    // Before each validation, the batch normalisations' statistics are measured afresh on this
    // many whole training images (dwb/train/NormRecalibration.h); 0 keeps the running averages,
    // which, when training on crops, match what the network was trained with better
    // (docs/results.md).
    int normImages = 0;

    // Model selection: the run's model is the epoch with the best validation score
    // (dwb/eval/Calibration.h) instead of the last; training stops after `patience` epochs
    // without improvement (0: never early).
    bool selectBest = true;
    int patience = 0;
    // Per-class thresholds calibrated on the validation split and stored with the model
    // (image-level at best F1, pixel at best IoU); without, `threshold` for everything.
    bool calibrate = true;
    // Start the head's bias at each class's share of defect pixels in the train split (the
    // focal-loss prior), so that the first steps need not learn that most pixels are background.
    bool priorBias = true;
};

// The paper's settings (Guided-Crop paper, section IV-B): Adam 5e-4 with betas (0.99, 0.99) at a
// constant rate, whole images, lambda from 1 to 0 over the epochs, threshold 0.5 for everything
// and the last epoch's model.
TrainingConfig paperConfig();

// The paper's Magnetic Tile settings: paperConfig() at 300x400, p = 2, with its positive
// weights in the class order Blowhole, Crack, Fray, Break, Uneven.
TrainingConfig magneticTileConfig();

// lambda for `epoch` (0-based) of `epochs`, for runs without a time budget.
double lambdaAt(const TrainingConfig& config, int epoch);
// lambda at `progress` in [0, 1] of a run: the classification weight moves linearly with it.
double lambdaAtProgress(const TrainingConfig& config, double progress);

Status validateTrainingConfig(const TrainingConfig& config, int classCount);

// "key = value" lines, one per knob.
std::string toText(const TrainingConfig& config);
// Unknown keys are an error naming the line; missing keys keep their defaults.
Result<TrainingConfig> trainingConfigFromText(const std::string& text);

} // namespace dwb
