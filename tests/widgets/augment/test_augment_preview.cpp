#include "dwb/augment/LossGuidedSampler.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/widgets/AugmentPreviewPanel.h"

#include "support/TempDir.h"
#include "widgets/WidgetTestSupport.h"

#include <QListWidget>
#include <QSignalSpy>

#include <gtest/gtest.h>

#include <numeric>

namespace dwb {
namespace {

class AugmentPreviewTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        test::ensureApplication();
        m_project = test::makeDemoProject(m_dir.path(), 32);
        ASSERT_TRUE(m_project);
        m_panel = std::make_unique<AugmentPreviewPanel>();
        m_panel->setProject(QString::fromStdString(m_project->path().string()),
                            *m_project->classes());
    }

    bool generate()
    {
        AugmentPreviewPanel& panel = *m_panel;
        QSignalSpy done(&panel, &AugmentPreviewPanel::generated);
        QSignalSpy failed(&panel, &AugmentPreviewPanel::failed);
        panel.generate();
        for (int i = 0; i < 300 && done.isEmpty() && failed.isEmpty(); ++i)
            done.wait(100);
        return !done.isEmpty();
    }

    test::TempDir m_dir;
    std::unique_ptr<ProjectDb> m_project;
    std::unique_ptr<AugmentPreviewPanel> m_panel; // after the application exists
};

TEST_F(AugmentPreviewTest, GeneratesWithInverseFrequencyAndShowsProvenance)
{
    AugmentPreviewPanel& panel = *m_panel;
    panel.setCount(6);
    ASSERT_TRUE(generate());
    EXPECT_EQ(panel.resultCount(), 6);
    EXPECT_EQ(panel.results()->count(), 6);

    // The probabilities are the trainer's before its first validation.
    auto expected = LossGuidedSampler::create(test::trainImagesPerClass(*m_project, 3));
    ASSERT_TRUE(expected);
    ASSERT_EQ(panel.probabilities().size(), 3u);
    for (std::size_t c = 0; c < 3; ++c)
        EXPECT_NEAR(panel.probabilities()[c], expected->probabilities()[c], 1e-12);

    // The provenance lists the base image and one source per pasted blob, each a real sample.
    panel.selectResult(2);
    QListWidget* sources = panel.sources();
    ASSERT_GE(sources->count(), 2) << "a base and at least one pasted blob";
    QSignalSpy opened(&panel, &AugmentPreviewPanel::sampleActivated);
    for (int i = 0; i < sources->count(); ++i) {
        emit sources->itemActivated(sources->item(i));
        ASSERT_EQ(opened.count(), i + 1);
        const qint64 id = opened.at(i).at(0).toLongLong();
        EXPECT_TRUE(m_project->sample(id)) << "source " << i << " is sample " << id;
    }
}

TEST_F(AugmentPreviewTest, ManualWeightsAreUsedAsGiven)
{
    AugmentPreviewPanel& panel = *m_panel;
    panel.setMode(AugmentPreviewPanel::Mode::Manual);
    panel.setManualWeights({0, 100, 0});
    panel.setCount(4);
    ASSERT_TRUE(generate());
    EXPECT_EQ(panel.probabilities(), (std::vector<double>{0.0, 1.0, 0.0}));
    // Same seed, same images: the second generation reuses the prepared pool.
    const QImage first = panel.results()->item(0)->icon().pixmap(64).toImage();
    ASSERT_TRUE(generate());
    EXPECT_EQ(panel.results()->item(0)->icon().pixmap(64).toImage(), first);
}

TEST_F(AugmentPreviewTest, LatestRunModeWithoutARunSaysSo)
{
    AugmentPreviewPanel& panel = *m_panel;
    panel.setMode(AugmentPreviewPanel::Mode::LatestRun);
    QSignalSpy failed(&panel, &AugmentPreviewPanel::failed);
    EXPECT_FALSE(generate());
    ASSERT_EQ(failed.count(), 1);
    EXPECT_TRUE(failed.at(0).at(0).toString().contains(QStringLiteral("validation losses")));
    EXPECT_EQ(panel.resultCount(), 0);
}

} // namespace
} // namespace dwb
