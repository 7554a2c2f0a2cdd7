#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace dwb {

// 64-bit FNV-1a: detects a changed or moved image file; not a cryptographic hash.
std::uint64_t fnv1a64(std::span<const std::uint8_t> bytes);

// fnv1a64 as 16 lower-case hex digits.
std::string contentHash(std::span<const std::uint8_t> bytes);

} // namespace dwb
