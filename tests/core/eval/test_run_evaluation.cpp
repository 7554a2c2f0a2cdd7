// size: one suite over shared fixtures; each test reads best top to bottom, as a scenario.

#include "dwb/dataset/DemoGenerator.h"
#include "dwb/eval/ErrorReview.h"
#include "dwb/eval/Evaluator.h"
#include "dwb/eval/RunEvaluation.h"
#include "dwb/model/ModelFile.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/train/Loss.h"
#include "dwb/train/Trainer.h"
#include "dwb/train/TrainingSetup.h"

#include "support/DemoProject.h"
#include "support/TempDir.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <tuple>

namespace dwb {
namespace {

// A demo project at 64x64 with a run trained for one epoch: enough for a model that loads.
class RunEvaluationTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        DemoConfig demo;
        demo.seed = 5;
        demo.imageCount = 24;
        demo.imageSize = {64, 64};
        m_project = test::makeDemoProject(m_dir.path(), demo);
        ASSERT_TRUE(m_project);

        TrainingConfig config;
        config.epochs = 1;
        config.batchSize = 8;
        config.device = "cpu";
        config.threads = 1; // ctest runs tests side by side
        config.checkpointEvery = 1;
        CancellationToken token;
        auto trained = Trainer::run(*m_project, config, token);
        ASSERT_TRUE(trained) << trained.error().message;
        m_runId = trained->runId;
    }

    static EvaluateRunOptions cpuOptions()
    {
        EvaluateRunOptions options;
        options.device = "cpu";
        options.threads = 1;
        options.batchSize = 4;
        return options;
    }

    test::TempDir m_dir;
    std::unique_ptr<ProjectDb> m_project;
    std::int64_t m_runId = 0;
};

} // namespace

// One cache record per sample of the split, in id order, and the metrics and loss of evaluate()
// on the same model and samples, also stored with the run as epoch -1.
TEST_F(RunEvaluationTest, CachesEverySampleWithTheMetricsOfEvaluate)
{
    auto report = evaluateRun(*m_project, m_runId, Split::Test, cpuOptions());
    ASSERT_TRUE(report) << report.error().message;
    auto samples = samplesOfSplit(*m_project, Split::Test);
    ASSERT_TRUE(samples);
    ASSERT_FALSE(samples->empty());
    EXPECT_EQ(report->runId, m_runId);
    EXPECT_EQ(report->device, "cpu");
    EXPECT_EQ(report->cached, samples->size());
    EXPECT_EQ(report->metrics.images, static_cast<std::int64_t>(samples->size()));

    auto sets = m_project->predictionSets();
    ASSERT_TRUE(sets);
    ASSERT_EQ(sets->size(), 1u);
    EXPECT_EQ((*sets)[0].runId, m_runId);
    EXPECT_EQ((*sets)[0].split, "test");
    EXPECT_EQ((*sets)[0].samples, static_cast<std::int64_t>(samples->size()));
    EXPECT_DOUBLE_EQ((*sets)[0].threshold, report->threshold);
    auto cached = loadReviewSamples(*m_project, m_runId, "test");
    ASSERT_TRUE(cached) << cached.error().message;
    ASSERT_EQ(cached->size(), samples->size());
    for (std::size_t i = 0; i < samples->size(); ++i)
        EXPECT_EQ((*cached)[i].sampleId, (*samples)[i].id) << "sample " << i;

    // The same evaluation by hand.
    auto run = m_project->run(m_runId);
    ASSERT_TRUE(run);
    auto model = loadModel(m_project->path().parent_path() / run->modelPath, at::kCPU);
    ASSERT_TRUE(model) << model.error().message;
    const ModelMeta& meta = model->meta;
    auto prepared = prepareSamples(*m_project, *samples,
                                   {meta.inputHeight, meta.inputWidth, meta.options.inputChannels});
    ASSERT_TRUE(prepared) << prepared.error().message;
    auto config = trainingConfigFromText(run->config);
    ASSERT_TRUE(config);
    const ProgressiveLoss loss(meta.options.classes, config->posWeightCls, config->posWeightSeg,
                               at::kCPU);
    EvaluationOptions options;
    options.batchSize = 4;
    options.threshold = meta.threshold;
    options.imageThresholds = meta.imageThresholds; // the calibrated ones evaluateRun uses
    options.pixelThresholds = meta.pixelThresholds;
    auto expected =
        evaluate(model->model, *prepared, meta.options.classes, loss, at::kCPU, options);
    ASSERT_TRUE(expected) << expected.error().message;
    EXPECT_DOUBLE_EQ(report->threshold, meta.threshold);
    EXPECT_DOUBLE_EQ(report->loss.total, expected->loss.total);
    EXPECT_DOUBLE_EQ(report->metrics.paperMap, expected->metrics.paperMap);
    EXPECT_DOUBLE_EQ(report->metrics.paperMiou, expected->metrics.paperMiou);
    EXPECT_DOUBLE_EQ(report->metrics.meanAp, expected->metrics.meanAp);
    EXPECT_DOUBLE_EQ(report->metrics.meanPixelIou, expected->metrics.meanPixelIou);
    ASSERT_EQ(report->metrics.perClass.size(), expected->metrics.perClass.size());
    for (std::size_t c = 0; c < expected->metrics.perClass.size(); ++c) {
        EXPECT_EQ(report->metrics.perClass[c].tp, expected->metrics.perClass[c].tp) << c;
        EXPECT_EQ(report->metrics.perClass[c].fp, expected->metrics.perClass[c].fp) << c;
        EXPECT_DOUBLE_EQ(report->metrics.perClass[c].ap, expected->metrics.perClass[c].ap) << c;
    }

    auto stored = m_project->runMetrics(m_runId, -1, "test");
    ASSERT_TRUE(stored) << stored.error().message;
    auto rows = metricRows(expected->metrics);
    // The database returns its rows in its own order.
    const auto byKey = [](const MetricRow& a, const MetricRow& b) {
        return std::tie(a.classBit, a.name) < std::tie(b.classBit, b.name);
    };
    std::sort(stored->begin(), stored->end(), byKey);
    std::sort(rows.begin(), rows.end(), byKey);
    ASSERT_EQ(stored->size(), rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ((*stored)[i].classBit, rows[i].classBit);
        EXPECT_EQ((*stored)[i].name, rows[i].name);
        EXPECT_DOUBLE_EQ((*stored)[i].value, rows[i].value) << rows[i].name;
    }
}

