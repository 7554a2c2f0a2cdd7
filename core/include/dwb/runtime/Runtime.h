#pragma once

#include <string>

namespace dwb {

struct RuntimeInfo {
    std::string torchVersion;
    std::string opencvVersion;
    std::string sqliteVersion;
    int threads = 0; // torch intra-op threads in use
    bool cudaAvailable = false;
    int cudaDevices = 0;
};

// Sets torch's intra-op threads once at start-up: `threads`, or the machine's core count when
// 0 (torch's own default on some machines is 1 thread, which halves speed on two cores). With
// glibc it also keeps freed memory in the process (see Runtime.cpp), once per process.
RuntimeInfo configureRuntime(int threads = 0);

// What the libraries report, without changing anything.
RuntimeInfo runtimeInfo();

} // namespace dwb
