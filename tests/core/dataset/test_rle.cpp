#include "dwb/dataset/Rle.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <random>
#include <string>
#include <vector>

namespace {

using dwb::ErrorCode;
using dwb::RleRun;

// Number of pixels where the two masks disagree on set versus unset.
int differingPixels(const cv::Mat& a, const cv::Mat& b)
{
    cv::Mat setA, setB, differ;
    cv::compare(a, 0, setA, cv::CMP_NE);
    cv::compare(b, 0, setB, cv::CMP_NE);
    cv::bitwise_xor(setA, setB, differ);
    return cv::countNonZero(differ);
}

cv::Mat decodeText(const std::string& text, cv::Size size)
{
    auto runs = dwb::parseRle(text);
    EXPECT_TRUE(runs) << text << ": " << runs.error().message;
    if (!runs)
        return {};
    auto mask = dwb::decodeRle(*runs, size);
    EXPECT_TRUE(mask) << text << ": " << mask.error().message;
    return mask ? *mask : cv::Mat();
}

// The message of the error that parsing `text` must produce.
std::string parseError(const std::string& text)
{
    auto runs = dwb::parseRle(text);
    EXPECT_FALSE(runs) << "'" << text << "' was accepted";
    if (runs)
        return {};
    EXPECT_EQ(runs.error().code, ErrorCode::BadRle);
    return runs.error().message;
}

cv::Mat randomMask(std::mt19937& rng, int seed)
{
    std::uniform_int_distribution<int> side(1, 48);
    cv::Size size(side(rng), side(rng));
    switch (seed % 8) {
    case 0:
        size = cv::Size(1, 1);
        break;
    case 1:
        size.width = 1; // a single column: every run is one column
        break;
    case 2:
        size.height = 1; // a single row: every run is one pixel
        break;
    default:
        break;
    }
    cv::Mat mask = cv::Mat::zeros(size, CV_8UC1);
    const int content = (seed / 8) % 5;
    if (content == 1) {
        mask.setTo(255);
    } else if (content == 2) {
        std::bernoulli_distribution set(std::uniform_real_distribution<double>(0.05, 0.95)(rng));
        for (int y = 0; y < mask.rows; ++y)
            for (int x = 0; x < mask.cols; ++x)
                mask.at<std::uint8_t>(y, x) = set(rng) ? 255 : 0;
    } else if (content >= 3) {
        std::uniform_int_distribution<int> blobs(1, 5);
        for (int i = blobs(rng); i > 0; --i) {
            const cv::Point centre(std::uniform_int_distribution<int>(0, size.width - 1)(rng),
                                   std::uniform_int_distribution<int>(0, size.height - 1)(rng));
            const int radius = std::uniform_int_distribution<int>(0, 12)(rng);
            // Any non-zero value counts as set, not only 255.
            const int value = std::uniform_int_distribution<int>(1, 255)(rng);
            if (i % 2)
                cv::circle(mask, centre, radius, cv::Scalar(value), cv::FILLED);
            else
                cv::rectangle(mask, centre, centre + cv::Point(radius, radius / 2),
                              cv::Scalar(value), cv::FILLED);
        }
    }
    return mask;
}

} // namespace

TEST(Rle, RandomMasksRoundTrip)
{
    for (int seed = 0; seed < 400; ++seed) {
        std::mt19937 rng(static_cast<std::uint32_t>(seed));
        const cv::Mat mask = randomMask(rng, seed);
        const std::string text = dwb::encodeRle(mask);
        SCOPED_TRACE("seed " + std::to_string(seed) + ", " + std::to_string(mask.rows) + "x" +
                     std::to_string(mask.cols) + ": '" + text + "'");

        auto runs = dwb::parseRle(text);
        ASSERT_TRUE(runs) << runs.error().message;
        std::int64_t covered = 0;
        for (std::size_t i = 0; i < runs->size(); ++i) {
            covered += (*runs)[i].length;
            // Encoding merges touching runs, so consecutive runs leave at least one gap pixel.
            if (i > 0) {
                EXPECT_GT((*runs)[i].start, (*runs)[i - 1].start + (*runs)[i - 1].length);
            }
        }
        EXPECT_EQ(covered, cv::countNonZero(mask));
        EXPECT_EQ(text.empty(), covered == 0);

        auto decoded = dwb::decodeRle(*runs, mask.size());
        ASSERT_TRUE(decoded) << decoded.error().message;
        EXPECT_EQ(decoded->type(), CV_8UC1);
        EXPECT_EQ(decoded->size(), mask.size());
        EXPECT_EQ(differingPixels(*decoded, mask), 0);
        EXPECT_EQ(cv::countNonZero(*decoded == 255), cv::countNonZero(mask));
        // Encoding is canonical: re-encoding the decoded mask gives the same text.
        EXPECT_EQ(dwb::encodeRle(*decoded), text);
    }
}

