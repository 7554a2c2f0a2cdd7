#include "dwb/dataset/Importers.h"
#include "dwb/imaging/ClassMask.h"

#include "support/TempDir.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <fstream>
#include <string>
#include <vector>

namespace {

using dwb::ErrorCode;
using dwb::ImportPlan;

// Fixture images are 16 rows by 40 columns: 640 pixels, column-major.
const cv::Size kImageSize(40, 16);

// A Severstal-shaped folder: train.csv beside train_images/ holding the named images.
class SeverstalFolder {
public:
    explicit SeverstalFolder(const std::vector<std::string>& images)
    {
        std::filesystem::create_directories(m_dir / "train_images");
        for (const auto& name : images) {
            const cv::Mat pixels(kImageSize, CV_8UC1, cv::Scalar(128));
            EXPECT_TRUE(cv::imwrite((m_dir / "train_images" / name).string(), pixels));
        }
    }

    void writeCsv(const std::string& text) const
    {
        std::ofstream out(m_dir / "train.csv", std::ios::binary);
        out << text;
    }

    const std::filesystem::path& root() const { return m_dir.path(); }

private:
    dwb::test::TempDir m_dir;
};

const dwb::PlannedSample* findSample(const ImportPlan& plan, const std::string& name)
{
    for (const auto& sample : plan.samples)
        if (sample.name == name)
            return &sample;
    return nullptr;
}

std::vector<std::string> sampleNames(const ImportPlan& plan)
{
    std::vector<std::string> names;
    for (const auto& sample : plan.samples)
        names.push_back(sample.name);
    return names;
}

// The warnings' "file: message" lines, for exact comparison.
std::vector<std::string> warningLines(const ImportPlan& plan)
{
    std::vector<std::string> lines;
    for (const auto& warning : plan.warnings)
        lines.push_back(warning.file + ": " + warning.message);
    return lines;
}

// Sets `value` on pixels start..start+length-1 (1-based, column-major) of a class mask.
void paintRun(cv::Mat& mask, int start, int length, std::uint16_t value)
{
    for (int n = start - 1; n < start - 1 + length; ++n)
        mask.at<std::uint16_t>(n % mask.rows, n / mask.rows) |= value;
}

cv::Mat loadMask(const ImportPlan& plan, const std::string& name, cv::Size size = kImageSize)
{
    const auto* sample = findSample(plan, name);
    EXPECT_NE(sample, nullptr) << name << " not planned";
    if (!sample)
        return {};
    auto mask = sample->loadMask(size);
    EXPECT_TRUE(mask) << name << ": " << mask.error().message;
    if (!mask)
        return {};
    EXPECT_EQ(mask->type(), CV_16UC1);
    EXPECT_EQ(mask->size(), size);
    return *mask;
}

int differingPixels(const cv::Mat& a, const cv::Mat& b)
{
    return cv::countNonZero(a != b);
}

} // namespace

