#include "dwb/widgets/ImportWizard.h"

#include "support/Fixtures.h"
#include "support/TempDir.h"
#include "widgets/WidgetTestSupport.h"

#include <QAbstractButton>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <cstdlib>

namespace dwb {
namespace {

constexpr int kWaitMs = 60000;

QString qPath(const std::filesystem::path& path)
{
    return QString::fromStdString(path.string());
}

class ImportWizardTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { test::ensureApplication(); }

    void SetUp() override
    {
        auto info = writeDemoDataset(m_dir / "data", test::smallDemo(40));
        ASSERT_TRUE(info);
    }

    // Shows the wizard and fills the first two pages.
    void fill(ImportWizard& wizard, const std::filesystem::path& project)
    {
        wizard.show();
        ASSERT_EQ(wizard.currentId(), ImportWizard::KindPageId);
        wizard.setDatasetKind(DatasetKind::LabelFolder);
        wizard.next();
        ASSERT_EQ(wizard.currentId(), ImportWizard::SourcePageId);
        wizard.setSourceFolder(qPath(m_dir / "data"));
        wizard.setNewProjectPath(qPath(project));
        ASSERT_TRUE(wizard.currentPage()->isComplete());
    }

    test::TempDir m_dir;
};

TEST_F(ImportWizardTest, ImportsALabelFolderIntoANewProject)
{
    const auto project = m_dir / "new.dwb";
    ImportWizard wizard;
    fill(wizard, project);
    EXPECT_TRUE(wizard.findChild<QLabel*>(QStringLiteral("sourceStatus"))
                    ->text()
                    .contains(QStringLiteral("40")));

    QSignalSpy finished(&wizard, &ImportWizard::importFinished);
    wizard.next();
    ASSERT_EQ(wizard.currentId(), ImportWizard::RunPageId);
    EXPECT_TRUE(wizard.isImportRunning());
    ASSERT_TRUE(finished.wait(kWaitMs));
    EXPECT_TRUE(finished.at(0).at(0).toBool());
    EXPECT_FALSE(wizard.isImportRunning());
    EXPECT_TRUE(wizard.currentPage()->isComplete());
    EXPECT_EQ(wizard.projectPath(), qPath(std::filesystem::absolute(project)));

    auto opened = ProjectDb::open(project);
    ASSERT_TRUE(opened) << opened.error().message;
    auto count = opened->sampleCount();
    ASSERT_TRUE(count);
    EXPECT_EQ(*count, 40);

    wizard.button(QWizard::FinishButton)->click();
    EXPECT_EQ(wizard.result(), QDialog::Accepted);
}

// The warning list led with long paths, so the reason was off-screen: it now leads with the
// reason, and the whole line is the item's tooltip.
TEST_F(ImportWizardTest, WarningsLeadWithTheirReason)
{
    test::writeText(m_dir / "data" / "images" / "zz_broken.png", "not an image");
    const auto project = m_dir / "warned.dwb";
    ImportWizard wizard;
    fill(wizard, project);
    QSignalSpy finished(&wizard, &ImportWizard::importFinished);
    wizard.next();
    ASSERT_TRUE(finished.wait(kWaitMs));
    auto* warnings = wizard.findChild<QListWidget*>(QStringLiteral("importWarnings"));
    ASSERT_NE(warnings, nullptr);
    ASSERT_GE(warnings->count(), 1);
    const QString first = warnings->item(0)->text();
    EXPECT_FALSE(first.startsWith(qPath(m_dir.path()))) << first.toStdString();
    EXPECT_TRUE(first.contains(QStringLiteral("zz_broken.png"))) << first.toStdString();
    EXPECT_EQ(warnings->item(0)->toolTip(), first);
}

TEST_F(ImportWizardTest, AppendsTheProjectSuffix)
{
    ImportWizard wizard;
    wizard.setNewProjectPath(qPath(m_dir / "named"));
    EXPECT_EQ(wizard.newProjectPath(), qPath(std::filesystem::absolute(m_dir / "named.dwb")));
}

TEST_F(ImportWizardTest, ShowsTheScannersErrorInline)
{
    std::filesystem::create_directories(m_dir / "empty");
    const auto expected = scanLabelFolder(m_dir / "empty");
    ASSERT_FALSE(expected);

    ImportWizard wizard;
    wizard.show();
    wizard.setDatasetKind(DatasetKind::LabelFolder);
    wizard.next();
    wizard.setSourceFolder(qPath(m_dir / "empty"));
    wizard.setNewProjectPath(qPath(m_dir / "new.dwb"));
    EXPECT_FALSE(wizard.currentPage()->isComplete());
    EXPECT_EQ(wizard.findChild<QLabel*>(QStringLiteral("sourceStatus"))->text(),
              QString::fromStdString(expected.error().message));

    // The right folder for another kind still fails that kind's scanner.
    wizard.back();
    wizard.setDatasetKind(DatasetKind::Severstal);
    wizard.next();
    wizard.setSourceFolder(qPath(m_dir / "data"));
    EXPECT_FALSE(wizard.currentPage()->isComplete());
}

TEST_F(ImportWizardTest, RefusesAnExistingProjectFile)
{
    test::writeText(m_dir / "taken.dwb", "not a project");
    ImportWizard wizard;
    wizard.show();
    wizard.next();
    wizard.setSourceFolder(qPath(m_dir / "data"));
    wizard.setNewProjectPath(qPath(m_dir / "taken.dwb"));
    EXPECT_FALSE(wizard.currentPage()->isComplete());
    EXPECT_FALSE(wizard.findChild<QLabel*>(QStringLiteral("projectStatus"))->text().isEmpty());
}

TEST_F(ImportWizardTest, CancelledImportLeavesNoFile)
{
    const auto project = m_dir / "cancelled.dwb";
    ImportWizard wizard;
    fill(wizard, project);
    QSignalSpy finished(&wizard, &ImportWizard::importFinished);
    wizard.next();
    ASSERT_TRUE(wizard.isImportRunning());
    wizard.reject();                 // what the Cancel button does
    EXPECT_TRUE(wizard.isVisible()); // until the import has rolled back
    ASSERT_TRUE(finished.wait(kWaitMs));
    EXPECT_FALSE(finished.at(0).at(0).toBool());
    EXPECT_TRUE(wizard.projectPath().isEmpty());
    EXPECT_FALSE(wizard.isVisible());
    EXPECT_EQ(wizard.result(), QDialog::Rejected);
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        EXPECT_FALSE(std::filesystem::exists(project.string() + suffix)) << suffix;
}

TEST_F(ImportWizardTest, DestroyingTheWizardMidImportLeavesNoFile)
{
    const auto project = m_dir / "abandoned.dwb";
    {
        ImportWizard wizard;
        fill(wizard, project);
        wizard.next();
        ASSERT_TRUE(wizard.isImportRunning());
    }
    EXPECT_FALSE(std::filesystem::exists(project));
}

// What a new user does first: the real Magnetic Tile dataset (Huang, Qiu and Yuan, "Surface
// defect saliency of magnetic tile", 2020) through the wizard, in its original layout.
TEST_F(ImportWizardTest, ImportsTheRealMagneticTileDataset)
{
    const char* overridden = std::getenv("DWB_MAGNETIC_TILE_DIR");
    const std::filesystem::path root = overridden ? overridden : DWB_DEFAULT_MAGNETIC_TILE_DIR;
    if (!std::filesystem::exists(root / "MT_Blowhole"))
        GTEST_SKIP() << "no Magnetic Tile dataset at " << root << " (set DWB_MAGNETIC_TILE_DIR)";
    const auto project = m_dir / "mt.dwb";
    ImportWizard wizard;
    wizard.show();
    wizard.setDatasetKind(DatasetKind::MagneticTile);
    wizard.next();
    wizard.setSourceFolder(qPath(root));
    wizard.setNewProjectPath(qPath(project));
    ASSERT_TRUE(wizard.currentPage()->isComplete());
    EXPECT_TRUE(wizard.findChild<QLabel*>(QStringLiteral("sourceStatus"))
                    ->text()
                    .contains(QStringLiteral("1344")));
    QSignalSpy finished(&wizard, &ImportWizard::importFinished);
    wizard.next();
    ASSERT_TRUE(finished.wait(kWaitMs));
    ASSERT_TRUE(finished.at(0).at(0).toBool());
    auto opened = ProjectDb::open(project);
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(*opened->sampleCount(), 1344);
    wizard.button(QWizard::FinishButton)->click();
    EXPECT_EQ(wizard.result(), QDialog::Accepted);
}

} // namespace
} // namespace dwb
