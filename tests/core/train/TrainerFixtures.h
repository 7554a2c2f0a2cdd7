#pragma once

// What the trainer tests share: a demo project and an observer that records what it hears.

#include "dwb/storage/ProjectDb.h"
#include "dwb/train/CancellationToken.h"
#include "dwb/train/TrainingSummary.h"

#include "support/DemoProject.h"

#include <filesystem>
#include <memory>
#include <vector>

namespace dwb::test {

// Collects what the trainer reports; optionally cancels after a given epoch.
class Recorder : public TrainingObserver {
public:
    explicit Recorder(CancellationToken* cancelAfter = nullptr, int afterEpoch = -1)
        : m_token(cancelAfter)
        , m_afterEpoch(afterEpoch)
    {
    }
    void onEpoch(const EpochSummary& summary) override
    {
        epochs.push_back(summary);
        if (m_token && summary.epoch == m_afterEpoch)
            m_token->cancel();
    }
    void onBatch(const BatchProgress& progress) override { batches.push_back(progress); }
    void onAugment(const AugmentEvent& event) override { augments.push_back(event); }

    std::vector<EpochSummary> epochs;
    std::vector<BatchProgress> batches;
    std::vector<AugmentEvent> augments;

private:
    CancellationToken* m_token;
    int m_afterEpoch;
};

inline std::unique_ptr<ProjectDb> makeDemoProject(const std::filesystem::path& dir, int count,
                                                  int size)
{
    DemoConfig demo;
    demo.seed = 5;
    demo.imageCount = count;
    demo.imageSize = {size, size};
    return makeDemoProject(dir, demo);
}

} // namespace dwb::test
