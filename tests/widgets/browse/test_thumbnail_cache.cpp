#include "dwb/widgets/ThumbnailCache.h"

#include "support/Fixtures.h"
#include "support/TempDir.h"
#include "widgets/WidgetTestSupport.h"

#include "dwb/imaging/ClassMask.h"
#include "dwb/widgets/SampleFilterModel.h"
#include "dwb/widgets/SampleListModel.h"
#include "dwb/widgets/ThumbnailGrid.h"

#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

#include <opencv2/imgcodecs.hpp>

#include <gtest/gtest.h>

namespace dwb {
namespace {

constexpr int kWaitMs = 20000;

// Whether any pixel of an ARGB overlay is drawn.
bool anyOpaque(const QImage& overlay)
{
    for (int y = 0; y < overlay.height(); ++y)
        for (int x = 0; x < overlay.width(); ++x)
            if (qAlpha(overlay.pixel(x, y)) > 0)
                return true;
    return false;
}

class ThumbnailCacheTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { test::ensureApplication(); }

    void SetUp() override
    {
        m_project = test::makeDemoProject(m_dir.path(), 24);
        ASSERT_TRUE(m_project);
        ASSERT_TRUE(m_model.loadProject(*m_project));
    }

    QString projectPath() const { return QString::fromStdString(m_project->path().string()); }

    // The first row whose sample holds a class.
    QModelIndex defectiveRow() const
    {
        for (int row = 0; row < m_model.realSampleCount(); ++row)
            if (m_model.sampleAt(row).maskBits != 0)
                return m_model.index(row, 0);
        return {};
    }

    test::TempDir m_dir;
    std::unique_ptr<ProjectDb> m_project;
    SampleListModel m_model;
};

TEST_F(ThumbnailCacheTest, DecodesOffTheGuiThreadThenServesFromTheCache)
{
    ThumbnailCache cache;
    cache.setProject(projectPath(), m_model.classes());
    const QModelIndex index = defectiveRow();
    ASSERT_TRUE(index.isValid());
    const qint64 key = ThumbnailCache::keyOf(index);
    EXPECT_EQ(key, m_model.sampleAt(index.row()).id);

    QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
    EXPECT_FALSE(cache.thumbnail(index).has_value());
    EXPECT_FALSE(cache.thumbnail(index).has_value()); // asked twice, decoded once
    ASSERT_TRUE(ready.wait(kWaitMs));
    ASSERT_EQ(ready.count(), 1);
    EXPECT_EQ(ready.at(0).at(0).toLongLong(), key);

    const auto thumbnail = cache.thumbnail(index);
    ASSERT_TRUE(thumbnail.has_value());
    EXPECT_FALSE(thumbnail->failed);
    ASSERT_FALSE(thumbnail->image.isNull());
    EXPECT_EQ(thumbnail->image.size(), QSize(128, 128)); // the 64 x 64 demo image, fitted
    ASSERT_EQ(thumbnail->overlay.size(), thumbnail->image.size());
    EXPECT_TRUE(anyOpaque(thumbnail->overlay));
    EXPECT_EQ(cache.decodedCount(), 1);
    EXPECT_EQ(cache.queuedCount(), 0);
    EXPECT_EQ(cache.runningCount(), 0);
    QTest::qWait(50);
    EXPECT_EQ(ready.count(), 1);
}

TEST_F(ThumbnailCacheTest, DecodesSyntheticSamplesFromTheirPngs)
{
    SyntheticSampleRecord record;
    record.baseSampleId = m_model.sampleAt(0).id;
    record.classBits = 0b001;
    record.provenance = "{}";
    cv::Mat mask = emptyClassMask({40, 20});
    mask(cv::Rect(0, 0, 10, 10)).setTo(1);
    record.maskPng = *encodeClassMaskPng(mask);
    std::vector<uchar> png;
    ASSERT_TRUE(cv::imencode(".png", test::rampImage({40, 20}, 3), png));
    record.imagePng.assign(png.begin(), png.end());
    ASSERT_TRUE(m_project->addSyntheticSample(record));
    ASSERT_TRUE(m_model.loadProject(*m_project));
    const QModelIndex index = m_model.index(m_model.rowCount() - 1, 0);
    ASSERT_TRUE(index.data(SampleListModel::IsSyntheticRole).toBool());

    ThumbnailCache cache;
    cache.setProject(projectPath(), m_model.classes());
    QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
    EXPECT_FALSE(cache.thumbnail(index).has_value());
    ASSERT_TRUE(ready.wait(kWaitMs));
    EXPECT_LT(ready.at(0).at(0).toLongLong(), 0);
    const auto thumbnail = cache.thumbnail(index);
    ASSERT_TRUE(thumbnail.has_value());
    EXPECT_EQ(thumbnail->image.size(), QSize(128, 64));
    EXPECT_TRUE(anyOpaque(thumbnail->overlay));
    EXPECT_EQ(qAlpha(thumbnail->overlay.pixel(127, 63)), 0);
}

TEST_F(ThumbnailCacheTest, MarksUnreadableImagesAsFailed)
{
    std::filesystem::remove(m_model.sampleAt(0).imagePath);
    ThumbnailCache cache;
    cache.setProject(projectPath(), m_model.classes());
    QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
    cache.thumbnail(m_model.index(0, 0));
    ASSERT_TRUE(ready.wait(kWaitMs));
    const auto thumbnail = cache.thumbnail(m_model.index(0, 0));
    ASSERT_TRUE(thumbnail.has_value());
    EXPECT_TRUE(thumbnail->failed);
    EXPECT_TRUE(thumbnail->image.isNull());
}

TEST_F(ThumbnailCacheTest, DropsQueuedRequestsAndInvalidatedSamples)
{
    ThumbnailCache cache;
    cache.setProject(projectPath(), m_model.classes());
    for (int row = 0; row < m_model.rowCount(); ++row)
        cache.thumbnail(m_model.index(row, 0));
    EXPECT_EQ(cache.queuedCount() + cache.runningCount(), m_model.rowCount());
    EXPECT_GT(cache.queuedCount(), 0);
    cache.dropQueued();
    EXPECT_EQ(cache.queuedCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(cache.runningCount(), 0, kWaitMs);
    EXPECT_LT(cache.decodedCount(), m_model.rowCount());

    const QModelIndex first = m_model.index(0, 0);
    QSignalSpy ready(&cache, &ThumbnailCache::thumbnailReady);
    if (!cache.thumbnail(first)) {
        ASSERT_TRUE(ready.wait(kWaitMs));
    }
    ASSERT_TRUE(cache.thumbnail(first).has_value());
    cache.invalidateSample(ThumbnailCache::keyOf(first));
    EXPECT_FALSE(cache.cached(ThumbnailCache::keyOf(first)).has_value());
}

TEST_F(ThumbnailCacheTest, GridRequestsOnlyVisibleItemsAndReportsActivation)
{
    SampleFilterModel filter;
    filter.setSourceModel(&m_model);
    ThumbnailGrid grid;
    grid.setModel(&filter);
    grid.thumbnailCache()->setProject(projectPath(), m_model.classes());
    grid.resize(320, 200);
    grid.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&grid));
    ThumbnailCache* cache = grid.thumbnailCache();
    QTRY_VERIFY_WITH_TIMEOUT(cache->decodedCount() > 0 && cache->queuedCount() == 0 &&
                                 cache->runningCount() == 0,
                             kWaitMs);
    // A 320 x 200 view shows a handful of the 24 thumbnails.
    EXPECT_LT(cache->decodedCount(), 12);

