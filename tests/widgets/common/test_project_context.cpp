// ProjectContext: the one open project the pages share, and its announcements.

#include "dwb/widgets/ProjectContext.h"

#include "support/TempDir.h"
#include "widgets/WidgetTestSupport.h"

#include <QFileInfo>
#include <QSignalSpy>

#include <gtest/gtest.h>

namespace dwb {
namespace {

class ProjectContextTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        test::ensureApplication();
        auto project = test::makeDemoProject(m_dir.path(), 8);
        ASSERT_TRUE(project);
        m_path = QString::fromStdString(project->path().string());
    }

    test::TempDir m_dir;
    QString m_path;
};

TEST_F(ProjectContextTest, OpensAProjectWithItsClasses)
{
    ProjectContext context;
    EXPECT_FALSE(context.isOpen());
    EXPECT_EQ(context.db(), nullptr);
    QSignalSpy opened(&context, &ProjectContext::opened);
    ASSERT_TRUE(context.open(m_path));
    EXPECT_EQ(opened.count(), 1);
    EXPECT_TRUE(context.isOpen());
    ASSERT_NE(context.db(), nullptr);
    EXPECT_EQ(context.path(), QFileInfo(m_path).absoluteFilePath());
    auto classes = context.db()->classes();
    ASSERT_TRUE(classes);
    ASSERT_EQ(context.classes().size(), classes->size());
    EXPECT_EQ(context.classes().front().name, classes->front().name);
}

TEST_F(ProjectContextTest, AFailedOpenKeepsTheCurrentProject)
{
    ProjectContext context;
    ASSERT_TRUE(context.open(m_path));
    QSignalSpy closed(&context, &ProjectContext::closed);
    auto failed = context.open(QString::fromStdString((m_dir.path() / "missing.dwb").string()));
    ASSERT_FALSE(failed);
    EXPECT_TRUE(context.isOpen());
    EXPECT_EQ(context.path(), QFileInfo(m_path).absoluteFilePath());
    EXPECT_EQ(closed.count(), 0);
}

TEST_F(ProjectContextTest, ClosingAnnouncesItWhileTheConnectionIsValid)
{
    ProjectContext context;
    ASSERT_TRUE(context.open(m_path));
    bool validDuringAboutToClose = false;
    QObject::connect(&context, &ProjectContext::aboutToClose,
                     [&] { validDuringAboutToClose = context.db() && context.db()->samples(); });
    QSignalSpy closed(&context, &ProjectContext::closed);
    context.close();
    EXPECT_TRUE(validDuringAboutToClose);
    EXPECT_EQ(closed.count(), 1);
    EXPECT_FALSE(context.isOpen());
    EXPECT_TRUE(context.path().isEmpty());
    EXPECT_TRUE(context.classes().empty());
}

TEST_F(ProjectContextTest, WorkerConnectionsAreTheirOwnAndReadOnlyWhenAsked)
{
    ProjectContext context;
    EXPECT_FALSE(context.connect(ProjectDb::Access::ReadOnly)) << "nothing open";
    ASSERT_TRUE(context.open(m_path));
    auto reader = context.connect(ProjectDb::Access::ReadOnly);
    ASSERT_TRUE(reader) << reader.error().message;
    auto samples = reader->samples();
    ASSERT_TRUE(samples);
    EXPECT_FALSE(samples->empty());
    // A read-only connection cannot write; the GUI thread's can.
    EXPECT_FALSE(reader->setAmbiguous(samples->front().id, true, "unclear"));
    EXPECT_TRUE(context.db()->setAmbiguous(samples->front().id, true, "unclear"));
}

TEST_F(ProjectContextTest, ReloadingClassesSignalsOnlyAChange)
{
    ProjectContext context;
    ASSERT_TRUE(context.open(m_path));
    QSignalSpy changed(&context, &ProjectContext::classesChanged);
    ASSERT_TRUE(context.reloadClasses());
    EXPECT_EQ(changed.count(), 0) << "same classes";
    ASSERT_TRUE(context.db()->addClass("Dent"));
    ASSERT_TRUE(context.reloadClasses());
    EXPECT_EQ(changed.count(), 1);
    EXPECT_EQ(context.classes().back().name, "Dent");
}

TEST_F(ProjectContextTest, AnnouncementsReachEveryListener)
{
    ProjectContext context;
    QSignalSpy sample(&context, &ProjectContext::sampleChanged);
    QSignalSpy runs(&context, &ProjectContext::runsChanged);
    context.notifySampleChanged(7);
    context.notifyRunsChanged();
    ASSERT_EQ(sample.count(), 1);
    EXPECT_EQ(sample.at(0).at(0).toLongLong(), 7);
    EXPECT_EQ(runs.count(), 1);
}

} // namespace
} // namespace dwb
