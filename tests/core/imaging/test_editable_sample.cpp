// loadEditableSample: a sample's image and latest mask as the editor opens them, checked to fit.

#include "dwb/imaging/EditableSample.h"
#include "dwb/storage/ProjectDb.h"

#include "support/DemoProject.h"
#include "support/Fixtures.h"
#include "support/TempDir.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

#include <filesystem>

namespace dwb {
namespace {

class EditableSampleTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        DemoConfig demo;
        demo.imageCount = 6;
        demo.imageSize = cv::Size(64, 48); // width, height
        m_project = test::makeDemoProject(m_dir.path(), demo);
        ASSERT_TRUE(m_project);
        auto samples = m_project->samples();
        ASSERT_TRUE(samples);
        ASSERT_FALSE(samples->empty());
        m_sample = samples->front();
    }

    std::filesystem::path imageFile() const
    {
        return sampleImagePath(*m_project, m_sample.imagePath);
    }

    test::TempDir m_dir;
    std::unique_ptr<ProjectDb> m_project;
    SampleRecord m_sample;
};

TEST_F(EditableSampleTest, LoadsTheImageTheLatestMaskAndTheClasses)
{
    auto sample = loadEditableSample(*m_project, m_sample.id);
    ASSERT_TRUE(sample) << sample.error().message;
    EXPECT_EQ(sample->record.id, m_sample.id);
    EXPECT_EQ(sample->image.size(), cv::Size(64, 48));
    EXPECT_EQ(sample->mask.size(), sample->image.size());
    EXPECT_EQ(sample->mask.type(), CV_16UC1);
    auto mask = m_project->mask(m_sample.id);
    ASSERT_TRUE(mask);
    EXPECT_TRUE(test::sameMat(sample->mask, *mask));
    auto classes = m_project->classes();
    ASSERT_TRUE(classes);
    ASSERT_EQ(sample->classes.size(), classes->size());
    EXPECT_EQ(sample->classes.front().name, classes->front().name);
    EXPECT_TRUE(std::filesystem::exists(imageFile()));
}

TEST_F(EditableSampleTest, AnUnknownSampleIsNotFound)
{
    auto sample = loadEditableSample(*m_project, 123'456);
    ASSERT_FALSE(sample);
    EXPECT_EQ(sample.error().code, ErrorCode::NotFound);
}

TEST_F(EditableSampleTest, AnUnreadableImageNamesItsFile)
{
    std::filesystem::remove(imageFile());
    auto sample = loadEditableSample(*m_project, m_sample.id);
    ASSERT_FALSE(sample);
    EXPECT_EQ(sample.error().code, ErrorCode::BadImage);
    EXPECT_NE(sample.error().message.find(imageFile().string()), std::string::npos);
}

TEST_F(EditableSampleTest, AnImageOfAnotherSizeThanItsMaskIsRefused)
{
    test::writeImage(imageFile(), test::rampImage({32, 16}));
    auto sample = loadEditableSample(*m_project, m_sample.id);
    ASSERT_FALSE(sample);
    EXPECT_EQ(sample.error().code, ErrorCode::BadMask);
    EXPECT_EQ(sample.error().message, "the mask is 64 x 48 pixels but the image is 32 x 16");
}

} // namespace
} // namespace dwb
