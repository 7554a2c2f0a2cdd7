#pragma once

// The exchanges between the ranks of a data-parallel run, over torch's c10d process groups
// (Gloo on CPUs, NCCL on CUDA where the build has it). Private to core; c10d stays in the .cpp.
//
// Every rank must call the same collectives in the same order. A lost rank (its process died,
// its connection broke, or it did not arrive within the timeout) makes the call throw
// RankLostError on every rank still running.

#include "dwb/core/Error.h"
#include "dwb/model/Can.h"
#include "dwb/train/Distributed.h"

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace dwb {

struct RankLostError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// An all-reduce in flight.
class PendingReduce {
public:
    explicit PendingReduce(std::function<void()> wait)
        : m_wait(std::move(wait))
    {
    }
    void wait(); // throws RankLostError

private:
    std::function<void()> m_wait;
};

class Collective {
public:
    // Joins the run: rank 0 hosts the rendezvous store at the master address and port, the
    // others connect to it; returns when every rank has arrived.
    static Result<std::unique_ptr<Collective>> connect(const DistributedSettings& settings,
                                                       const c10::Device& device);
    ~Collective();
    Collective(const Collective&) = delete;
    Collective& operator=(const Collective&) = delete;

    int rank() const { return m_settings.rank; }
    int size() const { return m_settings.worldSize; }
    const DistributedSettings& settings() const { return m_settings; }
    const char* backendName() const;

    // Blocking collectives, in place.
    void broadcast(std::vector<at::Tensor>& tensors, int root = 0);
    void allReduceSum(at::Tensor& tensor);
    void allReduceMax(at::Tensor& tensor);
    PendingReduce allReduceSumAsync(at::Tensor tensor);
    // Every rank's `tensor` (the same shape on all), stacked in rank order.
    at::Tensor allGather(const at::Tensor& tensor);
    // Waits for every rank up to the start timeout: for the end of the slow start.
    void barrierForStart();

    // Short texts through the rendezvous store: `root` publishes, the others wait for it.
    std::string shareText(const std::string& key, const std::string& value, int root = 0);

    // A differentiable sum over the ranks of per-batch statistics (Can.h): forward all-reduces
    // the values, backward all-reduces their gradients. A rank whose `contributes` flag is false
    // (it holds a stand-in sample this step) adds zeros.
    BatchStatisticsSum statisticsSum(const std::atomic<bool>* contributes);

    // Payload bytes this rank has sent into collectives so far (a ring all-reduce of B bytes
    // sends about 2 (W - 1) / W B).
    std::int64_t bytesExchanged() const { return m_bytes.load(); }

private:
    struct Impl;
    Collective(DistributedSettings settings, std::unique_ptr<Impl> impl);
    void account(const at::Tensor& tensor, double factor);

    DistributedSettings m_settings;
    std::unique_ptr<Impl> m_impl;
    std::atomic<std::int64_t> m_bytes{0};
};

// The text of a caught exception from a collective, as the rank-lost message.
std::string rankLostMessage(const std::exception& error);

} // namespace dwb
