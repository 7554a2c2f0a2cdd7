#include "dwb/dataset/Importers.h"
#include "dwb/dataset/ProjectSummary.h"
#include "dwb/imaging/ClassMask.h"
#include "dwb/storage/ProjectDb.h"

#include "support/Fixtures.h"
#include "support/TempDir.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace dwb {
namespace {

namespace fs = std::filesystem;

void addTile(const fs::path& root, const std::string& folder, const std::string& name,
             cv::Size size, cv::Rect defect, int seed)
{
    test::writeImage(root / folder / "Imgs" / (name + ".jpg"), test::rampImage(size, seed));
    test::writeImage(root / folder / "Imgs" / (name + ".png"),
                     defect.area() > 0 ? test::rectMask(size, defect)
                                       : cv::Mat(cv::Mat::zeros(size, CV_8UC1)));
}

fs::path realDatasetDir()
{
    if (const char* overridden = std::getenv("DWB_MAGNETIC_TILE_DIR"))
        return overridden;
    return DWB_DEFAULT_MAGNETIC_TILE_DIR;
}

} // namespace

TEST(MagneticTileImporter, ScansClassesInThePapersOrder)
{
    test::TempDir dir;
    addTile(dir.path(), "MT_Crack", "exp1_num_1", {40, 30}, {5, 5, 10, 2}, 1);
    addTile(dir.path(), "MT_Blowhole", "exp1_num_2", {32, 32}, {3, 3, 4, 4}, 2);
    addTile(dir.path(), "MT_Free", "exp1_num_3", {36, 28}, {}, 3);
    auto plan = scanMagneticTile(dir.path());
    ASSERT_TRUE(plan) << plan.error().message;
    EXPECT_EQ(plan->classNames,
              (std::vector<std::string>{"Blowhole", "Crack", "Fray", "Break", "Uneven"}));
    ASSERT_EQ(plan->samples.size(), 3u);

    // MT_Blowhole comes first (sorted folders); its mask is bit 0; Crack's is bit 1.
    auto blowhole = plan->samples[0].loadMask({32, 32});
    ASSERT_TRUE(blowhole);
    EXPECT_EQ(presentClassBits(*blowhole), 1u);
    EXPECT_EQ(cv::countNonZero(classPixels(*blowhole, 0)), 16);
    auto crack = plan->samples[1].loadMask({40, 30});
    EXPECT_EQ(presentClassBits(*crack), 2u);
    EXPECT_EQ(presentClassBits(*plan->samples[2].loadMask({36, 28})), 0u);
}

TEST(MagneticTileImporter, BlankMaskInADefectFolderKeepsTheFoldersLabel)
{
    test::TempDir dir;
    addTile(dir.path(), "MT_Uneven", "blank", {20, 20}, {}, 1);
    addTile(dir.path(), "MT_Uneven", "marked", {20, 20}, {2, 2, 5, 5}, 2);
    auto project = ProjectDb::create(dir / "p.dwb");
    auto report = runImport(*project, *scanMagneticTile(dir.path()));
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->added, 2u);
    ASSERT_EQ(report->warnings.size(), 1u);
    EXPECT_NE(report->warnings[0].file.find("blank.jpg"), std::string::npos);
    EXPECT_NE(report->warnings[0].message.find("mask has no Uneven pixels"), std::string::npos);

    const auto samples = *project->samples();
    ASSERT_EQ(samples.size(), 2u);
    const std::uint32_t uneven = 1u << 4;
    EXPECT_EQ(samples[0].name, "blank");
    EXPECT_EQ(samples[0].maskBits, 0u);
    EXPECT_EQ(samples[0].labelBits, uneven);
    EXPECT_EQ(samples[0].classBits, uneven);
    EXPECT_EQ(samples[1].maskBits, uneven);
    EXPECT_EQ(samples[1].classBits, uneven);
}

