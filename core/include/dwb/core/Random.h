#pragma once

#include <cstdint>
#include <random>

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

private:
    std::mt19937_64 m_engine;
};

} // namespace dwb