    QSignalSpy activated(&grid, &ThumbnailGrid::sampleActivated);
    const QModelIndex second = filter.index(1, 0);
    grid.setCurrentIndex(second);
    QTest::keyClick(&grid, Qt::Key_Return);
    ASSERT_EQ(activated.count(), 1);
    EXPECT_EQ(activated.at(0).at(0).toLongLong(),
              second.data(SampleListModel::SampleIdRole).toLongLong());
}

TEST_F(ThumbnailCacheTest, ScrollingThroughTenThousandRowsKeepsOnlyVisibleRequests)
{
    std::vector<SampleRecord> rows(10000);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i] = m_model.sampleAt(0);
        rows[i].id = static_cast<std::int64_t>(i) + 1;
        rows[i].name = "sample_" + std::to_string(i);
    }
    SampleListModel many;
    many.setProject(m_model.classes(), rows);
    ThumbnailGrid grid;
    grid.setModel(&many);
    grid.resize(420, 300);
    grid.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&grid));
    QScrollBar* bar = grid.verticalScrollBar();
    QTRY_VERIFY_WITH_TIMEOUT(bar->maximum() > 100 * grid.gridSize().height(), kWaitMs);

    const QSize cell = grid.gridSize();
    const QSize view = grid.viewport()->size();
    const int visible = qMax(1, view.width() / cell.width()) * (view.height() / cell.height() + 2);
    ThumbnailCache* cache = grid.thumbnailCache();
    int mostQueued = 0;
    for (int step = 0; step <= 40; ++step) {
        bar->setValue(bar->maximum() * step / 40);
        QCoreApplication::processEvents();
        mostQueued = qMax(mostQueued, cache->queuedCount());
    }
    EXPECT_GT(mostQueued, 0);
    EXPECT_LE(mostQueued, visible);
    QTRY_VERIFY_WITH_TIMEOUT(cache->queuedCount() == 0 && cache->runningCount() == 0, kWaitMs);
    // What was decoded is what was on screen on the way down, not the whole project.
    EXPECT_LT(cache->decodedCount(), 41 * visible);
    EXPECT_TRUE(
        cache->cached(ThumbnailCache::keyOf(grid.indexAt({cell.width() / 2, 10}))).has_value());
}

} // namespace
} // namespace dwb
