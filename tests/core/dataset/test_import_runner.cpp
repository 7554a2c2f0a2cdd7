#include "dwb/dataset/Importers.h"
#include "dwb/imaging/ClassMask.h"
#include "dwb/storage/ProjectDb.h"

#include "support/Fixtures.h"
#include "support/TempDir.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

namespace dwb {
namespace {

namespace fs = std::filesystem;

// A label folder with `count` images; image i has class (i % 3) unless i % 4 == 0.
fs::path makeFolder(const fs::path& root, const std::vector<std::string>& classes, int count)
{
    std::string names;
    for (const auto& c : classes)
        names += c + "\n";
    test::writeText(root / "classes.txt", names);
    for (int i = 0; i < count; ++i) {
        const std::string stem = "img" + std::to_string(100 + i);
        test::writeImage(root / "images" / (stem + ".png"), test::rampImage({16, 12}, i));
        cv::Mat mask = cv::Mat::zeros(12, 16, CV_8UC1);
        if (i % 4 != 0)
            mask(cv::Rect(i % 10, 2, 3, 3)).setTo(1 + i % static_cast<int>(classes.size()));
        test::writeImage(root / "masks" / (stem + ".png"), mask);
    }
    return root;
}

} // namespace

TEST(ImportRunner, ReferencesImagesWhereTheyAreAndAssignsSplits)
{
    test::TempDir dir;
    makeFolder(dir / "data", {"a", "b", "c"}, 24);
    auto project = ProjectDb::create(dir / "p.dwb");
    std::size_t lastDone = 0, calls = 0;
    ImportOptions options;
    options.progress = [&](std::size_t done, std::size_t total) {
        EXPECT_EQ(total, 24u);
        EXPECT_EQ(done, lastDone + 1);
        lastDone = done;
        ++calls;
    };
    auto report = runImport(*project, *scanLabelFolder(dir / "data"), options);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->added, 24u);
    EXPECT_EQ(calls, 24u);

    auto samples = *project->samples();
    ASSERT_EQ(samples.size(), 24u);
    for (const auto& s : samples) {
        EXPECT_TRUE(fs::path(s.imagePath).is_absolute());
        EXPECT_TRUE(fs::exists(s.imagePath)) << "the image stays where it was";
        EXPECT_EQ(s.imagePath.find(dir.path().string() + "/data/images/"), 0u);
        EXPECT_NE(s.split, Split::Unassigned);
        EXPECT_EQ(s.contentHash.size(), 16u);
    }
    EXPECT_NE(samples[1].contentHash, samples[2].contentHash);
    auto imports = *project->imports();
    ASSERT_EQ(imports.size(), 1u);
    EXPECT_EQ(imports[0].kind, "folder");
    EXPECT_EQ(imports[0].added, 24);
}

// A JPEG cut short decodes with its missing rows grey: it was imported as a sample without a
// word. It is now a warning, and the whole copy of it imports.
TEST(ImportRunner, ATruncatedJpegIsAWarningNotASample)
{
    test::TempDir dir;
    makeFolder(dir / "data", {"a"}, 2);
    std::vector<std::uint8_t> jpeg;
    ASSERT_TRUE(cv::imencode(".jpg", test::rampImage({64, 48}, 3), jpeg));
    const auto write = [&](const std::string& name, std::size_t bytes) {
        test::writeText(dir / "data" / "images" / name,
                        std::string(jpeg.begin(), jpeg.begin() + static_cast<long>(bytes)));
        test::writeImage(dir / "data" / "masks" / (fs::path(name).stem().string() + ".png"),
                         cv::Mat::zeros(48, 64, CV_8UC1));
    };
    write("cut.jpg", jpeg.size() / 2);
    write("whole.jpg", jpeg.size());
    auto project = ProjectDb::create(dir / "p.dwb");
    auto report = runImport(*project, *scanLabelFolder(dir / "data"));
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->added, 3u) << "the two PNGs and the whole JPEG";
    EXPECT_EQ(report->skipped, 1u);
    bool named = false;
    for (const auto& warning : report->warnings)
        named = named || warning.message.find("truncated image") != std::string::npos;
    EXPECT_TRUE(named);
}

TEST(ImportRunner, ImportingTwiceAddsNothingAndKeepsSplits)
{
    test::TempDir dir;
    makeFolder(dir / "data", {"a", "b"}, 12);
    auto project = ProjectDb::create(dir / "p.dwb");
    auto plan = *scanLabelFolder(dir / "data");
    ASSERT_TRUE(runImport(*project, plan));
    const auto before = *project->samples();
    auto again = runImport(*project, plan);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->added, 0u);
    EXPECT_EQ(again->duplicates, 12u);
    const auto after = *project->samples();
    ASSERT_EQ(after.size(), before.size());
    for (std::size_t i = 0; i < after.size(); ++i) {
        EXPECT_EQ(after[i].split, before[i].split);
        EXPECT_EQ(after[i].maskRevision, 1);
    }
}

TEST(ImportRunner, CancelRollsEverythingBack)
{
    test::TempDir dir;
    makeFolder(dir / "data", {"a"}, 10);
    auto project = ProjectDb::create(dir / "p.dwb");
    std::atomic<bool> cancel{false};
    ImportOptions options;
    options.cancel = &cancel;
    options.progress = [&](std::size_t done, std::size_t) { cancel = done >= 5; };
    auto report = runImport(*project, *scanLabelFolder(dir / "data"), options);
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().code, ErrorCode::Cancelled);
    EXPECT_EQ(*project->sampleCount(), 0);
    EXPECT_TRUE(project->classes()->empty());
    EXPECT_TRUE(project->imports()->empty());
}

TEST(ImportRunner, MapsClassesByNameIntoAnExistingProject)
{
    test::TempDir dir;
    makeFolder(dir / "first", {"scratch", "pit"}, 8);
    makeFolder(dir / "second", {"pit", "dent"}, 8);
    auto project = ProjectDb::create(dir / "p.dwb");
    ASSERT_TRUE(runImport(*project, *scanLabelFolder(dir / "first")));
    ASSERT_TRUE(runImport(*project, *scanLabelFolder(dir / "second")));

    auto classes = *project->classes();
    ASSERT_EQ(classes.size(), 3u);
    EXPECT_EQ(classes[0].name, "scratch");
    EXPECT_EQ(classes[1].name, "pit");
    EXPECT_EQ(classes[2].name, "dent");
    // In "second", index 1 is pit (project bit 1) and index 2 is dent (project bit 2).
    const auto samples = *project->samples();
    for (const auto& s : samples) {
        if (s.imagePath.find("/second/") == std::string::npos)
            continue;
        const int i = std::stoi(s.name.substr(3)) - 100;
        const std::uint32_t expected = i % 4 == 0 ? 0u : (i % 2 == 0 ? 2u : 4u);
        EXPECT_EQ(s.classBits, expected) << s.name;
    }
}

TEST(ImportRunner, RejectsBadSplitRatiosBeforeWriting)
{
    test::TempDir dir;
    makeFolder(dir / "data", {"a"}, 4);
    auto project = ProjectDb::create(dir / "p.dwb");
    ImportOptions options;
    options.split.train = 0.9;
    auto report = runImport(*project, *scanLabelFolder(dir / "data"), options);
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(*project->sampleCount(), 0);
}

} // namespace dwb
