#pragma once

#include <string>
#include <vector>

namespace dwb {

// What decides which kernels are fastest here: the processor and the vector instructions it has.
struct CpuInfo {
    std::string model;              // "AMD EPYC", "Intel(R) Xeon(R) ..." ("unknown" when unread)
    std::vector<std::string> flags; // the ones that matter for fp32 convolutions, in a fixed order
    int logicalCores = 0;

    // The widest vector family: "avx512", "avx2", "avx" or "sse".
    std::string isaFamily() const;
    // "AMD EPYC, avx2 fma (2 cores)"
    std::string describe() const;
};

// Read once from /proc/cpuinfo (and the compiler's cpuid builtins where that is absent).
const CpuInfo& cpuInfo();

// Parses the text of /proc/cpuinfo; exposed for tests.
CpuInfo parseCpuInfo(const std::string& text);

} // namespace dwb
