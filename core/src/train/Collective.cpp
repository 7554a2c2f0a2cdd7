#include "Collective.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/custom_function.h>

// Gloo's half of c10d (torch's CMake package defines this too; Debian's libtorch has it).
#ifndef USE_C10D_GLOO
#define USE_C10D_GLOO 1
#endif
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#if defined(DWB_HAVE_NCCL)
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <chrono>
#include <cstdlib>

namespace dwb {
namespace {

std::chrono::milliseconds milliseconds(double seconds)
{
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000.0));
}

bool isLoopback(const std::string& address)
{
    return address == "localhost" || address.rfind("127.", 0) == 0 || address == "::1";
}

// Where Gloo listens: the interfaces GLOO_SOCKET_IFNAME names (as in torch), the loopback
// interface for a run on one machine, else the address this host's name resolves to.
std::vector<std::shared_ptr<::gloo::transport::Device>>
glooDevices(const DistributedSettings& settings)
{
    std::vector<std::shared_ptr<::gloo::transport::Device>> devices;
    if (const char* names = std::getenv("GLOO_SOCKET_IFNAME"); names && *names) {
        std::string list = names;
        for (std::size_t begin = 0; begin <= list.size();) {
            const std::size_t end = std::min(list.find(',', begin), list.size());
            if (end > begin)
                devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(
                    list.substr(begin, end - begin)));
            begin = end + 1;
        }
    } else if (isLoopback(settings.masterAddress)) {
        devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    } else {
        devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    }
    return devices;
}

// The sum over the ranks as an autograd function: the gradient of a sum that every rank uses
// is the sum of every rank's gradient.
struct SumOverRanks : torch::autograd::Function<SumOverRanks> {
    static at::Tensor forward(torch::autograd::AutogradContext* context, const at::Tensor& input,
                              Collective* collective)
    {
        context->saved_data["collective"] = reinterpret_cast<std::int64_t>(collective);
        at::Tensor sum = input.detach().clone();
        collective->allReduceSum(sum);
        return sum;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                   torch::autograd::variable_list gradients)
    {
        auto* collective = reinterpret_cast<Collective*>(context->saved_data["collective"].toInt());
        at::Tensor sum = gradients[0].contiguous().clone();
        collective->allReduceSum(sum);
        return {sum, at::Tensor()};
    }
};

} // namespace

struct Collective::Impl {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroup> group;
    const char* backend = "gloo";
};

void PendingReduce::wait()
{
    m_wait();
}

namespace {

// c10 errors carry a stack trace after the first line.
std::string firstLine(const std::exception& error)
{
    std::string what = error.what();
    if (const auto end = what.find('\n'); end != std::string::npos)
        what.resize(end);
    return what;
}

} // namespace

std::string rankLostMessage(const std::exception& error)
{
    return "lost contact with another rank of this run (" + firstLine(error) + ")";
}

Result<std::unique_ptr<Collective>> Collective::connect(const DistributedSettings& settings,
                                                        const c10::Device& device)
{
    bool nccl = settings.backend == DistributedBackend::Nccl;
    if (settings.backend == DistributedBackend::Automatic)
        nccl = device.is_cuda() && ncclAvailable();
    if (nccl && !ncclAvailable())
        return fail(ErrorCode::InvalidArgument,
                    "this build of LibTorch has no NCCL backend; use --dist-backend gloo");
    if (nccl && !device.is_cuda())
        return fail(ErrorCode::InvalidArgument, "the NCCL backend needs a CUDA device per rank");
    auto impl = std::make_unique<Impl>();
    try {
        c10d::TCPStoreOptions store;
        store.port = static_cast<std::uint16_t>(settings.masterPort);
        store.isServer = settings.rank == 0;
        store.numWorkers = static_cast<std::size_t>(settings.worldSize);
        store.timeout = milliseconds(settings.startTimeoutSeconds);
        impl->store = c10::make_intrusive<c10d::TCPStore>(settings.masterAddress, store);
        if (nccl) {
#if defined(DWB_HAVE_NCCL)
            auto options = c10d::ProcessGroupNCCL::Options::create();
            options->timeout = milliseconds(settings.timeoutSeconds);
            impl->group = c10::make_intrusive<c10d::ProcessGroupNCCL>(impl->store, settings.rank,
                                                                      settings.worldSize, options);
            impl->backend = "nccl";
#endif
        } else {
            auto options =
                c10d::ProcessGroupGloo::Options::create(milliseconds(settings.timeoutSeconds));
            options->devices = glooDevices(settings);
            impl->group = c10::make_intrusive<c10d::ProcessGroupGloo>(impl->store, settings.rank,
                                                                      settings.worldSize, options);
        }
    } catch (const std::exception& e) {
        return fail(ErrorCode::RankLost,
                    "cannot join the run's " + std::to_string(settings.worldSize) + " ranks at " +
                        settings.masterAddress + ":" + std::to_string(settings.masterPort) +
                        " as rank " + std::to_string(settings.rank) + ": " + firstLine(e));
    }
    return std::unique_ptr<Collective>(new Collective(settings, std::move(impl)));
}

