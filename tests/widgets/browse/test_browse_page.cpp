// The Browse page: the grid, the table and the preview agree on one sample.

#include "dwb/widgets/BrowsePage.h"
#include "dwb/widgets/ProjectContext.h"
#include "dwb/widgets/SampleFilterModel.h"
#include "dwb/widgets/SampleListModel.h"
#include "dwb/widgets/ThumbnailGrid.h"

#include "support/TempDir.h"
#include "widgets/WidgetTestSupport.h"

#include <QComboBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QTableView>
#include <QTest>

#include <algorithm>
#include <optional>
#include <vector>

#include <gtest/gtest.h>

namespace dwb {
namespace {

// A Browse page on a fresh demo project of `count` samples, wired as the main window wires it:
// the sample list is loaded before the pages hear of the project.
struct OpenBrowsePage {
    explicit OpenBrowsePage(int count)
    {
        test::ensureApplication();
        auto project = test::makeDemoProject(dir.path(), count);
        EXPECT_TRUE(project);
        if (!project)
            return;
        records = project->samples().value();
        const QString path = QString::fromStdString(project->path().string());
        project.reset();
        filter.setSourceModel(&samples);
        QObject::connect(&context, &ProjectContext::opened,
                         [this] { EXPECT_TRUE(samples.loadProject(*context.db())); });
        page.emplace(&context, &samples, &filter);
        opened = context.open(path).has_value();
    }

    test::TempDir dir;
    std::vector<SampleRecord> records;
    ProjectContext context;
    SampleListModel samples;
    SampleFilterModel filter;
    std::optional<BrowsePage> page;
    bool opened = false;
};

// A filter that hid the selected sample left the preview on a row that was current but not
// selected: the preview showed one sample while none was highlighted.
TEST(BrowsePage, AfterFilteringThePreviewedSampleIsTheSelectedOne)
{
    OpenBrowsePage browse(12);
    ASSERT_TRUE(browse.opened);
    BrowsePage& page = *browse.page;
    SampleFilterModel& filter = browse.filter;
    const auto* records = &browse.records;
    page.resize(1000, 600);
    page.show();

    const auto last =
        std::max_element(records->begin(), records->end(),
                         [](const auto& a, const auto& b) { return a.name < b.name; });
    ASSERT_TRUE(page.selectSample(last->id));
    QItemSelectionModel* selection = page.grid()->selectionModel();
    ASSERT_TRUE(selection->isSelected(page.currentIndex()));

    // Hide the selected sample (demo_011, the last by name) but keep demo_000 to demo_009.
    filter.setNameFilter(QStringLiteral("demo_00"));
    ASSERT_EQ(filter.rowCount(), 10);
    const QModelIndex current = page.currentIndex();
    ASSERT_TRUE(current.isValid()) << "the current row moved to a shown sample";
    EXPECT_NE(current.data(SampleListModel::SampleIdRole).toLongLong(), last->id);
    EXPECT_TRUE(selection->isSelected(current)) << "the previewed row is highlighted";
    EXPECT_EQ(selection->selectedRows().size(), 1);
}

// Page Down in the grid moved by what fitted below the current thumbnail (two rows where four
// were shown): it moves by the whole rows shown, the current thumbnail keeping its place on the
// screen, and Page Up comes back.
TEST(BrowsePage, PageDownMovesByTheRowsShown)
{
    OpenBrowsePage browse(60);
    ASSERT_TRUE(browse.opened);
    BrowsePage& page = *browse.page;
    SampleFilterModel& filter = browse.filter;
    page.resize(1280, 700);
    page.show();
    QCoreApplication::processEvents();
    ThumbnailGrid* grid = page.grid();
    grid->setFocus();
    const int step = grid->rowsShown() * grid->columnsShown();
    ASSERT_GE(grid->rowsShown(), 2);
    ASSERT_LT(3 * step, filter.rowCount()) << "room for three whole pages";

    int row = page.currentIndex().row();
    const int y = grid->visualRect(page.currentIndex()).y();
    for (int press = 1; press <= 2; ++press) {
        QTest::keyClick(grid, Qt::Key_PageDown);
        EXPECT_EQ(page.currentIndex().row(), row + step) << "press " << press;
        EXPECT_EQ(grid->visualRect(page.currentIndex()).y(), y) << "press " << press;
        row = page.currentIndex().row();
    }
    QTest::keyClick(grid, Qt::Key_PageUp);
    EXPECT_EQ(page.currentIndex().row(), row - step);
    // At the end it stops on the last sample.
    for (int press = 0; press < 5; ++press)
        QTest::keyClick(grid, Qt::Key_PageDown);
    EXPECT_EQ(page.currentIndex().row(), filter.rowCount() - 1);
}

// A sort chosen in the table ordered the grid too, with nothing in the grid saying so: the bar
// above both views names the order and sets it.
TEST(BrowsePage, TheSortBarShowsAndSetsTheOrderOfBothViews)
{
    OpenBrowsePage browse(12);
    ASSERT_TRUE(browse.opened);
    BrowsePage& page = *browse.page;
    SampleFilterModel& filter = browse.filter;
    page.show();
    EXPECT_EQ(page.sortColumn(), SampleListModel::NameColumn);
    EXPECT_EQ(page.sortDescription(), QStringLiteral("Sorted by Name, ascending"));
    auto* combo = page.findChild<QComboBox*>();
    ASSERT_TRUE(combo);
    EXPECT_TRUE(combo->isVisibleTo(&page)) << "shown above the grid";

    // Sorting in the table (as a header click does) shows in the bar.
    page.setGridView(false);
    auto* table = page.findChild<QTableView*>();
    table->sortByColumn(SampleListModel::NameColumn, Qt::DescendingOrder);
    page.setGridView(true);
    EXPECT_EQ(page.sortDescription(), QStringLiteral("Sorted by Name, descending"));
    EXPECT_EQ(combo->currentIndex(), SampleListModel::NameColumn);
    EXPECT_EQ(filter.index(0, 0).data().toString(), QStringLiteral("demo_011"));

    // Choosing in the bar sorts both views and moves the table's indicator.
    combo->setCurrentIndex(SampleListModel::RevisionColumn);
    emit combo->activated(SampleListModel::RevisionColumn);
    EXPECT_EQ(table->horizontalHeader()->sortIndicatorSection(), SampleListModel::RevisionColumn);
    EXPECT_EQ(filter.sortColumn(), SampleListModel::RevisionColumn);
    EXPECT_EQ(page.sortDescription(), QStringLiteral("Sorted by Revision, descending"));
}

} // namespace
} // namespace dwb
