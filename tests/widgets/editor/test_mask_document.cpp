#include "dwb/widgets/MaskDocument.h"

#include "dwb/widgets/ClassOverlay.h"
#include "dwb/widgets/MaskEditCommand.h"

#include "widgets/WidgetTestSupport.h"

#include <QSignalSpy>
#include <QUndoStack>

#include <gtest/gtest.h>

namespace dwb {
namespace {

QImage blankMask(int width, int height)
{
    QImage mask(width, height, QImage::Format_Grayscale16);
    mask.fill(0);
    return mask;
}

int pixelsWithBit(const MaskDocument& document, int bit)
{
    int count = 0;
    for (int y = 0; y < document.size().height(); ++y)
        for (int x = 0; x < document.size().width(); ++x)
            count += (document.value({x, y}) >> bit) & 1;
    return count;
}

} // namespace

class MaskDocumentTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { test::ensureApplication(); }
};

TEST_F(MaskDocumentTest, AStrokeIsOneCommandOverTheRectItPainted)
{
    MaskDocument document;
    document.setMask(blankMask(40, 20));
    QSignalSpy changed(&document, &MaskDocument::changed);
    document.beginStroke({5, 5}, 3, 2, false);
    document.extendStroke({15, 5});
    document.extendStroke({15, 10});
    EXPECT_EQ(changed.count(), 3) << "every segment paints live";
    EXPECT_EQ(changed.at(1).at(0).toRect(), QRect(7, 4, 10, 3)) << "only what the segment changed";
    auto command = document.finishStroke();
    ASSERT_TRUE(command);
    EXPECT_FALSE(document.isStroking());
    EXPECT_EQ(command->rect(), QRect(4, 4, 13, 8));
    // The 3-wide band: 13 x 3 along the row and 3 x 5 further down the column.
    EXPECT_EQ(command->changedPixels(), 13 * 3 + 3 * 5);
    EXPECT_EQ(pixelsWithBit(document, 2), 13 * 3 + 3 * 5);

    QUndoStack stack;
    stack.push(command.release());
    stack.undo();
    EXPECT_EQ(document.mask(), blankMask(40, 20));
    stack.redo();
    EXPECT_EQ(document.value({15, 10}), 1u << 2);
}

TEST_F(MaskDocumentTest, EditsThatChangeNothingMakeNoCommand)
{
    MaskDocument document;
    document.setMask(blankMask(10, 10));
    document.beginStroke({3, 3}, 1, 0, true);
    EXPECT_FALSE(document.finishStroke()) << "erasing an empty mask";
    EXPECT_FALSE(document.floodFill({20, 20}, 0, false)) << "a seed outside the mask";
    EXPECT_FALSE(document.fillPolygon(QPolygon({QPoint(1, 1), QPoint(4, 4)}), 0, false));
    EXPECT_FALSE(document.replace(blankMask(10, 10), QStringLiteral("same")));
    EXPECT_FALSE(document.replace(blankMask(11, 10), QStringLiteral("other size")));
}

TEST_F(MaskDocumentTest, FloodFillAndPolygonChangeTheExpectedPixels)
{
    MaskDocument document;
    document.setMask(blankMask(12, 12));
    auto ring = document.fillPolygon(
        QPolygon({QPoint(2, 2), QPoint(9, 2), QPoint(9, 9), QPoint(2, 9)}), 1, false);
    ASSERT_TRUE(ring);
    EXPECT_EQ(pixelsWithBit(document, 1), 64);
    // Hollow it out with an eraser polygon, then fill the hole again.
    auto hole = document.fillPolygon(
        QPolygon({QPoint(3, 3), QPoint(8, 3), QPoint(8, 8), QPoint(3, 8)}), 1, true);
    ASSERT_TRUE(hole);
    EXPECT_EQ(hole->changedPixels(), 36);
    auto fill = document.floodFill({5, 5}, 1, false);
    ASSERT_TRUE(fill);
    EXPECT_EQ(fill->rect(), QRect(3, 3, 6, 6));
    EXPECT_EQ(pixelsWithBit(document, 1), 64);
    // Erasing the blob under the seed removes the whole square and nothing else.
    auto erase = document.floodFill({2, 2}, 1, true);
    ASSERT_TRUE(erase);
    EXPECT_EQ(erase->changedPixels(), 64);
    EXPECT_EQ(pixelsWithBit(document, 1), 0);
}

TEST_F(MaskDocumentTest, OverlayRedrawsOnlyTheRequestedRect)
{
    const std::vector<ClassInfo> classes = {{1, 0, "Pit", "#ff0000"}, {2, 3, "Crack", "#0000ff"}};
    QImage mask = blankMask(6, 4);
    OverlayStyle style;
    style.opacity = 200;
    QImage overlay = renderClassOverlay(mask, classes, style);
    reinterpret_cast<quint16*>(mask.scanLine(1))[1] = (1u << 0) | (1u << 3);
    reinterpret_cast<quint16*>(mask.scanLine(2))[4] = 1u << 0;
    paintClassOverlay(mask, QRect(0, 0, 3, 3), classes, style, overlay);
    EXPECT_EQ(overlay.pixel(1, 1), qRgba(0, 0, 255, 200)) << "the higher bit wins";
    EXPECT_EQ(qAlpha(overlay.pixel(4, 2)), 0) << "outside the rect, still the old overlay";

    style.hiddenBits = 1u << 3;
    style.outline = true;
    const QImage outlined = renderClassOverlay(mask, classes, style);
    EXPECT_EQ(outlined.pixel(1, 1), qRgba(255, 0, 0, 200)) << "a hidden class lets the next show";
    EXPECT_EQ(outlined.pixel(4, 2), qRgba(255, 0, 0, 200)) << "a lone pixel is all border";
}

TEST_F(MaskDocumentTest, OutlineModeLeavesTheInteriorClear)
{
    const std::vector<ClassInfo> classes = {{1, 0, "Pit", "#ff0000"}};
    MaskDocument document;
    document.setMask(blankMask(7, 7));
    ASSERT_TRUE(document.fillPolygon(
        QPolygon({QPoint(1, 1), QPoint(5, 1), QPoint(5, 5), QPoint(1, 5)}), 0, false));
    OverlayStyle style;
    style.outline = true;
    const QImage overlay = renderClassOverlay(document.mask(), classes, style);
    int drawn = 0;
    for (int y = 0; y < 7; ++y)
        for (int x = 0; x < 7; ++x)
            drawn += qAlpha(overlay.pixel(x, y)) != 0;
    EXPECT_EQ(drawn, 16) << "the 5x5 square's border";
    EXPECT_EQ(qAlpha(overlay.pixel(3, 3)), 0);
    EXPECT_NE(qAlpha(overlay.pixel(1, 3)), 0);
}

} // namespace dwb
