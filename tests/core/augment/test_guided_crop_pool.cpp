// GuidedCropPool: a demo project's train split prepared once, the class weightings the Guided
// Crop page and `dwb augment` offer, and generation from them.

#include "dwb/augment/GuidedCropPool.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/train/DataDefaults.h"

#include "support/DemoProject.h"
#include "support/TempDir.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

namespace dwb {
namespace {

class GuidedCropPoolTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        DemoConfig demo;
        demo.imageCount = 30;
        demo.imageSize = {64, 64};
        m_project = test::makeDemoProject(m_dir.path(), demo);
        ASSERT_TRUE(m_project);
        auto samples = m_project->samples();
        ASSERT_TRUE(samples);
        m_samples = std::move(*samples);
    }

    std::vector<SampleRecord> train() const
    {
        std::vector<SampleRecord> train = m_samples;
        std::erase_if(train, [](const SampleRecord& s) { return s.split != Split::Train; });
        return train;
    }

    test::TempDir m_dir;
    std::unique_ptr<ProjectDb> m_project;
    std::vector<SampleRecord> m_samples;
};

TEST_F(GuidedCropPoolTest, PreparesTheTrainSplitAndCountsItsClasses)
{
    auto pool = GuidedCropPool::prepare(*m_project);
    ASSERT_TRUE(pool) << pool.error().message;
    const std::vector<SampleRecord> trainSamples = train();
    ASSERT_FALSE(trainSamples.empty());
    EXPECT_EQ(pool->classCount(), 3);
    EXPECT_EQ(pool->augmenter().pool().size(), trainSamples.size());
    std::vector<int> expected(3, 0);
    for (const SampleRecord& sample : trainSamples) {
        for (int c = 0; c < 3; ++c)
            expected[static_cast<std::size_t>(c)] += (sample.classBits >> c) & 1u;
        const PreparedSample* prepared = pool->sample(sample.id);
        ASSERT_NE(prepared, nullptr) << "train sample " << sample.id;
        EXPECT_EQ(prepared->image.rows, pool->shape().height);
        EXPECT_EQ(prepared->image.cols, pool->shape().width);
    }
    EXPECT_EQ(pool->imagesPerClass(), expected);
    // Names come from every split; images only from the train split.
    for (const SampleRecord& sample : m_samples) {
        EXPECT_EQ(pool->sampleName(sample.id), sample.name);
        EXPECT_EQ(pool->sample(sample.id) != nullptr, sample.split == Split::Train);
    }
    EXPECT_EQ(pool->sampleName(999'999), "");
    const InputShape shape = defaultInputShape(trainSamples, 1);
    EXPECT_EQ(pool->shape().height, shape.height);
    EXPECT_EQ(pool->shape().width, shape.width);
    EXPECT_EQ(pool->latestRun(), 0);
}

TEST_F(GuidedCropPoolTest, TheSizeIsTheOneAskedForOrShrunkToTheLongestSide)
{
    GuidedCropPoolOptions options;
    options.shape = InputShape{40, 48, 1};
    auto given = GuidedCropPool::prepare(*m_project, options);
    ASSERT_TRUE(given) << given.error().message;
    EXPECT_EQ(given->augmenter().pool().front().image.size(), cv::Size(48, 40));

    GuidedCropPoolOptions shrunk;
    shrunk.maxSide = 32;
    auto small = GuidedCropPool::prepare(*m_project, shrunk);
    ASSERT_TRUE(small) << small.error().message;
    EXPECT_EQ(small->shape().height, 32);
    EXPECT_EQ(small->shape().width, 32);
}

TEST_F(GuidedCropPoolTest, WeightingsGiveTheSamplersProbabilities)
{
    auto pool = GuidedCropPool::prepare(*m_project);
    ASSERT_TRUE(pool) << pool.error().message;
    auto inverse = pool->sampler(ClassWeighting::InverseFrequency);
    ASSERT_TRUE(inverse);
    auto expected = LossGuidedSampler::create(pool->imagesPerClass());
    ASSERT_TRUE(expected);
    EXPECT_EQ(inverse->probabilities(), expected->probabilities());
    EXPECT_EQ(inverse->mode(), SamplerMode::InverseFrequency);

    const std::vector<double> weights{0, 1, 0};
    auto manual = pool->sampler(ClassWeighting::Manual, weights);
    ASSERT_TRUE(manual);
    EXPECT_EQ(manual->probabilities(), (std::vector<double>{0, 1, 0})) << "no floor";

    const std::vector<double> two{1, 2};
    auto wrongCount = pool->sampler(ClassWeighting::Manual, two);
    ASSERT_FALSE(wrongCount);
    EXPECT_EQ(wrongCount.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(wrongCount.error().message.find("expects 3 weights"), std::string::npos);

    auto latest = pool->sampler(ClassWeighting::LatestRun);
    ASSERT_FALSE(latest) << "no run has validation losses";
    EXPECT_NE(latest.error().message.find("validation losses"), std::string::npos);
}

TEST_F(GuidedCropPoolTest, GeneratesTheSameImagesForTheSameSeed)
{
    auto pool = GuidedCropPool::prepare(*m_project);
    ASSERT_TRUE(pool) << pool.error().message;
    const std::vector<double> weights{0, 0, 1};
    auto sampler = pool->sampler(ClassWeighting::Manual, weights);
    ASSERT_TRUE(sampler);
    auto first = pool->generate(*sampler, 5, 42);
    auto again = pool->generate(*sampler, 5, 42, 1);
    auto other = pool->generate(*sampler, 5, 43);
    ASSERT_TRUE(first && again && other);
    ASSERT_EQ(first->size(), 5u);
    for (std::size_t i = 0; i < first->size(); ++i) {
        const SyntheticSample& a = (*first)[i];
        EXPECT_EQ(a.provenance.primaryClass, 2) << "weights 0,0,1 draw class 2 only";
        EXPECT_EQ(a.image.rows, pool->shape().height);
        EXPECT_EQ(cv::norm(a.image, (*again)[i].image, cv::NORM_INF), 0.0) << "image " << i;
        EXPECT_EQ(a.provenance.seed, (*again)[i].provenance.seed);
        EXPECT_NE(a.provenance.seed, (*other)[i].provenance.seed);
    }
}

TEST_F(GuidedCropPoolTest, WithoutATrainSplitOnlyAPreviewMayUseEverySample)
{
    std::vector<std::pair<std::int64_t, Split>> none;
    for (const SampleRecord& sample : m_samples)
        none.emplace_back(sample.id, Split::Unassigned);
    ASSERT_TRUE(m_project->setSplits(none));
    auto refused = GuidedCropPool::prepare(*m_project);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(refused.error().message.find("no train split"), std::string::npos);

    GuidedCropPoolOptions preview;
    preview.anySplitWithoutTrain = true;
    auto pool = GuidedCropPool::prepare(*m_project, preview);
    ASSERT_TRUE(pool) << pool.error().message;
    EXPECT_EQ(pool->augmenter().pool().size(), m_samples.size());
}

} // namespace
} // namespace dwb
