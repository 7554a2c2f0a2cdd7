#pragma once

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace dwb {

// A seeded generator whose sequences are the same on every platform and standard library:
// std::mt19937_64 is fully specified, the distributions below are written out here because
// the standard ones are not.
class Rng {
public:
    explicit Rng(std::uint64_t seed)
        : m_engine(seed)
    {
    }

    std::uint64_t next() { return m_engine(); }
    // Uniform in [lo, hi], both inclusive.
    std::int64_t uniformInt(std::int64_t lo, std::int64_t hi);
    // Uniform in [0, 1).
    double uniform();
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Standard normal (Box-Muller).
    double normal();
    double normal(double mean, double stddev) { return mean + stddev * normal(); }
    bool chance(double probability) { return uniform() < probability; }
    // Fisher-Yates, from the back: the same permutation for the same seed everywhere.
    template <typename T>
    void shuffle(std::vector<T>& items)
    {
        for (std::size_t i = items.size(); i > 1; --i)
            std::swap(
                items[i - 1],
                items[static_cast<std::size_t>(uniformInt(0, static_cast<std::int64_t>(i) - 1))]);
    }

private:
    std::mt19937_64 m_engine;
};

} // namespace dwb