TEST(Rle, DecodeNumbersPixelsDownColumnsFirst)
{
    // 4 rows x 3 columns: pixel n sits at row (n-1) % 4, column (n-1) / 4.
    const cv::Mat mask = decodeText("2 3 9 2", cv::Size(3, 4));
    ASSERT_FALSE(mask.empty());
    const cv::Mat expected = (cv::Mat_<std::uint8_t>(4, 3) << 0, 0, 255, //
                              255, 0, 255,                               //
                              255, 0, 0,                                 //
                              255, 0, 0);
    EXPECT_EQ(cv::countNonZero(mask != expected), 0);
    EXPECT_EQ(dwb::encodeRle(expected), "2 3 9 2");
}

TEST(Rle, RunsContinueIntoTheNextColumn)
{
    // Pixels 3..5: the bottom two of column 0, then the top of column 1.
    const cv::Mat mask = decodeText("3 3", cv::Size(3, 4));
    ASSERT_FALSE(mask.empty());
    EXPECT_EQ(cv::countNonZero(mask), 3);
    EXPECT_EQ(mask.at<std::uint8_t>(2, 0), 255);
    EXPECT_EQ(mask.at<std::uint8_t>(3, 0), 255);
    EXPECT_EQ(mask.at<std::uint8_t>(0, 1), 255);
    EXPECT_EQ(dwb::encodeRle(mask), "3 3");
}

TEST(Rle, TouchingRunsDecodeAndEncodeAsOne)
{
    const cv::Mat touching = decodeText("1 2 3 2", cv::Size(3, 4));
    const cv::Mat merged = decodeText("1 4", cv::Size(3, 4));
    EXPECT_EQ(cv::countNonZero(touching != merged), 0);
    EXPECT_EQ(dwb::encodeRle(touching), "1 4");
}

TEST(Rle, SeverstalSizedMaskCornersAndFullMask)
{
    const cv::Size size(1600, 256);
    const cv::Mat last = decodeText("409600 1", size);
    ASSERT_FALSE(last.empty());
    EXPECT_EQ(cv::countNonZero(last), 1);
    EXPECT_EQ(last.at<std::uint8_t>(255, 1599), 255);

    // A Kaggle training row: pixel 29102 is column 113, row 173.
    const cv::Mat kaggle = decodeText("29102 12 29346 24", size);
    ASSERT_FALSE(kaggle.empty());
    EXPECT_EQ(cv::countNonZero(kaggle), 36);
    EXPECT_EQ(cv::countNonZero(kaggle.col(113).rowRange(173, 185)), 12);
    EXPECT_EQ(cv::countNonZero(kaggle.col(114).rowRange(161, 185)), 24);
    EXPECT_EQ(dwb::encodeRle(kaggle), "29102 12 29346 24");

    const cv::Mat full = decodeText("1 409600", size);
    ASSERT_FALSE(full.empty());
    EXPECT_EQ(cv::countNonZero(full), 409600);
    EXPECT_EQ(dwb::encodeRle(full), "1 409600");
}

TEST(Rle, EmptyTextIsNoRuns)
{
    for (const std::string text : {"", "   ", "\r\n"}) {
        auto runs = dwb::parseRle(text);
        ASSERT_TRUE(runs);
        EXPECT_TRUE(runs->empty());
    }
    const cv::Mat mask = decodeText("", cv::Size(5, 7));
    ASSERT_FALSE(mask.empty());
    EXPECT_EQ(mask.size(), cv::Size(5, 7));
    EXPECT_EQ(cv::countNonZero(mask), 0);
    EXPECT_EQ(dwb::encodeRle(mask), "");
}

