// size: one suite over shared fixtures, one scenario per format and property.

#include "dwb/dataset/CocoRle.h"
#include "dwb/dataset/DatasetExport.h"
#include "dwb/imaging/ClassMask.h"

#include "support/DemoProject.h"
#include "support/TempDir.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace dwb {
namespace {
namespace fs = std::filesystem;

TEST(CocoRle, CountsRunDownEachColumnStartingWithBackground)
{
    // 3 rows x 2 columns; column-major order: (0,0) (1,0) (2,0) (0,1) (1,1) (2,1).
    cv::Mat mask = (cv::Mat_<std::uint8_t>(3, 2) << 1, 0, 1, 1, 0, 1);
    EXPECT_EQ(cocoRleCounts(mask), (std::vector<std::uint32_t>{0, 2, 2, 2}));
    const auto back = cocoRleDecode({0, 2, 2, 2}, 3, 2);
    ASSERT_TRUE(back);
    EXPECT_EQ(cv::countNonZero(*back != mask), 0);
    EXPECT_FALSE(cocoRleDecode({0, 2, 2}, 3, 2)) << "runs that do not cover the image";
}

TEST(CocoRle, CompressedStringsFollowTheReferenceCodec)
{
    // By the reference encoder's rules: small counts are one character each ('0' + count); from
    // the fourth on, each is stored as its difference from the count two before.
    EXPECT_EQ(cocoRleString({2, 3, 1}), "231");
    EXPECT_EQ(cocoRleString({0, 5, 0, 5}), "0500"); // 0, 5, 0-0, 5-5
    EXPECT_EQ(cocoRleString({3, 4, 1}), "341");
    EXPECT_EQ(cocoRleString({3, 4, 5, 2}), "345N"); // 2-4 = -2: 0x1e + 48 = 'N'
    cv::RNG rng(3);
    for (int round = 0; round < 200; ++round) {
        std::vector<std::uint32_t> counts(static_cast<std::size_t>(rng.uniform(1, 40)));
        for (auto& c : counts)
            c = rng.uniform(0, 2) ? static_cast<std::uint32_t>(rng.uniform(0, 64))
                                  : static_cast<std::uint32_t>(rng.uniform(0, 2000000));
        const auto back = cocoRleFromString(cocoRleString(counts));
        ASSERT_TRUE(back);
        EXPECT_EQ(*back, counts);
    }
    EXPECT_FALSE(cocoRleFromString("0 5")) << "a character outside the alphabet";
    EXPECT_FALSE(cocoRleFromString("0P")) << "a group cut short";
    EXPECT_FALSE(cocoRleFromString("0N")) << "a negative run";
}

// Every sample's pixels, class by class, and its image-level labels, keyed by image path.
std::map<std::string, std::pair<cv::Mat, std::uint32_t>> contents(const ProjectDb& project)
{
    std::map<std::string, std::pair<cv::Mat, std::uint32_t>> out;
    auto samples = project.samples();
    EXPECT_TRUE(samples);
    for (const auto& sample : *samples) {
        auto mask = project.mask(sample.id);
        EXPECT_TRUE(mask);
        out[fs::weakly_canonical(sample.imagePath).string()] = {*mask, sample.classBits};
    }
    return out;
}

void expectSameContents(const ProjectDb& a, const ProjectDb& b)
{
    const auto left = contents(a);
    const auto right = contents(b);
    ASSERT_EQ(left.size(), right.size());
    for (const auto& [path, sample] : left) {
        const auto it = right.find(path);
        ASSERT_NE(it, right.end()) << path;
        EXPECT_EQ(cv::countNonZero(sample.first != it->second.first), 0) << path;
        EXPECT_EQ(sample.second, it->second.second) << path;
    }
}

std::unique_ptr<ProjectDb> importInto(const fs::path& file, const ImportPlan& plan)
{
    auto project = ProjectDb::create(file);
    if (!project)
        return nullptr;
    auto report = runImport(*project, plan);
    EXPECT_TRUE(report);
    if (report) {
        EXPECT_EQ(report->skipped, 0u);
    }
    return std::make_unique<ProjectDb>(std::move(*project));
}

TEST(DatasetExport, CocoAndMaskFoldersGiveBackEveryPixel)
{
    const test::TempDir dir;
    DemoConfig config;
    config.imageCount = 24;
    auto project = test::makeDemoProject(dir.path(), config);
    ASSERT_TRUE(project);

    auto coco = exportDataset(*project, dir.path() / "coco", {});
    ASSERT_TRUE(coco) << coco.error().message;
    EXPECT_EQ(coco->images, 24u);
    EXPECT_GT(coco->annotations, 24u) << "one annotation per blob";
    auto plan = scanCoco(dir.path() / "coco");
    ASSERT_TRUE(plan) << plan.error().message;
    EXPECT_EQ(plan->classNames, (std::vector<std::string>{"Pit", "Scratch", "Patch"}));
    auto fromCoco = importInto(dir.path() / "coco.dwb", *plan);
    ASSERT_TRUE(fromCoco);
    expectSameContents(*project, *fromCoco);

    DatasetExportOptions masks;
    masks.format = DatasetFormat::Masks;
    auto folder = exportDataset(*project, dir.path() / "masks", masks);
    ASSERT_TRUE(folder) << folder.error().message;
    auto folderPlan = scanLabelFolder(dir.path() / "masks");
    ASSERT_TRUE(folderPlan);
    auto fromFolder = importInto(dir.path() / "masks.dwb", *folderPlan);
    ASSERT_TRUE(fromFolder);
    // Images are copies there: compare masks by file name.
    auto original = project->samples();
    auto copied = fromFolder->samples();
    ASSERT_TRUE(original && copied);
    ASSERT_EQ(original->size(), copied->size());
    std::map<std::string, cv::Mat> byName;
    for (const auto& s : *copied)
        byName[fs::path(s.imagePath).filename().string()] = *fromFolder->mask(s.id);
    for (const auto& s : *original) {
        const auto it = byName.find(fs::path(s.imagePath).filename().string());
        ASSERT_NE(it, byName.end());
        EXPECT_EQ(cv::countNonZero(*project->mask(s.id) != it->second), 0) << s.imagePath;
    }

    DatasetExportOptions train;
    train.split = Split::Train;
    auto trainOnly = exportDataset(*project, dir.path() / "train", train);
    ASSERT_TRUE(trainOnly);
    EXPECT_LT(trainOnly->images, 24u);
    EXPECT_GT(trainOnly->images, 0u);
}

// Overlapping classes, blobs touching the border, an image-level label without pixels.
TEST(DatasetExport, CocoKeepsOverlapsAndImageLevelLabels)
{
    const test::TempDir dir;
    DemoConfig config;
    config.imageCount = 4;
    auto project = test::makeDemoProject(dir.path(), config);
    ASSERT_TRUE(project);
    auto samples = project->samples();
    ASSERT_TRUE(samples);
    const auto& first = samples->front();
    cv::Mat mask = cv::Mat::zeros(first.height, first.width, CV_16UC1);
    mask(cv::Rect(0, 0, 20, 10)) = 1;                            // Pit on the corner
    mask(cv::Rect(10, 5, 20, 20)) |= 2;                          // Scratch overlapping it
    mask(cv::Rect(first.width - 3, first.height - 3, 3, 3)) = 1; // a second Pit blob
    ASSERT_TRUE(project->addMaskRevision(first.id, mask, "edited"));
    auto coco = exportDataset(*project, dir.path() / "coco", {});
    ASSERT_TRUE(coco);
    auto plan = scanCoco(dir.path() / "coco" / "annotations.json");
    ASSERT_TRUE(plan);
    auto back = importInto(dir.path() / "back.dwb", *plan);
    ASSERT_TRUE(back);
    expectSameContents(*project, *back);
}

// Each blob with its holes filled: what a polygon through its outline covers.
cv::Mat withHolesFilled(const cv::Mat& mask)
{
    cv::Mat out = cv::Mat::zeros(mask.size(), CV_16UC1);
    for (int bit = 0; bit < 16; ++bit) {
        cv::Mat plane = (mask & (1u << bit)) != 0;
        if (cv::countNonZero(plane) == 0)
            continue;
        std::vector<std::vector<cv::Point>> contours;
        cv::findContours(plane, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
        cv::Mat filled = cv::Mat::zeros(mask.size(), CV_8UC1);
        cv::drawContours(filled, contours, -1, cv::Scalar(1), cv::FILLED);
        cv::bitwise_or(out, cv::Scalar(static_cast<double>(1u << bit)), out, filled);
    }
    return out;
}

// YOLO's polygons: every pixel comes back, and the only pixels added are the holes inside blobs
// (the format's error), measured on the demo with a hole, a single pixel and a two-pixel blob
// added.
TEST(DatasetExport, YoloPolygonsLoseOnlyTheHolesInsideBlobs)
{
    const test::TempDir dir;
    DemoConfig config;
    config.imageCount = 24;
    auto project = test::makeDemoProject(dir.path(), config);
    ASSERT_TRUE(project);
    auto samples = project->samples();
    ASSERT_TRUE(samples);
    const auto& first = samples->front();
    cv::Mat edited = cv::Mat::zeros(first.height, first.width, CV_16UC1);
    edited(cv::Rect(10, 10, 30, 30)) = 4; // a Patch ring: 30x30 with a 10x10 hole
    edited(cv::Rect(20, 20, 10, 10)) = 0;
    edited.at<std::uint16_t>(60, 60) = 1;           // a one-pixel Pit
    edited(cv::Rect(first.width - 2, 0, 2, 1)) = 2; // a two-pixel Scratch on the edge
    ASSERT_TRUE(project->addMaskRevision(first.id, edited, "edited"));

    DatasetExportOptions yolo;
    yolo.format = DatasetFormat::YoloSeg;
    auto report = exportDataset(*project, dir.path() / "yolo", yolo);
    ASSERT_TRUE(report) << report.error().message;
    auto plan = scanYoloSeg(dir.path() / "yolo");
    ASSERT_TRUE(plan) << plan.error().message;
    EXPECT_EQ(plan->classNames, (std::vector<std::string>{"Pit", "Scratch", "Patch"}));
    auto back = importInto(dir.path() / "yolo.dwb", *plan);
    ASSERT_TRUE(back);
    auto copied = back->samples();
    ASSERT_TRUE(copied);
    std::map<std::string, cv::Mat> byName;
    for (const auto& s : *copied)
        byName[fs::path(s.imagePath).filename().string()] = *back->mask(s.id);
    int holes = 0;
    for (const auto& s : *samples) {
        const cv::Mat original = *project->mask(s.id);
        const cv::Mat& imported = byName.at(fs::path(s.imagePath).filename().string());
        const cv::Mat expected = withHolesFilled(original);
        EXPECT_EQ(cv::countNonZero(imported != expected), 0) << s.imagePath;
        holes += cv::countNonZero(expected != original);
    }
    EXPECT_EQ(holes, 100) << "the ring's hole is the only error";

    // COCO polygons: the same outlines in COCO's continuous coordinates, the same one error.
    DatasetExportOptions polygons;
    polygons.cocoPolygons = true;
    ASSERT_TRUE(exportDataset(*project, dir.path() / "polygons", polygons));
    auto polygonPlan = scanCoco(dir.path() / "polygons");
    ASSERT_TRUE(polygonPlan);
    auto fromPolygons = importInto(dir.path() / "polygons.dwb", *polygonPlan);
    ASSERT_TRUE(fromPolygons);
    const auto imported = fromPolygons->samples();
    ASSERT_TRUE(imported);
    std::map<std::string, cv::Mat> polygonMasks;
    for (const auto& s : *imported)
        polygonMasks[fs::weakly_canonical(s.imagePath).string()] = *fromPolygons->mask(s.id);
    for (const auto& s : *samples)
        EXPECT_EQ(cv::countNonZero(polygonMasks.at(fs::weakly_canonical(s.imagePath).string()) !=
                                   withHolesFilled(*project->mask(s.id))),
                  0)
            << s.imagePath;
}

// Stored synthetic samples go out with their images, as train samples, in every format.
TEST(DatasetExport, SyntheticSamplesGoOutWithTheirImages)
{
    const test::TempDir dir;
    DemoConfig config;
    config.imageCount = 6;
    auto project = test::makeDemoProject(dir.path(), config);
    ASSERT_TRUE(project);
    auto samples = project->samples();
    ASSERT_TRUE(samples);
    cv::Mat image(40, 50, CV_8UC1, cv::Scalar(90));
    cv::Mat mask = cv::Mat::zeros(40, 50, CV_16UC1);
    mask(cv::Rect(5, 5, 8, 3)) = 2;
    SyntheticSampleRecord record;
    record.baseSampleId = samples->front().id;
    record.classBits = 2;
    record.provenance = "{}";
    cv::imencode(".png", image, record.imagePng);
    record.maskPng = *encodeClassMaskPng(mask);
    ASSERT_TRUE(project->addSyntheticSample(record));
    record.imagePng.clear(); // a recipe only: nothing to export
    ASSERT_TRUE(project->addSyntheticSample(record));

    for (const auto format : {DatasetFormat::Coco, DatasetFormat::Masks, DatasetFormat::YoloSeg}) {
        SCOPED_TRACE(static_cast<int>(format));
        DatasetExportOptions options;
        options.format = format;
        options.includeSynthetic = true;
        const fs::path out = dir.path() / ("out" + std::to_string(static_cast<int>(format)));
        auto report = exportDataset(*project, out, options);
        ASSERT_TRUE(report) << report.error().message;
        EXPECT_EQ(report->images, 7u);
        auto plan = format == DatasetFormat::Coco    ? scanCoco(out)
                    : format == DatasetFormat::Masks ? scanLabelFolder(out)
                                                     : scanYoloSeg(out);
        ASSERT_TRUE(plan);
        auto back = importInto(out / "back.dwb", *plan);
        ASSERT_TRUE(back);
        const auto imported = back->samples();
        ASSERT_TRUE(imported);
        ASSERT_EQ(imported->size(), 7u);
        const auto synthetic = std::ranges::find_if(*imported, [](const SampleRecord& s) {
            return fs::path(s.imagePath).filename() == "synthetic-1.png";
        });
        ASSERT_NE(synthetic, imported->end());
        EXPECT_EQ(cv::countNonZero(*back->mask(synthetic->id) != mask), 0);
    }
    DatasetExportOptions validation;
    validation.includeSynthetic = true;
    validation.split = Split::Validation;
    auto report = exportDataset(*project, dir.path() / "val", validation);
    ASSERT_TRUE(report);
    EXPECT_FALSE(fs::exists(dir.path() / "val" / "synthetic")) << "synthetic samples are train";
}

// A slice of the real Magnetic Tile dataset: every pixel and every image-level label (some
// defect images have blank masks) comes back through COCO.
TEST(DatasetExport, MagneticTileSliceRoundTripsThroughCoco)
{
    const char* overridden = std::getenv("DWB_MAGNETIC_TILE_DIR");
    const fs::path root =
        overridden ? fs::path(overridden) : fs::path(DWB_DEFAULT_MAGNETIC_TILE_DIR);
    if (!fs::is_directory(root))
        GTEST_SKIP() << "Magnetic Tile dataset not found at " << root.string();
    auto plan = scanMagneticTile(root);
    ASSERT_TRUE(plan);
    ImportPlan slice = *plan;
    slice.samples.clear();
    for (std::size_t i = 0; i < plan->samples.size(); i += 16)
        slice.samples.push_back(plan->samples[i]);
    for (const auto& sample : plan->samples)
        if (sample.name == "exp4_num_45057") // an Uneven image whose mask is blank
            slice.samples.push_back(sample);
    const test::TempDir dir;
    auto project = importInto(dir.path() / "mt.dwb", slice);
    ASSERT_TRUE(project);
    ASSERT_TRUE(exportDataset(*project, dir.path() / "coco", {}));
    auto back = scanCoco(dir.path() / "coco");
    ASSERT_TRUE(back);
    auto copy = importInto(dir.path() / "copy.dwb", *back);
    ASSERT_TRUE(copy);
    expectSameContents(*project, *copy);

    // YOLO: every pixel back, plus the holes inside blobs; their share is printed.
    DatasetExportOptions yolo;
    yolo.format = DatasetFormat::YoloSeg;
    ASSERT_TRUE(exportDataset(*project, dir.path() / "yolo", yolo));
    auto yoloPlan = scanYoloSeg(dir.path() / "yolo");
    ASSERT_TRUE(yoloPlan);
    auto fromYolo = importInto(dir.path() / "yolo.dwb", *yoloPlan);
    ASSERT_TRUE(fromYolo);
    std::map<std::string, cv::Mat> byName;
    const auto imported = fromYolo->samples();
    ASSERT_TRUE(imported);
    for (const auto& s : *imported)
        byName[fs::path(s.imagePath).stem().string()] = *fromYolo->mask(s.id);
    int holes = 0;
    int defect = 0;
    const auto originals = project->samples();
    ASSERT_TRUE(originals);
    for (const auto& s : *originals) {
        const cv::Mat original = *project->mask(s.id);
        const cv::Mat expected = withHolesFilled(original);
        const auto it = byName.find(fs::path(s.imagePath).stem().string());
        ASSERT_NE(it, byName.end());
        EXPECT_EQ(cv::countNonZero(it->second != expected), 0) << s.imagePath;
        holes += cv::countNonZero(expected != original);
        defect += cv::countNonZero(original);
    }
    std::cout << "Magnetic Tile slice through YOLO: " << holes << " hole pixels filled of "
              << defect << " defect pixels\n";
}

TEST(DatasetExport, BadCocoInputIsAWarningOrAClearError)
{
    const test::TempDir dir;
    DemoConfig config;
    config.imageCount = 4;
    auto project = test::makeDemoProject(dir.path(), config);
    ASSERT_TRUE(project);
    ASSERT_TRUE(exportDataset(*project, dir.path() / "coco", {}));
    const fs::path file = dir.path() / "coco" / "annotations.json";
    std::ifstream in(file);
    std::stringstream read;
    read << in.rdbuf();
    std::string text = read.str();
    // One annotation's size no longer matches its image: that image is skipped with a warning.
    const auto size = text.find("\"size\":[");
    ASSERT_NE(size, std::string::npos);
    text.replace(size, 8, "\"size\":[9");
    std::ofstream(file) << text;
    auto plan = scanCoco(file);
    ASSERT_TRUE(plan);
    auto target = ProjectDb::create(dir.path() / "bad.dwb");
    ASSERT_TRUE(target);
    auto report = runImport(*target, *plan);
    ASSERT_TRUE(report);
    EXPECT_EQ(report->skipped, 1u);
    ASSERT_FALSE(report->warnings.empty());
    EXPECT_NE(report->warnings.front().message.find("annotation"), std::string::npos);

    std::ofstream(file) << "{\"images\": 3";
    auto broken = scanCoco(file);
    ASSERT_FALSE(broken);
    EXPECT_NE(broken.error().message.find("not a COCO file"), std::string::npos);
    EXPECT_FALSE(scanCoco(dir.path() / "nowhere"));
}

} // namespace
} // namespace dwb
