#include "dwb/dataset/Importers.h"
#include "dwb/imaging/ClassMask.h"
#include "dwb/storage/ProjectDb.h"

#include "support/Fixtures.h"
#include "support/TempDir.h"

#include <gtest/gtest.h>

namespace dwb {
namespace {

namespace fs = std::filesystem;

cv::Mat indexMask(cv::Size size, std::vector<std::pair<cv::Rect, int>> regions)
{
    cv::Mat mask = cv::Mat::zeros(size, CV_8UC1);
    for (const auto& [rect, index] : regions)
        mask(rect).setTo(index);
    return mask;
}

std::string allWarnings(const ImportReport& report)
{
    std::string text;
    for (const auto& w : report.warnings)
        text += w.file + ": " + w.message + "\n";
    return text;
}

} // namespace

TEST(LabelFolderImporter, IndexMasksWithClassesFile)
{
    test::TempDir dir;
    test::writeText(dir / "classes.txt", "background\nscratch\npit\n\n");
    test::writeImage(dir / "images/a.png", test::rampImage({12, 10}, 1));
    test::writeImage(dir / "masks/a.png",
                     indexMask({12, 10}, {{{0, 0, 3, 2}, 1}, {{5, 5, 2, 2}, 2}}));
    test::writeImage(dir / "images/b.jpg", test::rampImage({12, 10}, 2));
    test::writeImage(dir / "masks/b.png", indexMask({12, 10}, {}));

    auto plan = scanLabelFolder(dir.path());
    ASSERT_TRUE(plan) << plan.error().message;
    EXPECT_EQ(plan->classNames, (std::vector<std::string>{"scratch", "pit"}));
    ASSERT_EQ(plan->samples.size(), 2u);
    auto a = plan->samples[0].loadMask({12, 10});
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_EQ(cv::countNonZero(classPixels(*a, 0)), 6);
    EXPECT_EQ(cv::countNonZero(classPixels(*a, 1)), 4);
    EXPECT_EQ(presentClassBits(*plan->samples[1].loadMask({12, 10})), 0u);
}

TEST(LabelFolderImporter, IndexMasksNameClassesByNumberWithoutClassesFile)
{
    test::TempDir dir;
    test::writeImage(dir / "images/a.png", test::rampImage({8, 8}, 1));
    test::writeImage(dir / "masks/a.png", indexMask({8, 8}, {{{0, 0, 2, 2}, 3}}));
    auto plan = scanLabelFolder(dir.path());
    ASSERT_TRUE(plan);
    EXPECT_EQ(plan->classNames, (std::vector<std::string>{"class_1", "class_2", "class_3"}));
    EXPECT_EQ(presentClassBits(*plan->samples[0].loadMask({8, 8})), 4u);
}

TEST(LabelFolderImporter, IndexBeyondTheNamedClassesIsReported)
{
    test::TempDir dir;
    test::writeText(dir / "classes.txt", "only\n");
    test::writeImage(dir / "images/a.png", test::rampImage({8, 8}, 1));
    test::writeImage(dir / "masks/a.png", indexMask({8, 8}, {{{0, 0, 2, 2}, 2}}));
    auto plan = scanLabelFolder(dir.path());
    auto mask = plan->samples[0].loadMask({8, 8});
    ASSERT_FALSE(mask);
    EXPECT_EQ(mask.error().code, ErrorCode::UnknownClass);
    EXPECT_NE(mask.error().message.find("class index 2 but only 1 classes"), std::string::npos)
        << mask.error().message;
}

TEST(LabelFolderImporter, PerClassFoldersAllowOverlapAndAbsence)
{
    test::TempDir dir;
    test::writeImage(dir / "images/a.png", test::rampImage({10, 10}, 1));
    test::writeImage(dir / "images/b.png", test::rampImage({10, 10}, 2));
    test::writeImage(dir / "masks/rust/a.png", test::rectMask({10, 10}, {0, 0, 5, 5}));
    test::writeImage(dir / "masks/dent/a.png", test::rectMask({10, 10}, {3, 3, 5, 5}));

    auto plan = scanLabelFolder(dir.path());
    ASSERT_TRUE(plan) << plan.error().message;
    EXPECT_EQ(plan->classNames, (std::vector<std::string>{"dent", "rust"}));
    auto a = *plan->samples[0].loadMask({10, 10});
    EXPECT_EQ(a.at<std::uint16_t>(4, 4), 3u) << "both classes on the overlap";
    EXPECT_EQ(cv::countNonZero(classPixels(a, 1)), 25);
    EXPECT_EQ(presentClassBits(*plan->samples[1].loadMask({10, 10})), 0u)
        << "no mask file in any class folder means defect-free";
}

TEST(LabelFolderImporter, ImportSkipsBadFilesWithOneWarningEach)
{
    test::TempDir dir;
    test::writeText(dir / "classes.txt", "pit\n");
    test::writeImage(dir / "images/good.png", test::rampImage({10, 10}, 1));
    test::writeImage(dir / "masks/good.png", indexMask({10, 10}, {{{1, 1, 2, 2}, 1}}));
    test::writeImage(dir / "images/small_mask.png", test::rampImage({10, 10}, 2));
    test::writeImage(dir / "masks/small_mask.png", indexMask({5, 5}, {}));
    test::writeImage(dir / "images/no_mask.png", test::rampImage({10, 10}, 3));
    test::writeText(dir / "images/corrupt.png", "\x89PNG but then nothing");
    test::writeImage(dir / "masks/corrupt.png", indexMask({10, 10}, {}));

    auto plan = scanLabelFolder(dir.path());
    ASSERT_TRUE(plan);
    auto project = ProjectDb::create(dir / "p.dwb");
    auto report = runImport(*project, *plan);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->added, 1u);
    EXPECT_EQ(report->skipped, 3u);
    ASSERT_EQ(report->warnings.size(), 3u) << allWarnings(*report);
    const auto text = allWarnings(*report);
    EXPECT_NE(text.find("corrupt.png: unreadable image"), std::string::npos) << text;
    EXPECT_NE(text.find("is 5x5 but its image is 10x10"), std::string::npos) << text;
    EXPECT_NE(text.find("missing mask"), std::string::npos) << text;
}

TEST(LabelFolderImporter, MissingFoldersAreErrors)
{
    test::TempDir dir;
    auto noImages = scanLabelFolder(dir.path());
    ASSERT_FALSE(noImages);
    EXPECT_NE(noImages.error().message.find("no images folder"), std::string::npos);
    fs::create_directories(dir / "images");
    auto noMasks = scanLabelFolder(dir.path());
    ASSERT_FALSE(noMasks);
    EXPECT_NE(noMasks.error().message.find("no masks folder"), std::string::npos);
}

} // namespace dwb
