#include "dwb/runtime/Runtime.h"

#include <ATen/Parallel.h>
#include <opencv2/core/version.hpp>
#include <sqlite3.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <algorithm>
#include <thread>

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
    return runtimeInfo();
}

} // namespace dwb
