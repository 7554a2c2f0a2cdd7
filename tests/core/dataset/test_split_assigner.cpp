#include "dwb/dataset/SplitAssigner.h"

#include <gtest/gtest.h>

#include <map>

namespace dwb {
namespace {

// 80 defect-free, 40 of class 0, 16 of class 1, 8 with both (class 1 is their rarest).
std::vector<std::uint32_t> dataset()
{
    std::vector<std::uint32_t> bits;
    bits.insert(bits.end(), 80, 0u);
    bits.insert(bits.end(), 40, 1u);
    bits.insert(bits.end(), 16, 2u);
    bits.insert(bits.end(), 8, 3u);
    return bits;
}

std::map<Split, int> countWhere(const std::vector<std::uint32_t>& bits,
                                const std::vector<Split>& splits, std::uint32_t value)
{
    std::map<Split, int> counts;
    for (std::size_t i = 0; i < bits.size(); ++i)
        if (bits[i] == value)
            ++counts[splits[i]];
    return counts;
}

} // namespace

TEST(SplitAssigner, SameSeedSameSplitOtherSeedOther)
{
    const auto bits = dataset();
    const auto a = assignSplits(bits, {});
    EXPECT_EQ(a, assignSplits(bits, {}));
    SplitConfig other;
    other.seed = 43;
    EXPECT_NE(a, assignSplits(bits, other));
}

TEST(SplitAssigner, EachStratumFollowsTheRatios)
{
    const auto bits = dataset();
    const auto splits = assignSplits(bits, {});
    ASSERT_EQ(splits.size(), bits.size());
    // Defect-free: 80 -> 60 / 10 / 10; class 0 only: 40 -> 30 / 5 / 5.
    auto free = countWhere(bits, splits, 0u);
    EXPECT_EQ(free[Split::Train], 60);
    EXPECT_EQ(free[Split::Validation], 10);
    EXPECT_EQ(free[Split::Test], 10);
    auto zero = countWhere(bits, splits, 1u);
    EXPECT_EQ(zero[Split::Train], 30);
    EXPECT_EQ(zero[Split::Validation], 5);
    EXPECT_EQ(zero[Split::Test], 5);
    // Class 1 stratum (rarest class): 24 samples -> 18 / 3 / 3, whichever mix of bits.
    int rare[4] = {};
    for (std::size_t i = 0; i < bits.size(); ++i)
        if (bits[i] & 2u)
            ++rare[static_cast<int>(splits[i])];
    EXPECT_EQ(rare[1], 18);
    EXPECT_EQ(rare[2], 3);
    EXPECT_EQ(rare[3], 3);
    EXPECT_EQ(rare[0], 0) << "nothing stays unassigned";
}

TEST(SplitAssigner, CustomRatiosAndValidation)
{
    const std::vector<std::uint32_t> bits(100, 1u);
    SplitConfig config;
    config.train = 0.5;
    config.validation = 0.2;
    config.test = 0.3;
    auto counts = countWhere(bits, assignSplits(bits, config), 1u);
    EXPECT_EQ(counts[Split::Train], 50);
    EXPECT_EQ(counts[Split::Validation], 20);
    EXPECT_EQ(counts[Split::Test], 30);

    config.test = 0.5;
    EXPECT_FALSE(validateSplitConfig(config)) << "ratios must add up to 1";
    config = {};
    config.train = -0.25;
    config.validation = 1.125;
    EXPECT_FALSE(validateSplitConfig(config));
    EXPECT_TRUE(validateSplitConfig({}));
}

TEST(SplitAssigner, EmptyAndTinyInputs)
{
    EXPECT_TRUE(assignSplits({}, {}).empty());
    const auto one = assignSplits({4u}, {});
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0], Split::Train);
}

} // namespace dwb