TEST(SeverstalImporter, NewFormPlansClassesSamplesAndMasks)
{
    SeverstalFolder folder({"a.png", "b.png", "c.png"});
    folder.writeCsv("ImageId,ClassId,EncodedPixels\n"
                    "a.png,1,1 3 17 2\n"
                    "a.png,3,630 11\n"
                    "b.png,2,5 1\n"
                    "b.png,1,5 2\n");
    auto plan = dwb::scanSeverstal(folder.root());
    ASSERT_TRUE(plan) << plan.error().message;

    EXPECT_EQ(plan->kind, "severstal");
    EXPECT_EQ(plan->source, folder.root());
    EXPECT_EQ(plan->classNames, (std::vector<std::string>{"Class 1", "Class 2", "Class 3"}));
    EXPECT_EQ(sampleNames(*plan), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_TRUE(plan->warnings.empty()) << testing::PrintToString(warningLines(*plan));
    for (const auto& sample : plan->samples) {
        EXPECT_TRUE(sample.imagePath.is_absolute());
        EXPECT_EQ(sample.imagePath, folder.root() / "train_images" / (sample.name + ".png"));
    }

    cv::Mat expectedA = dwb::emptyClassMask(kImageSize);
    paintRun(expectedA, 1, 3, 1);
    paintRun(expectedA, 17, 2, 1);
    paintRun(expectedA, 630, 11, 4); // ClassId 3 is bit 2: the last 11 pixels of column 39
    const cv::Mat maskA = loadMask(*plan, "a");
    ASSERT_FALSE(maskA.empty());
    EXPECT_EQ(differingPixels(maskA, expectedA), 0);
    EXPECT_EQ(cv::countNonZero(maskA), 16);
    EXPECT_EQ(maskA.at<std::uint16_t>(2, 0), 1);
    EXPECT_EQ(maskA.at<std::uint16_t>(1, 1), 1);
    EXPECT_EQ(maskA.at<std::uint16_t>(5, 39), 4);
    EXPECT_EQ(maskA.at<std::uint16_t>(4, 39), 0);

    // Classes overlap on pixel 5 of b: both bits are set there.
    const cv::Mat maskB = loadMask(*plan, "b");
    ASSERT_FALSE(maskB.empty());
    EXPECT_EQ(maskB.at<std::uint16_t>(4, 0), 3);
    EXPECT_EQ(maskB.at<std::uint16_t>(5, 0), 1);
    EXPECT_EQ(cv::countNonZero(maskB), 2);

    const cv::Mat maskC = loadMask(*plan, "c");
    ASSERT_FALSE(maskC.empty());
    EXPECT_EQ(cv::countNonZero(maskC), 0);
}

TEST(SeverstalImporter, OldFormWithCrlfAndEmptyClasses)
{
    SeverstalFolder folder({"0002cc93b.jpg", "00031f466.jpg"});
    folder.writeCsv("ImageId_ClassId,EncodedPixels\r\n"
                    "0002cc93b.jpg_1,29102 12 29346 24\r\n"
                    "0002cc93b.jpg_2,\r\n"
                    "0002cc93b.jpg_3,\r\n"
                    "0002cc93b.jpg_4,409599 2\r\n"
                    "00031f466.jpg_1,\r\n"
                    "00031f466.jpg_2,\r\n"
                    "00031f466.jpg_3,\r\n"
                    "00031f466.jpg_4,\r\n");
    auto plan = dwb::scanSeverstal(folder.root());
    ASSERT_TRUE(plan) << plan.error().message;

    EXPECT_EQ(plan->classNames,
              (std::vector<std::string>{"Class 1", "Class 2", "Class 3", "Class 4"}));
    EXPECT_EQ(sampleNames(*plan), (std::vector<std::string>{"0002cc93b", "00031f466"}));
    EXPECT_TRUE(plan->warnings.empty()) << testing::PrintToString(warningLines(*plan));

    // Masks are built for the size the caller reports, here the real Severstal one.
    const cv::Size severstal(1600, 256);
    const cv::Mat mask = loadMask(*plan, "0002cc93b", severstal);
    ASSERT_FALSE(mask.empty());
    cv::Mat expected = dwb::emptyClassMask(severstal);
    expected.col(113).rowRange(173, 185).setTo(1);
    expected.col(114).rowRange(161, 185).setTo(1);
    expected.col(1599).rowRange(254, 256).setTo(8);
    EXPECT_EQ(differingPixels(mask, expected), 0);

    const cv::Mat clean = loadMask(*plan, "00031f466", severstal);
    ASSERT_FALSE(clean.empty());
    EXPECT_EQ(cv::countNonZero(clean), 0);
}

TEST(SeverstalImporter, ClassCountIsTheLargestClassIdSeen)
{
    SeverstalFolder folder({"a.png", "b.png"});
    folder.writeCsv("ImageId,ClassId,EncodedPixels\na.png,4,2 1");
    auto plan = dwb::scanSeverstal(folder.root());
    ASSERT_TRUE(plan) << plan.error().message;
    EXPECT_EQ(plan->classNames.size(), 4u);
    EXPECT_EQ(plan->classNames.back(), "Class 4");
    const cv::Mat mask = loadMask(*plan, "a");
    ASSERT_FALSE(mask.empty());
    EXPECT_EQ(mask.at<std::uint16_t>(1, 0), 8);
    EXPECT_EQ(cv::countNonZero(mask), 1);

    // With no rows at all every image is defect-free and one class remains.
    folder.writeCsv("ImageId,ClassId,EncodedPixels\n");
    auto empty = dwb::scanSeverstal(folder.root());
    ASSERT_TRUE(empty) << empty.error().message;
    EXPECT_EQ(empty->classNames, (std::vector<std::string>{"Class 1"}));
    EXPECT_EQ(empty->samples.size(), 2u);
}

TEST(SeverstalImporter, MalformedRowsSkipTheirImageAndNameTheRow)
{
    SeverstalFolder folder({"a.png", "b.png", "c.png", "d.png", "e.png", "f.png", "g.png"});
    folder.writeCsv("ImageId,ClassId,EncodedPixels\n"
                    "a.png,1,1 2 3\n"
                    "b.png,1,10 2 5 1\n"
                    "c.png,2,10 5 12 1\n"
                    "d.png,x,1 1\n"
                    "e.png,1,635 10\n"
                    "f.png,2,1 1\n"
                    "ghost.png,1,1 1\n"
                    "a.png,2,1 1\n"
                    "ghost.png,2,5 1\n"
                    "g.png,17,1 1\n"
                    "g.png,1,1 1,extra\n");
    auto plan = dwb::scanSeverstal(folder.root());
    ASSERT_TRUE(plan) << plan.error().message;

    EXPECT_EQ(warningLines(*plan),
              (std::vector<std::string>{
                  "a.png: train.csv row 2: odd number of values (3); expected start/length pairs",
                  "b.png: train.csv row 3: run 2 starts at 5, before run 1 starts at 10: runs "
                  "are not sorted",
                  "c.png: train.csv row 4: run 2 starts at 12 before run 1 ends at 14",
                  "d.png: train.csv row 5: ClassId 'x' is not a positive integer",
                  "ghost.png: train.csv row 8: no such image in train_images",
                  "g.png: train.csv row 11: ClassId 17 is more than the 16 classes a project can "
                  "hold",
                  "g.png: train.csv row 12: expected 3 fields, found 4",
              }));
    // A readable row does not rescue an image whose other row is malformed.
    EXPECT_EQ(sampleNames(*plan), (std::vector<std::string>{"e", "f"}));
    EXPECT_EQ(plan->classNames.size(), 2u);

    // Run syntax is fine for e, but it ends at pixel 644 of 640: only the mask load can tell.
    const auto* e = findSample(*plan, "e");
    ASSERT_NE(e, nullptr);
    auto bad = e->loadMask(kImageSize);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::BadRle);
    EXPECT_EQ(bad.error().message,
              "train.csv row 6: run 1 ends at pixel 644, past the last pixel 640");
    // A larger image holds the run.
    auto larger = e->loadMask(cv::Size(40, 17));
    ASSERT_TRUE(larger) << larger.error().message;
    EXPECT_EQ(cv::countNonZero(*larger), 10);

    const cv::Mat f = loadMask(*plan, "f");
    ASSERT_FALSE(f.empty());
    EXPECT_EQ(f.at<std::uint16_t>(0, 0), 2);
    EXPECT_EQ(cv::countNonZero(f), 1);
}

