// The small helpers every page draws with.

#include "dwb/widgets/UiHelpers.h"

#include "widgets/WidgetTestSupport.h"

#include <QPixmap>

#include <gtest/gtest.h>

namespace dwb {
namespace {

TEST(UiHelpers, PreferencesGetCtrlCommaWhereThePlatformBindsNoKey)
{
    test::ensureApplication();
    const QKeySequence ctrlComma(Qt::CTRL | Qt::Key_Comma);
    const QList<QKeySequence> platform = QKeySequence::keyBindings(QKeySequence::Preferences);
    const QList<QKeySequence> keys = standardShortcuts(QKeySequence::Preferences, ctrlComma);
    if (platform.isEmpty())
        EXPECT_EQ(keys, QList<QKeySequence>{ctrlComma});
    else
        EXPECT_EQ(keys, platform);
    // A key the platform binds keeps its own sequences.
    const QList<QKeySequence> open = standardShortcuts(QKeySequence::Open, ctrlComma);
    ASSERT_FALSE(open.isEmpty());
    EXPECT_EQ(open, QKeySequence::keyBindings(QKeySequence::Open));
    EXPECT_FALSE(open.contains(ctrlComma));
}

TEST(UiHelpers, ClassSwatchIsTheClassColour)
{
    test::ensureApplication();
    const QImage swatch = classSwatch("#ff8000").pixmap(12, 12).toImage();
    ASSERT_FALSE(swatch.isNull());
    EXPECT_EQ(swatch.pixelColor(6, 6), QColor(0xff, 0x80, 0x00));
    EXPECT_LT(swatch.pixelColor(0, 0).alpha(), 255) << "rounded corners";
}

TEST(UiHelpers, PlainIconsLookTheSameSelected)
{
    test::ensureApplication();
    QImage image(8, 8, QImage::Format_RGB32);
    image.fill(QColor(10, 200, 30));
    const QIcon icon = plainIcon(image);
    const QImage normal = icon.pixmap(8, 8, QIcon::Normal).toImage();
    const QImage selected = icon.pixmap(8, 8, QIcon::Selected).toImage();
    EXPECT_EQ(normal.pixelColor(3, 3), QColor(10, 200, 30));
    EXPECT_EQ(selected.pixelColor(3, 3), QColor(10, 200, 30));
}

} // namespace
} // namespace dwb
