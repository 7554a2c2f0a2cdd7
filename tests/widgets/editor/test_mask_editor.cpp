// size: one suite over shared fixtures; each test reads best top to bottom, as a scenario.

#include "dwb/widgets/MaskEditor.h"

#include "dwb/imaging/MaskEditing.h"
#include "dwb/widgets/MaskDocument.h"
#include "dwb/widgets/MaskHistoryPanel.h"

#include "support/Fixtures.h"
#include "support/TempDir.h"
#include "widgets/WidgetTestSupport.h"

#include <QAction>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include <gtest/gtest.h>

#include <cstring>

namespace dwb {
namespace {

// A copy of a Format_Grayscale16 class mask as a CV_16UC1 matrix.
cv::Mat toMat(const QImage& mask)
{
    return cv::Mat(mask.height(), mask.width(), CV_16UC1, const_cast<uchar*>(mask.constBits()),
                   static_cast<std::size_t>(mask.bytesPerLine()))
        .clone();
}

// The mask with `bit` set on a core region, as the editor should produce it.
QImage withRegion(const QImage& mask, const MaskRegion& region, int bit, bool erase = false)
{
    cv::Mat values = toMat(mask);
    paintRegion(values, region, bit, erase);
    QImage result(mask.size(), QImage::Format_Grayscale16);
    for (int y = 0; y < values.rows; ++y)
        std::memcpy(result.scanLine(y), values.ptr(y), static_cast<std::size_t>(values.cols) * 2);
    return result;
}

} // namespace

class MaskEditorTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { test::ensureApplication(); }

    void SetUp() override
    {
        m_project = test::makeDemoProject(m_dir.path(), 16); // 4 of them defect-free
        ASSERT_TRUE(m_project);
        auto samples = m_project->samples();
        ASSERT_TRUE(samples);
        m_samples = std::move(*samples);
        m_editor.setUnsavedChangesPolicy(MaskEditor::UnsavedChangesPolicy::Discard);
        m_editor.setProject(m_project.get());
        m_editor.resize(900, 700);
        m_editor.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&m_editor));
    }

    // A sample with some defect pixels (so that "restored exactly" means something), or one
    // without any.
    qint64 sampleWithDefects(bool defects) const
    {
        for (const SampleRecord& sample : m_samples)
            if ((sample.maskBits != 0) == defects)
                return sample.id;
        return 0;
    }

    // Opens a sample at 8 screen pixels per image pixel, so that pixel centres map exactly.
    void open(qint64 sampleId)
    {
        ASSERT_NE(sampleId, 0);
        ASSERT_TRUE(m_editor.openSample(sampleId));
        m_editor.canvas()->setZoom(8);
        m_editor.canvas()->centerOn(QPointF(32, 32));
    }

    QPoint at(QPoint pixel) const
    {
        return m_editor.canvas()->mapFromImage(QPointF(pixel.x() + 0.5, pixel.y() + 0.5));
    }

    QWidget* viewport() const { return m_editor.canvas()->viewport(); }

    void drag(const std::vector<QPoint>& pixels, Qt::MouseButton button = Qt::LeftButton)
    {
        QTest::mousePress(viewport(), button, {}, at(pixels.front()));
        for (std::size_t i = 1; i < pixels.size(); ++i)
            QTest::mouseMove(viewport(), at(pixels[i]));
        QTest::mouseRelease(viewport(), button, {}, at(pixels.back()));
    }

    void click(QPoint pixel, Qt::MouseButton button = Qt::LeftButton)
    {
        QTest::mouseClick(viewport(), button, {}, at(pixel));
    }

    // Key presses go through the window's shortcut map, which wants an active window.
    void activate()
    {
        m_editor.activateWindow();
        ASSERT_TRUE(QTest::qWaitForWindowActive(&m_editor));
        m_editor.canvas()->setFocus();
    }

    test::TempDir m_dir;
    std::unique_ptr<ProjectDb> m_project;
    std::vector<SampleRecord> m_samples;
    MaskEditor m_editor;
};