TEST(SeverstalImporter, OldFormIdWithoutClassSuffixIsAWarning)
{
    SeverstalFolder folder({"a.png"});
    folder.writeCsv("ImageId_ClassId,EncodedPixels\na.png_0,1 1\na.png,2 1\n");
    auto plan = dwb::scanSeverstal(folder.root());
    ASSERT_TRUE(plan) << plan.error().message;
    EXPECT_TRUE(plan->samples.empty());
    EXPECT_EQ(warningLines(*plan),
              (std::vector<std::string>{
                  "a.png: train.csv row 2: ClassId '0' is not a positive integer",
                  "a.png: train.csv row 3: no ClassId",
              }));
}

TEST(SeverstalImporter, MissingCsvOrImageFolderIsNotFound)
{
    dwb::test::TempDir dir;
    std::filesystem::create_directories(dir / "train_images");
    auto noCsv = dwb::scanSeverstal(dir.path());
    ASSERT_FALSE(noCsv);
    EXPECT_EQ(noCsv.error().code, ErrorCode::NotFound);
    EXPECT_NE(noCsv.error().message.find((dir / "train.csv").string()), std::string::npos)
        << noCsv.error().message;

    std::filesystem::remove(dir / "train_images");
    std::ofstream(dir / "train.csv") << "ImageId,ClassId,EncodedPixels\n";
    auto noImages = dwb::scanSeverstal(dir.path());
    ASSERT_FALSE(noImages);
    EXPECT_EQ(noImages.error().code, ErrorCode::NotFound);
    EXPECT_NE(noImages.error().message.find((dir / "train_images").string()), std::string::npos)
        << noImages.error().message;
}

TEST(SeverstalImporter, UnknownHeaderIsAnError)
{
    SeverstalFolder folder({"a.png"});
    folder.writeCsv("image,mask\na.png,1 1\n");
    auto plan = dwb::scanSeverstal(folder.root());
    ASSERT_FALSE(plan);
    EXPECT_EQ(plan.error().code, ErrorCode::Corrupt);
    EXPECT_NE(plan.error().message.find("unrecognised header 'image,mask'"), std::string::npos)
        << plan.error().message;
}