TEST(Rle, ParseToleratesExtraWhitespace)
{
    auto runs = dwb::parseRle("  1 2\t\t5  1 \r\n");
    ASSERT_TRUE(runs) << runs.error().message;
    ASSERT_EQ(runs->size(), 2u);
    EXPECT_EQ((*runs)[0].start, 1);
    EXPECT_EQ((*runs)[0].length, 2);
    EXPECT_EQ((*runs)[1].start, 5);
    EXPECT_EQ((*runs)[1].length, 1);
}

TEST(Rle, ParseRejectsMalformedText)
{
    EXPECT_NE(parseError("1 2 3").find("odd number of values (3)"), std::string::npos);
    EXPECT_NE(parseError("1 2 3 4 5 6 7").find("odd number of values (7)"), std::string::npos);
    EXPECT_NE(parseError("1 2 x 3").find("value 3 ('x') is not an integer"), std::string::npos);
    EXPECT_NE(parseError("1 2 3.5 1").find("value 3 ('3.5') is not an integer"), std::string::npos);
    EXPECT_NE(parseError("1 2 +3 1").find("value 3 ('+3') is not an integer"), std::string::npos);
    EXPECT_NE(parseError("0 5").find("value 1 ('0') is not positive"), std::string::npos);
    EXPECT_NE(parseError("5 0").find("value 2 ('0') is not positive"), std::string::npos);
    EXPECT_NE(parseError("-3 2").find("value 1 ('-3') is not positive"), std::string::npos);
    EXPECT_NE(parseError("99999999999999999999 1").find("out of range"), std::string::npos);
    EXPECT_NE(parseError("9223372036854775807 2").find("run 1 is too long"), std::string::npos);
}

TEST(Rle, ParseRejectsUnsortedAndOverlappingRuns)
{
    EXPECT_NE(parseError("50 5 40 3").find("run 2 starts at 40, before run 1 starts at 50"),
              std::string::npos);
    EXPECT_NE(parseError("1 1 30 15 40 3").find("run 3 starts at 40 before run 2 ends at 44"),
              std::string::npos);
    // Starting on the previous run's last pixel overlaps it by one.
    EXPECT_NE(parseError("10 5 14 1").find("run 2 starts at 14 before run 1 ends at 14"),
              std::string::npos);
    EXPECT_TRUE(dwb::parseRle("10 5 15 1"));
}

TEST(Rle, DecodeRejectsRunsPastTheLastPixel)
{
    auto runs = dwb::parseRle("1 1 409990 11");
    ASSERT_TRUE(runs);
    auto mask = dwb::decodeRle(*runs, cv::Size(1600, 256));
    ASSERT_FALSE(mask);
    EXPECT_EQ(mask.error().code, ErrorCode::BadRle);
    EXPECT_NE(mask.error().message.find("run 2 ends at pixel 410000, past the last pixel 409600"),
              std::string::npos)
        << mask.error().message;

    // Ending exactly on the last pixel is fine; one further is not.
    const std::vector<RleRun> exact = {{10, 3}};
    EXPECT_TRUE(dwb::decodeRle(exact, cv::Size(3, 4)));
    const std::vector<RleRun> over = {{10, 4}};
    EXPECT_FALSE(dwb::decodeRle(over, cv::Size(3, 4)));
    EXPECT_FALSE(dwb::decodeRle(exact, cv::Size(0, 0)));
}

TEST(Rle, DecodeRejectsNonPositiveRunsNotFromParse)
{
    const std::vector<RleRun> zeroStart = {{0, 2}};
    const std::vector<RleRun> negativeLength = {{3, -1}};
    for (const auto& runs : {zeroStart, negativeLength}) {
        auto mask = dwb::decodeRle(runs, cv::Size(3, 4));
        ASSERT_FALSE(mask);
        EXPECT_EQ(mask.error().code, ErrorCode::BadRle);
        EXPECT_NE(mask.error().message.find("run 1"), std::string::npos);
    }
}
