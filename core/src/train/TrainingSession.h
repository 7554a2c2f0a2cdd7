#pragma once

// One training run from its first (or resumed) epoch to its end: the loop behind Trainer.
// Private to core.

#include "Collective.h"
#include "GradientReducer.h"

#include "dwb/augment/GuidedCropAugmenter.h"
#include "dwb/eval/Calibration.h"
#include "dwb/eval/Evaluator.h"
#include "dwb/model/Can.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/train/BatchLoader.h"
#include "dwb/train/Checkpoint.h"
#include "dwb/train/Loss.h"
#include "dwb/train/Trainer.h"
#include "dwb/train/TrainingSchedule.h"
#include "dwb/train/TrainingSetup.h"

#include <torch/optim/adam.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dwb {

class TrainingSession {
public:
    // With `collective`, one rank of a data-parallel run: every rank trains its share of each
    // batch, and rank 0 alone writes the project and the run's files.
    TrainingSession(ProjectDb& project, TrainingSetup setup, std::int64_t runId,
                    CancellationToken& token, TrainingObserver* observer,
                    Collective* collective = nullptr);

    Status restore(const std::filesystem::path& checkpoint);
    Result<TrainingResult> run();
    // After a rank was lost: rank 0 writes the checkpoint of the last completed epoch.
    Status keepLastCheckpoint();

private:
    using Clock = std::chrono::steady_clock;

    // What one pass over the training set gave.
    struct EpochTraining {
        LossBreakdown loss;
        std::size_t images = 0; // samples trained on (fewer than the set when the budget ended)
        double seconds = 0;
        double lambda = 0;       // at the last batch: the validation loss is weighed with it
        double learningRate = 0; // at the last batch
        bool budgetEnded = false;
    };

    // The decisions every rank of a data-parallel run must take alike (DataParallel.cpp).
    struct StepControl {
        bool cancelled = false;   // on any rank
        bool budgetEnded = false; // rank 0's clock
        double progress = 0;      // rank 0's
    };
    bool writer() const { return !m_collective || m_collective->rank() == 0; }
    void synchroniseStart();
    StepControl agreeOnStep(StepControl mine);
    bool rankZeroSays(bool value);
    bool anyRankSays(bool value);
    void sumOverRanks(at::Tensor& tensor);
    Result<Evaluation> evaluateShared(const EvaluationOptions& options);
    Evaluation gatherEvaluation(Evaluation mine, std::size_t begin, std::size_t end) const;

    CanOptions canOptions() const;
    double elapsed() const; // seconds of this run, earlier sessions included
    double progressAt(int epoch, double epochFraction) const;
    double lambdaFor(int epoch, double progress) const;
    double estimatedValidationSeconds(double secondsPerTrainingSample) const;

    Status prepareAugmentation();
    Status augment(int epoch);
    bool augmentationDueAt(int epoch) const;
    Result<std::vector<double>> validationLossesOf(int epoch) const;

    Result<EpochTraining> trainEpoch(int epoch, BatchLoader& loader);
    Result<Evaluation> validate(int epoch, double lambda);
    Status validateEpoch(int epoch, const EpochTraining& trained, const Evaluation& validation);
    Status recordEpochEnd(int epoch, double score, const EpochTraining& trained,
                          const Evaluation& validation, bool checkpointFollows);
    Status saveModel(const std::filesystem::path& path, const Evaluation* calibration,
                     int epoch) const;
    Result<TrainingResult> finish(StopReason reason, int epochsDone);
    void reportBatch(int epoch, int batch, int batches, double loss, double learningRate,
                     double lambda, double progress);

    ProjectDb& m_project;
    TrainingSetup m_setup;
    const TrainingConfig& m_config;
    int m_classes;
    std::int64_t m_runId;
    CancellationToken& m_token;
    TrainingObserver* m_observer;
    Can m_model;
    torch::optim::Adam m_optimizer;
    ProgressiveLoss m_loss;
    std::filesystem::path m_folder;
    TimeBudget m_budget;

    RunProgress m_progress; // what the next checkpoint records
    int m_firstEpoch = 0;
    double m_priorSeconds = 0; // time used by earlier sessions of a resumed run
    Clock::time_point m_started = Clock::now();
    int m_batchesThisSession = 0; // for the time estimates
    double m_lastValidationSeconds = 0;
    double m_validationSecondsThisSession = 0; // kept out of the time per batch
    CheckpointBytes m_lastCheckpoint;
    EpochSummary m_last;
    bool m_validatedThisSession = false; // m_last describes an epoch of this session
    bool m_modelSaved = false;           // the model file holds a validated epoch
    mutable double m_progressSoFar = 0;  // progress never goes back when the reserve grows
    int m_epochsWithoutGain = 0;

    // What an epoch trains on: the training split, then the current synthetic set.
    std::vector<PreparedSample> m_epochSamples;
    std::optional<GuidedCropAugmenter> m_augmenter;
    std::vector<int> m_imagesPerClass;
    int m_augmentations = 0;
    int m_syntheticImages = 0;
    double m_augmentSeconds = 0;

    // Data-parallel training.
    Collective* m_collective = nullptr;
    std::unique_ptr<GradientReducer> m_gradients;
    std::atomic<bool> m_contributes{true};      // false while this rank trains a stand-in sample
    std::optional<RunEpochRecord> m_lastRecord; // the last validated epoch's, as stored
    std::int64_t m_stepsThisSession = 0;
    std::int64_t m_bytesAtStart = 0;
};

} // namespace dwb
