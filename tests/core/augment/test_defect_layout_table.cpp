#include "dwb/augment/DefectLayoutTable.h"

#include "AugmentFixtures.h"

#include <gtest/gtest.h>

#include <cmath>

namespace dwb {
namespace {

TEST(DefectLayoutTable, CountsCombinationsAndBlobHistograms)
{
    const std::vector<DefectLayout> layouts = {
        {0b001, 1},  {0b001, 1}, {0b001, 3}, {0b011, 2}, {0b000, 0}, // defect-free: left out
        {0b1111, 4},                                                 // four classes: left out
    };
    const auto table = DefectLayoutTable::fromLayouts(layouts);
    ASSERT_EQ(table.entries().size(), 2u);
    EXPECT_EQ(table.images(), 4);
    const auto& single = table.entries()[0];
    EXPECT_EQ(single.classBits, 0b001u);
    EXPECT_EQ(single.images, 3);
    EXPECT_EQ(single.blobHistogram, (std::map<int, int>{{1, 2}, {3, 1}}));
    EXPECT_EQ(table.entries()[1].classBits, 0b011u);
}

TEST(DefectLayoutTable, SamplesFollowTheTable)
{
    std::vector<DefectLayout> layouts(30, {0b01, 1});
    layouts.insert(layouts.end(), 10, {0b01, 2});
    layouts.insert(layouts.end(), 60, {0b10, 1});
    const auto table = DefectLayoutTable::fromLayouts(layouts);
    Rng rng(5);
    const int n = 10000;
    int twoBlobs = 0;
    int secondClass = 0;
    for (int i = 0; i < n; ++i) {
        const DefectLayout layout = table.sampleLayout(rng);
        secondClass += layout.classBits == 0b10;
        twoBlobs += layout.blobCount == 2;
    }
    // p = 0.6 and 0.1, within 3 sigma.
    EXPECT_NEAR(secondClass, 0.6 * n, 3 * std::sqrt(n * 0.6 * 0.4));
    EXPECT_NEAR(twoBlobs, 0.1 * n, 3 * std::sqrt(n * 0.1 * 0.9));
}

TEST(DefectLayoutTable, ConditionalSamplingKeepsTheClassAndTheAllowedSet)
{
    const std::vector<DefectLayout> layouts = {{0b001, 1}, {0b011, 2}, {0b011, 2}, {0b110, 2}};
    const auto table = DefectLayoutTable::fromLayouts(layouts);
    Rng rng(8);
    int pairs = 0;
    for (int i = 0; i < 3000; ++i) {
        const DefectLayout layout = table.sampleLayout(0, 0b111u, rng);
        ASSERT_TRUE(layout.classBits & 1u);
        pairs += layout.classBits == 0b011u;
    }
    EXPECT_NEAR(pairs, 2000, 3 * std::sqrt(3000 * (2.0 / 3) * (1.0 / 3)));
    // Class 1 without class 0 allowed: only {1, 2}.
    EXPECT_EQ(table.sampleLayout(1, 0b110u, rng).classBits, 0b110u);
    // A class that never occurs on its own terms: that class alone, one blob.
    const DefectLayout alone = table.sampleLayout(2, 0b100u, rng);
    EXPECT_EQ(alone.classBits, 0b100u);
    EXPECT_EQ(alone.blobCount, 1);
    EXPECT_EQ(DefectLayoutTable().sampleLayout(rng).classBits, 0u);
}

TEST(DefectLayoutTable, FromSamplesCountsBlobs)
{
    const auto pool = test::smallPool(2);
    const auto table = DefectLayoutTable::fromSamples(pool, 3);
    ASSERT_EQ(table.entries().size(), 3u);
    for (const auto& entry : table.entries()) {
        EXPECT_EQ(entry.images, 3);
        // Per class: two one-blob images and one two-blob image.
        EXPECT_EQ(entry.blobHistogram, (std::map<int, int>{{1, 2}, {2, 1}}));
    }
}

} // namespace
} // namespace dwb