TEST(MagneticTileImporter, BadFilesBecomeWarningsNotFailures)
{
    test::TempDir dir;
    addTile(dir.path(), "MT_Fray", "good", {20, 20}, {1, 1, 3, 3}, 1);
    addTile(dir.path(), "MT_Fray", "wrong_size", {20, 20}, {1, 1, 3, 3}, 2);
    test::writeImage(dir / "MT_Fray/Imgs/wrong_size.png", test::rectMask({10, 20}, {1, 1, 3, 3}));
    test::writeImage(dir / "MT_Fray/Imgs/no_mask.jpg", test::rampImage({20, 20}, 3));
    test::writeText(dir / "MT_Fray/Imgs/broken.jpg", "not a jpeg at all");
    test::writeText(dir / "MT_Fray/Imgs/broken.png", "nor a png");
    test::writeImage(dir / "MT_Rust/Imgs/r.jpg", test::rampImage({20, 20}, 4));

    auto plan = scanMagneticTile(dir.path());
    ASSERT_TRUE(plan);
    ASSERT_EQ(plan->warnings.size(), 1u);
    EXPECT_NE(plan->warnings[0].message.find("unknown Magnetic Tile class"), std::string::npos);

    auto project = ProjectDb::create(dir / "p.dwb");
    auto report = runImport(*project, *plan);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->found, 4u);
    EXPECT_EQ(report->added, 1u);
    EXPECT_EQ(report->skipped, 3u);
    std::string all;
    for (const auto& w : report->warnings)
        all += w.file + ": " + w.message + "\n";
    EXPECT_NE(all.find("unreadable image"), std::string::npos) << all;
    EXPECT_NE(all.find("is 10x20 but its image is 20x20"), std::string::npos) << all;
    EXPECT_NE(all.find("missing mask"), std::string::npos) << all;
}

TEST(MagneticTileImporter, EmptyOrMissingFolderIsAnError)
{
    test::TempDir dir;
    auto missing = scanMagneticTile(dir / "absent");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    auto empty = scanMagneticTile(dir.path());
    ASSERT_FALSE(empty);
    EXPECT_NE(empty.error().message.find("MT_<Class>/Imgs"), std::string::npos);
}

// The real dataset: Huang, Qiu and Yuan, "Surface defect saliency of magnetic tile", 2020.
TEST(MagneticTileImporter, RealDatasetHasThePublishedCounts)
{
    const fs::path root = realDatasetDir();
    if (!fs::is_directory(root))
        GTEST_SKIP() << "Magnetic Tile dataset not found at " << root.string()
                     << " (set DWB_MAGNETIC_TILE_DIR); skipping the real-data check";
    test::TempDir dir;
    auto plan = scanMagneticTile(root);
    ASSERT_TRUE(plan) << plan.error().message;
    auto project = ProjectDb::create(dir / "mt.dwb");
    auto report = runImport(*project, *plan);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->skipped, 0u);
    // Four MT_Uneven masks in the published dataset are blank: they keep the folder's label.
    ASSERT_EQ(report->warnings.size(), 4u);
    for (const auto& warning : report->warnings) {
        EXPECT_NE(warning.file.find("MT_Uneven"), std::string::npos) << warning.file;
        EXPECT_NE(warning.message.find("image-level Uneven label"), std::string::npos);
    }

    auto summary = summarizeProject(*project);
    ASSERT_TRUE(summary);
    EXPECT_EQ(summary->samples, 1344u);
    EXPECT_EQ(summary->defective, 392u);
    const std::vector<std::pair<std::string, std::size_t>> expected = {
        {"Blowhole", 115}, {"Crack", 57}, {"Fray", 32}, {"Break", 85}, {"Uneven", 103}};
    ASSERT_EQ(summary->classes.size(), expected.size());
    for (std::size_t c = 0; c < expected.size(); ++c) {
        EXPECT_EQ(summary->classes[c].info.name, expected[c].first);
        EXPECT_EQ(summary->classes[c].samples, expected[c].second) << expected[c].first;
        // Stratified: every class reaches validation and test.
        EXPECT_GT(summary->classes[c].perSplit[2], 0u) << expected[c].first;
        EXPECT_GT(summary->classes[c].perSplit[3], 0u) << expected[c].first;
    }
    EXPECT_EQ(summary->perSplit[0], 0u);

    // Importing the same folder again adds nothing.
    auto again = runImport(*project, *plan);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->added, 0u);
    EXPECT_EQ(again->duplicates, 1344u);
    EXPECT_EQ(*project->sampleCount(), 1344);
}

} // namespace dwb
