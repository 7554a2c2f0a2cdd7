#include "dwb/widgets/SampleFilterModel.h"

#include "support/Fixtures.h"
#include "support/TempDir.h"
#include "widgets/WidgetTestSupport.h"

#include "dwb/imaging/ClassMask.h"
#include "dwb/widgets/SampleListModel.h"

#include <QAbstractItemModelTester>

#include <opencv2/imgcodecs.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

namespace dwb {
namespace {

class SampleFilterModelTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { test::ensureApplication(); }

    void SetUp() override
    {
        m_project = test::makeDemoProject(m_dir.path(), 24);
        ASSERT_TRUE(m_project);
        reload();
        m_filter.setSourceModel(&m_model);
    }

    void reload()
    {
        ASSERT_TRUE(m_model.loadProject(*m_project));
        auto samples = m_project->samples();
        ASSERT_TRUE(samples);
        m_samples = std::move(*samples);
    }

    int countSamples(const std::function<bool(const SampleRecord&)>& pass) const
    {
        return static_cast<int>(std::count_if(m_samples.begin(), m_samples.end(), pass));
    }

    // A stored synthetic sample with an image (when `withImage`) and a mask holding `classBit`.
    void addSynthetic(int classBit, bool withImage)
    {
        SyntheticSampleRecord record;
        record.baseSampleId = m_samples.front().id;
        record.classBits = 1u << classBit;
        record.provenance = "{}";
        cv::Mat mask = emptyClassMask({32, 32});
        mask(cv::Rect(4, 4, 8, 8)).setTo(1u << classBit);
        record.maskPng = *encodeClassMaskPng(mask);
        if (withImage) {
            std::vector<uchar> png;
            ASSERT_TRUE(cv::imencode(".png", test::rampImage({32, 32}, 5), png));
            record.imagePng.assign(png.begin(), png.end());
        }
        ASSERT_TRUE(m_project->addSyntheticSample(record));
    }

