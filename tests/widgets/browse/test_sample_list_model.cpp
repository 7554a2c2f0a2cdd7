#include "dwb/widgets/SampleListModel.h"

#include <QAbstractItemModelTester>
#include <QApplication>

#include <QSignalSpy>

#include <gtest/gtest.h>

namespace dwb {
namespace {

std::vector<ClassInfo> classes()
{
    return {{1, 0, "Blowhole", "#e69f00"}, {2, 1, "Crack", "#56b4e9"}};
}

std::vector<SampleRecord> samples()
{
    std::vector<SampleRecord> rows(3);
    rows[0] = {10, "a", "/d/a.jpg", 40, 30, "h", Split::Train, 0b01, 1};
    rows[1] = {11, "b", "/d/b.jpg", 40, 30, "h", Split::Test, 0b11, 2};
    rows[2] = {12, "c", "/d/c.jpg", 64, 48, "h", Split::Validation, 0, 1};
    return rows;
}

int argc = 1;
char arg0[] = "dwb_widgets_tests";
char* argv[] = {arg0, nullptr};

} // namespace

class SampleListModelTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        // Widget tests run headless wherever they run.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        if (!QApplication::instance())
            new QApplication(argc, argv);
    }
};

TEST_F(SampleListModelTest, PassesQtModelConsistencyChecks)
{
    SampleListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setProject(classes(), samples());
    model.clear();
    model.setProject(classes(), samples());
    EXPECT_EQ(model.rowCount(), 3);
}

TEST_F(SampleListModelTest, ShowsCoreValues)
{
    SampleListModel model;
    model.setProject(classes(), samples());
    ASSERT_EQ(model.rowCount(), 3);
    ASSERT_EQ(model.columnCount(), SampleListModel::ColumnCount);
    auto text = [&](int row, int column) { return model.index(row, column).data().toString(); };
    EXPECT_EQ(text(0, SampleListModel::NameColumn), QStringLiteral("a"));
    EXPECT_EQ(text(1, SampleListModel::ClassesColumn), QStringLiteral("Blowhole, Crack"));
    EXPECT_EQ(text(2, SampleListModel::ClassesColumn), QStringLiteral("defect-free"));
    EXPECT_EQ(text(1, SampleListModel::SplitColumn), QStringLiteral("test"));
    EXPECT_EQ(text(2, SampleListModel::SizeColumn), QStringLiteral("64 × 48"));
    EXPECT_EQ(model.index(1, 0).data(SampleListModel::SampleIdRole).toLongLong(), 11);
    EXPECT_EQ(model.index(1, 0).data(SampleListModel::ClassBitsRole).toUInt(), 3u);
    EXPECT_EQ(model.index(0, 0).data(Qt::ToolTipRole).toString(), QStringLiteral("/d/a.jpg"));
    EXPECT_EQ(model.rowOfSample(12), 2);
    EXPECT_EQ(model.rowOfSample(99), -1);
}

TEST_F(SampleListModelTest, UpdatesOneSampleInPlace)
{
    SampleListModel model;
    model.setProject(classes(), samples());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    SampleRecord edited = model.sampleAt(2);
    edited.classBits = 0b01;
    edited.maskRevision = 2;
    ASSERT_TRUE(model.updateSample(edited));
    EXPECT_EQ(model.index(2, SampleListModel::ClassesColumn).data().toString(),
              QStringLiteral("Blowhole"));
    ASSERT_EQ(changed.count(), 1);
    EXPECT_EQ(changed.at(0).at(0).toModelIndex().row(), 2);
    EXPECT_EQ(reset.count(), 0);
    edited.id = 99;
    EXPECT_FALSE(model.updateSample(edited));
}

} // namespace dwb
