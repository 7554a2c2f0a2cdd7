#include "dwb/imaging/ClassMask.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/widgets/ClassOverlay.h"

#include "support/TempDir.h"

#include <QColor>

#include <gtest/gtest.h>

namespace dwb {

TEST(ClassOverlay, PaintsEachClassInItsColourAndLeavesBackgroundClear)
{
    test::TempDir dir;
    auto project = ProjectDb::create(dir / "p.dwb");
    ASSERT_TRUE(project);
    const auto pit = *project->addClass("Pit");
    const auto scratch = *project->addClass("Scratch");
    cv::Mat mask = emptyClassMask({6, 4});
    mask.at<std::uint16_t>(1, 2) = 1u << pit.bit;
    mask.at<std::uint16_t>(3, 5) = 1u << scratch.bit;
    mask.at<std::uint16_t>(0, 0) = (1u << pit.bit) | (1u << scratch.bit);
    const auto id = *project->addSample({"s", "/s.png", 6, 4, "h"}, mask, std::nullopt);

    auto overlay = renderClassOverlay(*project, id, *project->classes(), 100);
    ASSERT_TRUE(overlay) << overlay.error().message;
    ASSERT_EQ(overlay->size(), QSize(6, 4));
    QColor pitColour(QString::fromStdString(pit.color));
    pitColour.setAlpha(100);
    QColor scratchColour(QString::fromStdString(scratch.color));
    scratchColour.setAlpha(100);
    EXPECT_EQ(overlay->pixel(2, 1), pitColour.rgba());
    EXPECT_EQ(overlay->pixel(5, 3), scratchColour.rgba());
    EXPECT_EQ(overlay->pixel(0, 0), scratchColour.rgba()) << "the higher bit wins on overlap";
    EXPECT_EQ(qAlpha(overlay->pixel(1, 1)), 0);
    EXPECT_EQ(qAlpha(overlay->pixel(4, 2)), 0);
}

TEST(ClassOverlay, UnknownSampleIsAnError)
{
    test::TempDir dir;
    auto project = ProjectDb::create(dir / "p.dwb");
    auto overlay = renderClassOverlay(*project, 42, {});
    ASSERT_FALSE(overlay);
    EXPECT_EQ(overlay.error().code, ErrorCode::NotFound);
}

} // namespace dwb
