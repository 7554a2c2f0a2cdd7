#include "dwb/core/Random.h"

#include <cmath>
#include <numbers>

namespace dwb {

std::int64_t Rng::uniformInt(std::int64_t lo, std::int64_t hi)
{
    if (hi <= lo)
        return lo;
    const auto range = static_cast<std::uint64_t>(hi - lo) + 1;
    if (range == 0) // the whole 64-bit range
        return static_cast<std::int64_t>(next());
    // Rejection sampling removes the modulo bias.
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % range;
    std::uint64_t value = next();
    while (value >= limit)
        value = next();
    return lo + static_cast<std::int64_t>(value % range);
}

double Rng::uniform()
{
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double Rng::normal()
{
    double u1 = uniform();
    while (u1 <= 0.0)
        u1 = uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

} // namespace dwb