TEST_F(MaskEditorTest, BrushStrokeIsOneUndoableCommand)
{
    ASSERT_NO_FATAL_FAILURE(open(sampleWithDefects(true)));
    const QImage original = m_editor.mask();
    ASSERT_FALSE(original.isNull());
    ASSERT_TRUE(m_editor.setCurrentClass(1));
    m_editor.setTool(ImageCanvas::Tool::Brush);
    m_editor.setBrushDiameter(3);
    QSignalSpy modified(&m_editor, &MaskEditor::modifiedChanged);

    const std::vector<QPoint> path = {{5, 10}, {10, 10}, {15, 10}, {20, 14}};
    drag(path);

    EXPECT_EQ(m_editor.undoStack()->count(), 1) << "press to release is one command";
    const MaskRegion region =
        strokeRegion(std::vector<cv::Point>{{5, 10}, {10, 10}, {15, 10}, {20, 14}}, 3, {64, 64});
    const QImage painted = withRegion(original, region, 1);
    EXPECT_EQ(m_editor.mask(), painted);
    for (const QPoint& pixel : path)
        EXPECT_TRUE(m_editor.canvas()->document()->value(pixel) & (1u << 1));
    EXPECT_TRUE(m_editor.isModified());
    ASSERT_EQ(modified.count(), 1);
    EXPECT_TRUE(modified.at(0).at(0).toBool());

    m_editor.undoStack()->undo();
    EXPECT_EQ(m_editor.mask(), original) << "undo restores every pixel";
    EXPECT_FALSE(m_editor.isModified());
    m_editor.undoStack()->redo();
    EXPECT_EQ(m_editor.mask(), painted);
}

TEST_F(MaskEditorTest, EraserAndRightButtonClearTheClassBit)
{
    ASSERT_NO_FATAL_FAILURE(open(sampleWithDefects(false)));
    const QImage original = m_editor.mask();
    ASSERT_TRUE(m_editor.setCurrentClass(0));
    m_editor.setBrushDiameter(5);
    drag({{10, 10}, {30, 10}});
    m_editor.setTool(ImageCanvas::Tool::Eraser);
    drag({{20, 5}, {20, 15}});
    m_editor.setTool(ImageCanvas::Tool::Brush);
    drag({{12, 5}, {12, 15}}, Qt::RightButton);
    EXPECT_EQ(m_editor.undoStack()->count(), 3);

    QImage expected = withRegion(
        original, strokeRegion(std::vector<cv::Point>{{10, 10}, {30, 10}}, 5, {64, 64}), 0);
    expected = withRegion(
        expected, strokeRegion(std::vector<cv::Point>{{20, 5}, {20, 15}}, 5, {64, 64}), 0, true);
    expected = withRegion(
        expected, strokeRegion(std::vector<cv::Point>{{12, 5}, {12, 15}}, 5, {64, 64}), 0, true);
    EXPECT_EQ(m_editor.mask(), expected);
    EXPECT_EQ(m_editor.canvas()->document()->value({20, 10}), 0);
    EXPECT_EQ(m_editor.canvas()->document()->value({25, 10}), 1u << 0);
}

TEST_F(MaskEditorTest, FillPaintsTheConnectedAreaAndRightClickErasesIt)
{
    ASSERT_NO_FATAL_FAILURE(open(sampleWithDefects(false)));
    const QImage original = m_editor.mask();
    ASSERT_TRUE(m_editor.setCurrentClass(2));
    m_editor.setTool(ImageCanvas::Tool::Fill);

    click({3, 3});
    ASSERT_EQ(m_editor.undoStack()->count(), 1);
    // No class-2 pixel anywhere: the fill reaches the whole image.
    QImage everywhere = original;
    for (int y = 0; y < everywhere.height(); ++y)
        for (int x = 0; x < everywhere.width(); ++x)
            reinterpret_cast<quint16*>(everywhere.scanLine(y))[x] |= 1u << 2;
    EXPECT_EQ(m_editor.mask(), everywhere);
    const QImage& overlay = m_editor.canvas()->overlay();
    EXPECT_EQ(qAlpha(overlay.pixel(0, 0)), m_editor.canvas()->overlayOpacity());
    EXPECT_EQ(qAlpha(overlay.pixel(63, 63)), m_editor.canvas()->overlayOpacity());

    click({40, 50}, Qt::RightButton);
    EXPECT_EQ(m_editor.undoStack()->count(), 2);
    EXPECT_EQ(m_editor.mask(), original);
    EXPECT_EQ(qAlpha(m_editor.canvas()->overlay().pixel(40, 50)), 0);
}

