#include "dwb/runtime/Runtime.h"

#include <ATen/Parallel.h>
#include <opencv2/core/version.hpp>
#include <sqlite3.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <algorithm>
#include <climits>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace dwb {

RuntimeInfo runtimeInfo()
{
    RuntimeInfo info;
    info.torchVersion = TORCH_VERSION;
    info.opencvVersion = CV_VERSION;
    info.sqliteVersion = sqlite3_libversion();
    info.threads = at::get_num_threads();
    info.cudaAvailable = torch::cuda::is_available();
    info.cudaDevices = info.cudaAvailable ? static_cast<int>(torch::cuda::device_count()) : 0;
    return info;
}

RuntimeInfo configureRuntime(int threads)
{
    if (threads <= 0)
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    at::set_num_threads(threads);
#if defined(__GLIBC__)
    // Keep freed activations in the heap. By default glibc maps each block over its (dynamic)
    // mmap threshold afresh and gives freed memory at the top of the heap back to the kernel, so
    // every batch page-faults its activations in again, which costs more than the convolutions on
    // a small machine (bench/README.md: 1.3x on training steps, up to 5x on batched inference).
    // The price is that the process keeps its peak heap until it exits.
    static const bool tuned = [] {
        mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
        mallopt(M_TRIM_THRESHOLD, INT_MAX);
        return true;
    }();
    (void)tuned;
#endif
    return runtimeInfo();
}

} // namespace dwb
