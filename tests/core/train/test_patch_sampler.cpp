#include "dwb/imaging/ClassMask.h"
#include "dwb/train/BatchLoader.h"
#include "dwb/train/PatchSampler.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

namespace dwb {
namespace {

// 200x300 mask: class 0 a 6x6 square near the top-left corner, class 1 one pixel far right.
cv::Mat twoDefects()
{
    cv::Mat mask = emptyClassMask({300, 200});
    mask(cv::Rect(10, 12, 6, 6)).setTo(1);
    mask.at<std::uint16_t>(150, 290) = 2;
    return mask;
}

} // namespace

TEST(PatchSampler, CentresTheStatedShareOnDefects)
{
    const cv::Mat mask = twoDefects();
    for (const double share : {0.0, 0.3, 0.75, 1.0}) {
        Rng rng(11);
        int onDefect = 0;
        const int draws = 4000;
        for (int i = 0; i < draws; ++i) {
            const PatchChoice choice = choosePatch(mask, 64, share, rng);
            ASSERT_EQ(choice.rect.size(), cv::Size(64, 64));
            ASSERT_EQ(choice.rect & cv::Rect(0, 0, mask.cols, mask.rows), choice.rect);
            if (!choice.onDefect)
                continue;
            ++onDefect;
            ASSERT_TRUE(choice.rect.contains(choice.defect)) << "the defect is in its crop";
            ASSERT_NE(mask.at<std::uint16_t>(choice.defect), 0) << "and is a defect pixel";
        }
        // Binomial: 4000 draws put the share within 0.03 with overwhelming probability.
        EXPECT_NEAR(static_cast<double>(onDefect) / draws, share, 0.03) << "share " << share;
    }
}

TEST(PatchSampler, DrawsClassesEvenlyAndDefectsAwayFromTheCropCentre)
{
    const cv::Mat mask = twoDefects();
    Rng rng(3);
    int single = 0, offCentre = 0, draws = 2000;
    for (int i = 0; i < draws; ++i) {
        const PatchChoice choice = choosePatch(mask, 64, 1.0, rng);
        single += choice.defect == cv::Point(290, 150) ? 1 : 0;
        const cv::Point centre(choice.rect.x + 32, choice.rect.y + 32);
        offCentre += choice.defect != centre ? 1 : 0;
    }
    // One pixel against 36: the classes, not the pixels, are drawn evenly.
    EXPECT_NEAR(static_cast<double>(single) / draws, 0.5, 0.05);
    EXPECT_GT(offCentre, draws / 2);
}

TEST(PatchSampler, DefectFreeImagesAndSmallImagesStillGiveCrops)
{
    Rng rng(5);
    const cv::Mat clean = emptyClassMask({40, 30});
    const PatchChoice choice = choosePatch(clean, 64, 1.0, rng);
    EXPECT_FALSE(choice.onDefect);
    EXPECT_EQ(choice.rect, cv::Rect(0, 0, 40, 30)) << "clipped to the image";
}

TEST(PatchSampler, LabelsFollowThePixelsInTheCrop)
{
    const cv::Mat mask = twoDefects();
    EXPECT_EQ(patchLabels(mask, {0, 0, 64, 64}, 3u), 1u);
    EXPECT_EQ(patchLabels(mask, {250, 120, 50, 50}, 3u), 2u);
    EXPECT_EQ(patchLabels(mask, {100, 100, 40, 40}, 3u), 0u);
    // Class 2 is labelled but has no pixels anywhere: every crop keeps it.
    EXPECT_EQ(patchLabels(mask, {100, 100, 40, 40}, 7u), 4u);
}

TEST(PatchSampler, TheLoaderCropsImagesMasksAndLabelsTogether)
{
    // The image holds its own coordinates, so a crop can be located from its pixels.
    std::vector<PreparedSample> samples;
    for (int i = 0; i < 6; ++i) {
        cv::Mat image(200, 300, CV_8UC1);
        for (int y = 0; y < 200; ++y)
            for (int x = 0; x < 300; ++x)
                image.at<std::uint8_t>(y, x) = static_cast<std::uint8_t>((x + 3 * y) % 251);
        samples.push_back({i + 1, image, twoDefects(), 3u});
    }
    BatchLoader loader(samples, 2, 3, {64, 1.0});
    loader.start(false, 17);
    int batches = 0;
    while (auto batch = loader.next()) {
        ++batches;
        ASSERT_EQ(batch->images.sizes(), (std::vector<int64_t>{3, 1, 64, 64}));
        ASSERT_EQ(batch->masks.sizes(), (std::vector<int64_t>{3, 2, 64, 64}));
        for (int k = 0; k < 3; ++k) {
            const at::Tensor mask = batch->masks[k];
            const at::Tensor labels = batch->labels[k];
            for (int c = 0; c < 2; ++c)
                EXPECT_EQ(labels[c].item<float>() > 0.5f, mask[c].sum().item<float>() > 0)
                    << "a crop's label is the classes it shows";
            EXPECT_GT(mask.sum().item<float>(), 0) << "every crop is on a defect at share 1";
        }
    }
    EXPECT_EQ(batches, 2);
}

} // namespace dwb