TEST_F(MaskEditorTest, PolygonClosesOnItsFirstCornerAndEscCancels)
{
    ASSERT_NO_FATAL_FAILURE(open(sampleWithDefects(true)));
    const QImage original = m_editor.mask();
    ASSERT_TRUE(m_editor.setCurrentClass(2));
    m_editor.setTool(ImageCanvas::Tool::Polygon);

    click({4, 4});
    click({12, 4});
    QTest::keyClick(m_editor.canvas(), Qt::Key_Escape);
    EXPECT_TRUE(m_editor.canvas()->pendingPolygon().isEmpty());
    EXPECT_EQ(m_editor.undoStack()->count(), 0);

    for (const QPoint& corner : {QPoint(4, 4), QPoint(12, 4), QPoint(12, 12), QPoint(4, 12)})
        click(corner);
    EXPECT_EQ(m_editor.canvas()->pendingPolygon().size(), 4);
    click({4, 4});
    EXPECT_TRUE(m_editor.canvas()->pendingPolygon().isEmpty());
    ASSERT_EQ(m_editor.undoStack()->count(), 1);
    const MaskRegion square =
        polygonRegion(std::vector<cv::Point>{{4, 4}, {12, 4}, {12, 12}, {4, 12}}, {64, 64});
    ASSERT_EQ(square.area(), 81);
    EXPECT_EQ(m_editor.mask(), withRegion(original, square, 2));

    // Enter closes too.
    for (const QPoint& corner : {QPoint(30, 30), QPoint(40, 30), QPoint(35, 40)})
        click(corner);
    QTest::keyClick(m_editor.canvas(), Qt::Key_Return);
    EXPECT_EQ(m_editor.undoStack()->count(), 2);
    EXPECT_TRUE(m_editor.canvas()->document()->value({35, 35}) & (1u << 2));
}

TEST_F(MaskEditorTest, SaveAppendsARevisionThatAReopenedProjectFinds)
{
    const qint64 id = sampleWithDefects(true);
    ASSERT_NO_FATAL_FAILURE(open(id));
    const QImage original = m_editor.mask();
    ASSERT_TRUE(m_editor.setCurrentClass(0));
    drag({{8, 40}, {50, 44}});
    const QImage edited = m_editor.mask();
    QSignalSpy saved(&m_editor, &MaskEditor::sampleSaved);

    ASSERT_TRUE(m_editor.save());
    EXPECT_FALSE(m_editor.isModified());
    ASSERT_EQ(saved.count(), 1);
    EXPECT_EQ(saved.at(0).at(0).toLongLong(), id);
    EXPECT_EQ(saved.at(0).at(1).toInt(), 2);
    auto revisions = m_project->maskRevisions(id);
    ASSERT_TRUE(revisions);
    ASSERT_EQ(revisions->size(), 2u);
    EXPECT_EQ(revisions->back().revision, 2);
    EXPECT_EQ(m_editor.history()->revisions(), (std::vector<int>{2, 1})) << "newest first";

    auto reopened = ProjectDb::open(m_project->path());
    ASSERT_TRUE(reopened) << reopened.error().message;
    auto stored = reopened->mask(id);
    ASSERT_TRUE(stored);
    EXPECT_TRUE(test::sameMat(*stored, toMat(edited)));
    auto first = reopened->mask(id, 1);
    ASSERT_TRUE(first);
    EXPECT_TRUE(test::sameMat(*first, toMat(original))) << "revision 1 is kept";

    // Reverting is an undoable edit that the next save writes as the newest revision.
    ASSERT_TRUE(m_editor.revertToRevision(1));
    EXPECT_EQ(m_editor.mask(), original);
    EXPECT_TRUE(m_editor.isModified());
    m_editor.undoStack()->undo();
    EXPECT_EQ(m_editor.mask(), edited);
    m_editor.undoStack()->redo();
    ASSERT_TRUE(m_editor.save());
    auto third = ProjectDb::open(m_project->path())->mask(id);
    ASSERT_TRUE(third);
    EXPECT_TRUE(test::sameMat(*third, toMat(original)));
    EXPECT_EQ(m_project->maskRevisions(id)->size(), 3u);
}