Collective::Collective(DistributedSettings settings, std::unique_ptr<Impl> impl)
    : m_settings(std::move(settings))
    , m_impl(std::move(impl))
{
}

Collective::~Collective() = default;

const char* Collective::backendName() const
{
    return m_impl->backend;
}

void Collective::account(const at::Tensor& tensor, double factor)
{
    m_bytes += static_cast<std::int64_t>(static_cast<double>(tensor.nbytes()) * factor);
}

namespace {

template <typename Call>
void waitFor(Call&& call)
{
    try {
        call()->wait();
    } catch (const RankLostError&) {
        throw;
    } catch (const std::exception& e) {
        throw RankLostError(rankLostMessage(e));
    }
}

} // namespace

void Collective::broadcast(std::vector<at::Tensor>& tensors, int root)
{
    for (at::Tensor& tensor : tensors) {
        std::vector<at::Tensor> one{tensor};
        c10d::BroadcastOptions options;
        options.rootRank = root;
        waitFor([&] { return m_impl->group->broadcast(one, options); });
        account(tensor, 1);
    }
}

void Collective::allReduceSum(at::Tensor& tensor)
{
    std::vector<at::Tensor> one{tensor};
    waitFor([&] { return m_impl->group->allreduce(one); });
    account(tensor, 1);
}

void Collective::allReduceMax(at::Tensor& tensor)
{
    std::vector<at::Tensor> one{tensor};
    c10d::AllreduceOptions options;
    options.reduceOp = c10d::ReduceOp::MAX;
    waitFor([&] { return m_impl->group->allreduce(one, options); });
    account(tensor, 1);
}

PendingReduce Collective::allReduceSumAsync(at::Tensor tensor)
{
    account(tensor, 1);
    try {
        std::vector<at::Tensor> one{std::move(tensor)};
        auto work = m_impl->group->allreduce(one);
        return PendingReduce([work] { waitFor([&] { return work; }); });
    } catch (const std::exception& e) {
        throw RankLostError(rankLostMessage(e));
    }
}

at::Tensor Collective::allGather(const at::Tensor& tensor)
{
    std::vector<at::Tensor> input{tensor.contiguous()};
    std::vector<std::vector<at::Tensor>> output(1);
    for (int r = 0; r < size(); ++r)
        output[0].push_back(at::empty_like(input[0]));
    waitFor([&] { return m_impl->group->allgather(output, input); });
    account(tensor, 1);
    return at::stack(output[0]);
}

void Collective::barrierForStart()
{
    c10d::BarrierOptions options;
    options.timeout = milliseconds(m_settings.startTimeoutSeconds);
    waitFor([&] { return m_impl->group->barrier(options); });
}

std::string Collective::shareText(const std::string& key, const std::string& value, int root)
{
    try {
        if (rank() == root) {
            m_impl->store->set(key, std::vector<std::uint8_t>(value.begin(), value.end()));
            return value;
        }
        const std::vector<std::uint8_t> bytes = m_impl->store->get(key);
        return {bytes.begin(), bytes.end()};
    } catch (const std::exception& e) {
        throw RankLostError(rankLostMessage(e));
    }
}

BatchStatisticsSum Collective::statisticsSum(const std::atomic<bool>* contributes)
{
    return [this, contributes](const at::Tensor& local) {
        const at::Tensor mine = contributes && !contributes->load() ? local * 0 : local;
        return SumOverRanks::apply(mine, this);
    };
}

} // namespace dwb
