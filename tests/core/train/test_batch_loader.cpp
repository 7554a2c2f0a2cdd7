#include "dwb/imaging/ClassMask.h"
#include "dwb/imaging/TensorConversion.h"
#include "dwb/train/BatchLoader.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <opencv2/core.hpp>

#include <set>

namespace dwb {
namespace {

// Sample i: image value at (y, x) = (y * 7 + x + i) % 256; class 0 marks the top-left pixel,
// class 1 the pixel right of it, so flips can be followed.
std::vector<PreparedSample> samples(int count)
{
    std::vector<PreparedSample> result;
    for (int i = 0; i < count; ++i) {
        cv::Mat image(6, 5, CV_8UC1);
        for (int y = 0; y < 6; ++y)
            for (int x = 0; x < 5; ++x)
                image.at<std::uint8_t>(y, x) = static_cast<std::uint8_t>((y * 7 + x + i) % 256);
        cv::Mat mask = emptyClassMask({5, 6});
        mask.at<std::uint16_t>(0, 0) = 1;
        mask.at<std::uint16_t>(0, 1) = 2;
        result.push_back({100 + i, image, mask, i % 2 ? 3u : 1u});
    }
    return result;
}

} // namespace

TEST(TensorConversion, ImagesAndMasksConvertExactly)
{
    const auto sample = samples(1)[0];
    const at::Tensor image = imageToTensor(sample.image);
    ASSERT_EQ(image.sizes(), (std::vector<int64_t>{1, 6, 5}));
    EXPECT_FLOAT_EQ(image[0][2][3].item<float>(), (2 * 7 + 3) / 255.0f);
    const at::Tensor mask = classMaskToTensor(sample.mask, 2);
    ASSERT_EQ(mask.sizes(), (std::vector<int64_t>{2, 6, 5}));
    EXPECT_EQ(mask[0].sum().item<float>(), 1.0f);
    EXPECT_EQ(mask[1][0][1].item<float>(), 1.0f);
    const cv::Mat back = tensorToClassMask(mask);
    EXPECT_EQ(cv::countNonZero(back != sample.mask), 0);
    const cv::Mat binary = tensorToBinaryImage(mask[1]);
    EXPECT_EQ(binary.at<std::uint8_t>(0, 1), 255);
    EXPECT_EQ(cv::countNonZero(binary), 1);
}

TEST(BatchLoader, EveryPassServesEachSampleOnce)
{
    const auto data = samples(11);
    BatchLoader loader(data, 2, 4);
    EXPECT_EQ(loader.batchesPerPass(), 3u);
    for (const bool randomize : {false, true}) {
        loader.start(randomize, 7);
        std::multiset<std::int64_t> seen;
        std::vector<std::int64_t> sizes;
        while (auto batch = loader.next()) {
            sizes.push_back(batch->images.size(0));
            EXPECT_EQ(batch->masks.sizes(), (std::vector<int64_t>{batch->images.size(0), 2, 6, 5}));
            seen.insert(batch->ids.begin(), batch->ids.end());
        }
        EXPECT_EQ(sizes, (std::vector<std::int64_t>{4, 4, 3}));
        EXPECT_EQ(seen.size(), 11u);
        EXPECT_EQ(std::set<std::int64_t>(seen.begin(), seen.end()).size(), 11u);
    }
}

TEST(BatchLoader, SameSeedSamePassOtherSeedOther)
{
    const auto data = samples(16);
    BatchLoader loader(data, 2, 16);
    auto pass = [&](std::uint64_t seed) {
        loader.start(true, seed);
        auto batch = loader.next();
        return std::pair(batch->ids, batch->images.clone());
    };
    const auto a = pass(3), b = pass(3), c = pass(4);
    EXPECT_EQ(a.first, b.first);
    EXPECT_TRUE(at::equal(a.second, b.second));
    EXPECT_NE(a.first, c.first);
}

TEST(BatchLoader, FlipsMoveImageAndMaskTogether)
{
    const auto data = samples(32);
    BatchLoader loader(data, 2, 32);
    loader.start(true, 11);
    auto batch = loader.next();
    ASSERT_TRUE(batch);
    int flipped = 0;
    for (int n = 0; n < 32; ++n) {
        const at::Tensor image = batch->images[n][0];
        const at::Tensor mask0 = batch->masks[n][0];
        const at::Tensor mask1 = batch->masks[n][1];
        // Where class 0 sits now tells the flip; the pixel value there must be the original
        // top-left value, and class 1 must sit next to it on the same row.
        const auto where = mask0.nonzero();
        ASSERT_EQ(where.size(0), 1);
        const auto y = where[0][0].item<int64_t>(), x = where[0][1].item<int64_t>();
        const int i = static_cast<int>(batch->ids[static_cast<std::size_t>(n)] - 100);
        EXPECT_FLOAT_EQ(image[y][x].item<float>(), static_cast<float>(i % 256) / 255.0f);
        const int64_t nextX = x == 0 ? 1 : x - 1;
        EXPECT_EQ(mask1[y][nextX].item<float>(), 1.0f);
        flipped += (x != 0 || y != 0) ? 1 : 0;
        EXPECT_EQ(batch->labels[n][1].item<float>(), i % 2 ? 1.0f : 0.0f);
    }
    EXPECT_GT(flipped, 10) << "about three in four samples are flipped";
    EXPECT_LT(flipped, 32);
}

} // namespace dwb