TEST_F(MaskEditorTest, MaybeSaveFollowsThePolicy)
{
    const qint64 id = sampleWithDefects(false);
    ASSERT_NO_FATAL_FAILURE(open(id));
    EXPECT_TRUE(m_editor.maybeSave()) << "nothing to save";
    drag({{5, 5}, {9, 9}});
    ASSERT_TRUE(m_editor.isModified());

    m_editor.setUnsavedChangesPolicy(MaskEditor::UnsavedChangesPolicy::Discard);
    EXPECT_TRUE(m_editor.maybeSave());
    EXPECT_EQ(m_project->maskRevisions(id)->size(), 1u);

    m_editor.setUnsavedChangesPolicy(MaskEditor::UnsavedChangesPolicy::Save);
    EXPECT_TRUE(m_editor.maybeSave());
    EXPECT_EQ(m_project->maskRevisions(id)->size(), 2u);
    EXPECT_FALSE(m_editor.isModified());

    // Opening another sample drops the stack of the first.
    drag({{20, 20}, {25, 25}});
    m_editor.setUnsavedChangesPolicy(MaskEditor::UnsavedChangesPolicy::Discard);
    ASSERT_TRUE(m_editor.openSample(sampleWithDefects(true)));
    EXPECT_EQ(m_editor.undoStack()->count(), 0);
    EXPECT_EQ(m_project->maskRevisions(id)->size(), 2u);
}

TEST_F(MaskEditorTest, UndoLimitBoundsTheStack)
{
    m_editor.setUndoLimit(2);
    ASSERT_NO_FATAL_FAILURE(open(sampleWithDefects(false)));
    m_editor.setTool(ImageCanvas::Tool::Fill);
    click({1, 1});
    click({1, 1}, Qt::RightButton);
    click({1, 1});
    EXPECT_EQ(m_editor.undoStack()->count(), 2);
}

