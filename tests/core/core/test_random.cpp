#include "dwb/core/Random.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>

namespace dwb {

TEST(Rng, SameSeedGivesSameSequence)
{
    Rng a(7), b(7), c(8);
    bool differs = false;
    for (int i = 0; i < 100; ++i) {
        const auto x = a.next();
        EXPECT_EQ(x, b.next());
        differs = differs || x != c.next();
    }
    EXPECT_TRUE(differs);
}

TEST(Rng, KnownFirstValueOfMt19937_64)
{
    // The standard fixes mt19937_64's 10000th output for the default seed; ours is the same
    // engine, so a seed-5489 generator must reproduce it.
    Rng rng(5489);
    std::uint64_t value = 0;
    for (int i = 0; i < 10000; ++i)
        value = rng.next();
    EXPECT_EQ(value, 9981545732273789042ull);
}

TEST(Rng, UniformIntStaysInRangeAndCoversIt)
{
    Rng rng(1);
    std::array<int, 6> counts{};
    for (int i = 0; i < 60000; ++i) {
        const auto v = rng.uniformInt(-2, 3);
        ASSERT_GE(v, -2);
        ASSERT_LE(v, 3);
        ++counts[static_cast<std::size_t>(v + 2)];
    }
    for (const int count : counts)
        EXPECT_NEAR(count, 10000, 400);
    EXPECT_EQ(rng.uniformInt(5, 5), 5);
}

TEST(Rng, UniformAndNormalHaveTheirMoments)
{
    Rng rng(3);
    double sum = 0, sumNormal = 0, sumNormalSq = 0;
    constexpr int n = 100000;
    for (int i = 0; i < n; ++i) {
        const double u = rng.uniform();
        ASSERT_GE(u, 0.0);
        ASSERT_LT(u, 1.0);
        sum += u;
        const double z = rng.normal(2.0, 3.0);
        sumNormal += z;
        sumNormalSq += z * z;
    }
    EXPECT_NEAR(sum / n, 0.5, 0.01);
    const double mean = sumNormal / n;
    EXPECT_NEAR(mean, 2.0, 0.05);
    EXPECT_NEAR(std::sqrt(sumNormalSq / n - mean * mean), 3.0, 0.05);
}

} // namespace dwb