    test::TempDir m_dir;
    std::unique_ptr<ProjectDb> m_project;
    std::vector<SampleRecord> m_samples;
    SampleListModel m_model;
    SampleFilterModel m_filter;
};

TEST_F(SampleFilterModelTest, ShowsEverySampleWithNoFilter)
{
    QAbstractItemModelTester tester(&m_filter,
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    EXPECT_EQ(m_filter.rowCount(), 24);
    m_filter.setClassFilter(0b010);
    m_filter.setSplitFilter(Split::Train);
    m_filter.resetFilters();
    EXPECT_EQ(m_filter.rowCount(), 24);
}

TEST_F(SampleFilterModelTest, FiltersByAnyOfTheChosenClasses)
{
    const auto classes = m_model.classes();
    ASSERT_EQ(classes.size(), 3u);
    for (const ClassInfo& info : classes) {
        const std::uint32_t bit = 1u << info.bit;
        m_filter.setClassFilter(bit);
        EXPECT_EQ(m_filter.rowCount(),
                  countSamples([&](const SampleRecord& s) { return (s.classBits & bit) != 0; }))
            << info.name;
        EXPECT_GT(m_filter.rowCount(), 0) << info.name;
    }
    m_filter.setClassFilter(0b101);
    EXPECT_EQ(m_filter.rowCount(),
              countSamples([](const SampleRecord& s) { return (s.classBits & 0b101) != 0; }));
}

TEST_F(SampleFilterModelTest, FiltersBySplit)
{
    int total = 0;
    for (Split split : {Split::Train, Split::Validation, Split::Test, Split::Unassigned}) {
        m_filter.setSplitFilter(split);
        const int expected = countSamples([&](const SampleRecord& s) { return s.split == split; });
        EXPECT_EQ(m_filter.rowCount(), expected) << splitName(split);
        total += m_filter.rowCount();
    }
    EXPECT_EQ(total, 24);
    EXPECT_GT(countSamples([](const SampleRecord& s) { return s.split == Split::Train; }), 0);
    m_filter.setSplitFilter(std::nullopt);
    EXPECT_EQ(m_filter.rowCount(), 24);
}

TEST_F(SampleFilterModelTest, FiltersDefectiveAndDefectFree)
{
    const int defective = countSamples([](const SampleRecord& s) { return s.classBits != 0; });
    ASSERT_GT(defective, 0);
    ASSERT_LT(defective, 24);
    m_filter.setDefectFilter(SampleFilterModel::DefectFilter::Defective);
    EXPECT_EQ(m_filter.rowCount(), defective);
    EXPECT_EQ(m_filter.defectFreeCount(), 0);
    m_filter.setDefectFilter(SampleFilterModel::DefectFilter::DefectFree);
    EXPECT_EQ(m_filter.rowCount(), 24 - defective);
    EXPECT_EQ(m_filter.defectFreeCount(), 24 - defective);
}

TEST_F(SampleFilterModelTest, FiltersSamplesWhoseMaskWasEdited)
{
    m_filter.setEditedOnly(true);
    EXPECT_EQ(m_filter.rowCount(), 0);
    const SampleRecord& edited = m_samples[3];
    auto mask = m_project->mask(edited.id);
    ASSERT_TRUE(mask);
    mask->at<std::uint16_t>(0, 0) = 1;
    ASSERT_TRUE(m_project->addMaskRevision(edited.id, *mask, "touch-up"));
    reload();
    EXPECT_EQ(m_filter.rowCount(), 1);
    EXPECT_EQ(m_filter.rowCount(),
              countSamples([](const SampleRecord& s) { return s.maskRevision > 1; }));
    EXPECT_EQ(m_filter.index(0, 0).data(SampleListModel::SampleIdRole).toLongLong(), edited.id);
}

TEST_F(SampleFilterModelTest, SeparatesSyntheticFromRealSamples)
{
    addSynthetic(1, true);
    addSynthetic(2, false); // no image: not shown
    reload();
    EXPECT_EQ(m_model.rowCount(), 25);
    ASSERT_EQ(m_model.syntheticSampleCount(), 1);

    m_filter.setOriginFilter(SampleFilterModel::OriginFilter::Synthetic);
    ASSERT_EQ(m_filter.rowCount(), 1);
    const QModelIndex synthetic = m_filter.index(0, SampleListModel::NameColumn);
    EXPECT_TRUE(synthetic.data(SampleListModel::IsSyntheticRole).toBool());
    const qint64 id = synthetic.data(SampleListModel::SyntheticIdRole).toLongLong();
    EXPECT_EQ(synthetic.data().toString(), QStringLiteral("synthetic #%1").arg(id));
    EXPECT_EQ(synthetic.data(SampleListModel::ClassBitsRole).toUInt(), 0b010u);
    EXPECT_FALSE(synthetic.data(SampleListModel::SplitRole).isValid());
    EXPECT_EQ(synthetic.data(SampleListModel::ImageSizeRole).toSize(), QSize(32, 32));
    EXPECT_FALSE(synthetic.data(SampleListModel::ImagePngRole).toByteArray().isEmpty());

    m_filter.setOriginFilter(SampleFilterModel::OriginFilter::Real);
    EXPECT_EQ(m_filter.rowCount(), 24);
    m_filter.setOriginFilter(SampleFilterModel::OriginFilter::All);
    EXPECT_EQ(m_filter.rowCount(), 25);
    // Synthetic samples belong to no split.
    m_filter.setSplitFilter(Split::Unassigned);
    EXPECT_EQ(m_filter.rowCount(),
              countSamples([](const SampleRecord& s) { return s.split == Split::Unassigned; }));
}

TEST_F(SampleFilterModelTest, FiltersByNameCaseInsensitively)
{
    m_filter.setNameFilter(QStringLiteral("DEMO_01"));
    const int expected = countSamples(
        [](const SampleRecord& s) { return s.name.find("demo_01") != std::string::npos; });
    ASSERT_GT(expected, 0);
    EXPECT_EQ(m_filter.rowCount(), expected);
}

TEST_F(SampleFilterModelTest, CombinesFilters)
{
    m_filter.setSplitFilter(Split::Train);
    m_filter.setDefectFilter(SampleFilterModel::DefectFilter::Defective);
    EXPECT_EQ(m_filter.rowCount(), countSamples([](const SampleRecord& s) {
                  return s.split == Split::Train && s.classBits != 0;
              }));
}

TEST_F(SampleFilterModelTest, CountsClassesOverTheFilteredRows)
{
    m_filter.setSplitFilter(Split::Train);
    const std::vector<int> counts = m_filter.classCounts();
    ASSERT_EQ(counts.size(), static_cast<std::size_t>(SampleFilterModel::kClassBitCount));
    for (int bit = 0; bit < SampleFilterModel::kClassBitCount; ++bit)
        EXPECT_EQ(counts[static_cast<std::size_t>(bit)], countSamples([&](const SampleRecord& s) {
                      return s.split == Split::Train && (s.classBits & (1u << bit));
                  }))
            << "bit " << bit;
    EXPECT_EQ(m_filter.defectFreeCount(), countSamples([](const SampleRecord& s) {
                  return s.split == Split::Train && s.classBits == 0;
              }));
}

TEST_F(SampleFilterModelTest, SortsByAnyColumn)
{
    m_filter.sort(SampleListModel::NameColumn, Qt::DescendingOrder);
    const auto last =
        std::max_element(m_samples.begin(), m_samples.end(),
                         [](const auto& a, const auto& b) { return a.name < b.name; });
    EXPECT_EQ(m_filter.index(0, 0).data().toString(), QString::fromStdString(last->name));

    // The edited sample has the highest revision.
    auto mask = m_project->mask(m_samples[5].id);
    ASSERT_TRUE(mask);
    ASSERT_TRUE(m_project->addMaskRevision(m_samples[5].id, *mask, "again"));
    reload();
    m_filter.sort(SampleListModel::RevisionColumn, Qt::DescendingOrder);
    EXPECT_EQ(m_filter.index(0, 0).data(SampleListModel::SampleIdRole).toLongLong(),
              m_samples[5].id);
    m_filter.sort(SampleListModel::RevisionColumn, Qt::AscendingOrder);
    EXPECT_EQ(m_filter.index(23, 0).data(SampleListModel::SampleIdRole).toLongLong(),
              m_samples[5].id);
}

TEST_F(SampleFilterModelTest, SortsNamesNumerically)
{
    std::vector<ClassInfo> classes;
    std::vector<SampleRecord> rows(3);
    rows[0].id = 1;
    rows[0].name = "tile_10";
    rows[1].id = 2;
    rows[1].name = "tile_9";
    rows[2].id = 3;
    rows[2].name = "Tile_100";
    m_model.setProject(classes, rows);
    m_filter.sort(SampleListModel::NameColumn, Qt::AscendingOrder);
    EXPECT_EQ(m_filter.index(0, 0).data().toString(), QStringLiteral("tile_9"));
    EXPECT_EQ(m_filter.index(1, 0).data().toString(), QStringLiteral("tile_10"));
    EXPECT_EQ(m_filter.index(2, 0).data().toString(), QStringLiteral("Tile_100"));
}

// Flagged samples could be set Ambiguous in the editor but not found again: the model now reads
// the flags, shows them (tooltip, colour) and filters on them, also after a change in place.
TEST_F(SampleFilterModelTest, FindsTheSamplesFlaggedAmbiguous)
{
    const SampleRecord& flagged = m_samples.at(3);
    ASSERT_TRUE(m_project->setAmbiguous(flagged.id, true, "scratch or fibre?"));
    reload();
    m_filter.setAmbiguousOnly(true);
    ASSERT_EQ(m_filter.rowCount(), 1);
    const QModelIndex shown = m_filter.index(0, SampleListModel::NameColumn);
    EXPECT_EQ(shown.data(SampleListModel::SampleIdRole).toLongLong(), flagged.id);
    EXPECT_TRUE(shown.data(SampleListModel::AmbiguousRole).toBool());
    EXPECT_TRUE(
        shown.data(Qt::ToolTipRole).toString().contains(QStringLiteral("scratch or fibre?")));
    EXPECT_TRUE(shown.data(Qt::ForegroundRole).isValid());

    // A flag set later (by the editor) joins the filtered rows at once; a cleared one leaves.
    const SampleRecord& other = m_samples.at(5);
    ASSERT_TRUE(m_model.setAmbiguous(other.id, true));
    EXPECT_EQ(m_filter.rowCount(), 2);
    ASSERT_TRUE(m_model.setAmbiguous(flagged.id, false));
    EXPECT_EQ(m_filter.rowCount(), 1);
    EXPECT_FALSE(m_model.setAmbiguous(999'999, true)) << "not in the model";
    m_filter.setAmbiguousOnly(false);
    EXPECT_EQ(m_filter.rowCount(), m_model.rowCount());
}

} // namespace
} // namespace dwb