TEST_F(MaskEditorTest, KeysSwitchToolsSizeClassAndSample)
{
    ASSERT_NO_FATAL_FAILURE(open(sampleWithDefects(true)));
    activate();
    QWidget* canvas = m_editor.canvas();
    const std::pair<Qt::Key, ImageCanvas::Tool> tools[] = {
        {Qt::Key_E, ImageCanvas::Tool::Eraser},
        {Qt::Key_F, ImageCanvas::Tool::Fill},
        {Qt::Key_P, ImageCanvas::Tool::Polygon},
        {Qt::Key_B, ImageCanvas::Tool::Brush},
    };
    for (const auto& [key, tool] : tools) {
        QTest::keyClick(canvas, key);
        EXPECT_EQ(m_editor.canvas()->tool(), tool);
        EXPECT_TRUE(m_editor.toolAction(tool)->isChecked());
    }

    m_editor.setBrushDiameter(5);
    QTest::keyClick(canvas, Qt::Key_BracketRight);
    EXPECT_EQ(m_editor.brushDiameter(), 6);
    EXPECT_EQ(m_editor.canvas()->brushDiameter(), 6);
    QTest::keyClick(canvas, Qt::Key_BracketLeft);
    QTest::keyClick(canvas, Qt::Key_BracketLeft);
    EXPECT_EQ(m_editor.brushDiameter(), 4);
    m_editor.setBrushDiameter(40);
    QTest::keyClick(canvas, Qt::Key_BracketRight);
    EXPECT_EQ(m_editor.brushDiameter(), 44) << "steps of a tenth for large brushes";

    QTest::keyClick(canvas, Qt::Key_2);
    EXPECT_EQ(m_editor.currentClass(), 1);
    QTest::keyClick(canvas, Qt::Key_9);
    EXPECT_EQ(m_editor.currentClass(), 1) << "no ninth class";

    QSignalSpy previous(&m_editor, &MaskEditor::previousSampleRequested);
    QSignalSpy next(&m_editor, &MaskEditor::nextSampleRequested);
    QTest::keyClick(canvas, Qt::Key_PageDown);
    QTest::keyClick(canvas, Qt::Key_Right, Qt::AltModifier);
    QTest::keyClick(canvas, Qt::Key_PageUp);
    EXPECT_EQ(next.count(), 2);
    EXPECT_EQ(previous.count(), 1);

    const QImage original = m_editor.mask();
    m_editor.setBrushDiameter(3);
    drag({{10, 10}, {20, 20}});
    ASSERT_NE(m_editor.mask(), original);
    QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier);
    EXPECT_EQ(m_editor.mask(), original);
    QTest::keyClick(canvas, Qt::Key_Y, Qt::ControlModifier);
    EXPECT_NE(m_editor.mask(), original);
    QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier);
    QTest::keyClick(canvas, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    EXPECT_NE(m_editor.mask(), original);
    QTest::keyClick(canvas, Qt::Key_S, Qt::ControlModifier);
    EXPECT_FALSE(m_editor.isModified());
}

TEST_F(MaskEditorTest, WheelZoomsAboutTheCursor)
{
    ASSERT_NO_FATAL_FAILURE(open(sampleWithDefects(true)));
    ImageCanvas* canvas = m_editor.canvas();
    canvas->setZoom(16); // larger than the view, so that it scrolls
    const QPoint cursor = at({20, 30});
    const QPointF before = canvas->mapToImage(cursor);
    QWheelEvent wheel(cursor, canvas->viewport()->mapToGlobal(cursor), {}, {0, 120}, Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(canvas->viewport(), &wheel);
    EXPECT_DOUBLE_EQ(canvas->zoom(), 20);
    const QPointF after = canvas->mapToImage(cursor);
    EXPECT_NEAR(after.x(), before.x(), 0.5);
    EXPECT_NEAR(after.y(), before.y(), 0.5);
    canvas->setZoom(1000);
    EXPECT_DOUBLE_EQ(canvas->zoom(), ImageCanvas::kMaxZoom);
    canvas->zoomToActualSize();
    EXPECT_DOUBLE_EQ(canvas->zoom(), 1);
}

// The editor says which sample it edits, and each sample opens fitted to the view: a zoom left
// on one sample used to carry over to the next of the same size.
TEST_F(MaskEditorTest, NamesTheSampleAndFitsEachOneItOpens)
{
    ASSERT_GE(m_samples.size(), 2u);
    const SampleRecord& first = m_samples[0];
    const SampleRecord& second = m_samples[1];
    ASSERT_EQ(first.width, second.width);
    ASSERT_TRUE(m_editor.openSample(first.id));
    EXPECT_EQ(m_editor.sampleName(), QString::fromStdString(first.name));
    EXPECT_TRUE(m_editor.sampleCaption().contains(QString::fromStdString(first.name)));
    const double fitted = m_editor.canvas()->zoom();
    m_editor.canvas()->setZoom(fitted * 4);
    ASSERT_TRUE(m_editor.openSample(second.id));
    EXPECT_EQ(m_editor.sampleName(), QString::fromStdString(second.name));
    EXPECT_DOUBLE_EQ(m_editor.canvas()->zoom(), fitted);
    EXPECT_EQ(m_editor.saveAction()->isEnabled(), false) << "nothing to save yet";

    m_editor.setProject(nullptr);
    EXPECT_TRUE(m_editor.sampleName().isEmpty());
    EXPECT_TRUE(m_editor.sampleCaption().isEmpty());
}

} // namespace dwb