TEST_F(RunEvaluationTest, AnExplicitThresholdIsTheCachesAndTheMetrics)
{
    auto options = cpuOptions();
    options.threshold = 0.25;
    auto report = evaluateRun(*m_project, m_runId, Split::Validation, options);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_DOUBLE_EQ(report->threshold, 0.25);
    EXPECT_DOUBLE_EQ(report->metrics.threshold, 0.25);
    auto sets = m_project->predictionSets();
    ASSERT_TRUE(sets);
    ASSERT_EQ(sets->size(), 1u);
    EXPECT_EQ((*sets)[0].split, "val");
    EXPECT_DOUBLE_EQ((*sets)[0].threshold, 0.25);
}

TEST_F(RunEvaluationTest, RefusesWhatItCannotEvaluateAndCachesNothing)
{
    auto untrained = m_project->createRun("{}", "cpu");
    ASSERT_TRUE(untrained);
    auto noModel = evaluateRun(*m_project, *untrained, Split::Test, cpuOptions());
    ASSERT_FALSE(noModel);
    EXPECT_EQ(noModel.error().code, ErrorCode::NotFound);
    EXPECT_NE(noModel.error().message.find("no trained model"), std::string::npos);

    auto unassigned = evaluateRun(*m_project, m_runId, Split::Unassigned, cpuOptions());
    ASSERT_FALSE(unassigned);
    EXPECT_EQ(unassigned.error().code, ErrorCode::InvalidArgument);

    auto badDevice = cpuOptions();
    badDevice.device = "tpu";
    EXPECT_FALSE(evaluateRun(*m_project, m_runId, Split::Test, badDevice));

    const std::atomic<bool> cancelled{true};
    auto cancelling = cpuOptions();
    cancelling.cancel = &cancelled;
    auto stopped = evaluateRun(*m_project, m_runId, Split::Test, cancelling);
    ASSERT_FALSE(stopped);
    EXPECT_EQ(stopped.error().code, ErrorCode::Cancelled);

    auto sets = m_project->predictionSets();
    ASSERT_TRUE(sets);
    EXPECT_TRUE(sets->empty());
}

} // namespace dwb
