#include "dwb/train/NormRecalibration.h"

#include "dwb/core/Random.h"
#include "dwb/train/BatchLoader.h"

#include <torch/csrc/autograd/grad_mode.h>

#include <algorithm>
#include <numeric>

namespace dwb {

Status recalibrateBatchNorm(Can& model, const std::vector<PreparedSample>& samples,
                            std::size_t count, int batchSize, const c10::Device& device,
                            std::uint64_t seed)
{
    if (samples.empty() || count == 0)
        return {};
    std::vector<std::size_t> order(samples.size());
    std::iota(order.begin(), order.end(), 0);
    Rng rng(seed);
    rng.shuffle(order);
    order.resize(std::min(count, order.size()));
    std::ranges::sort(order);
    std::vector<PreparedSample> chosen;
    chosen.reserve(order.size());
    for (const std::size_t i : order)
        chosen.push_back(samples[i]);

    std::vector<torch::nn::BatchNorm2dImpl*> norms;
    for (const auto& module : model->modules(/*include_self=*/false))
        if (auto* norm = module->as<torch::nn::BatchNorm2dImpl>())
            norms.push_back(norm);
    std::vector<c10::optional<double>> momenta;
    for (auto* norm : norms) {
        momenta.push_back(norm->options.momentum());
        norm->reset_running_stats();
        // No momentum: a cumulative average over the batches that follow.
        norm->options.momentum(c10::nullopt);
    }
    const bool wasTraining = model->is_training();
    try {
        torch::NoGradGuard noGrad;
        model->train();
        BatchLoader loader(chosen, model->options().classes, std::max(batchSize, 1));
        loader.start(false, 0);
        while (auto batch = loader.next())
            model->forward(batch->images.to(device));
    } catch (const std::exception& e) {
        model->train(wasTraining);
        for (std::size_t i = 0; i < norms.size(); ++i)
            norms[i]->options.momentum(momenta[i]);
        return fail(ErrorCode::Internal,
                    std::string("cannot recalibrate the batch normalisations: ") + e.what());
    }
    model->train(wasTraining);
    for (std::size_t i = 0; i < norms.size(); ++i)
        norms[i]->options.momentum(momenta[i]);
    return {};
}

} // namespace dwb
