// The data-parallel side of a training session: what the ranks agree on, and validation split
// among them. In one process every function here is the identity.

#include "TrainingSession.h"

#include <ATen/ATen.h>

#include <algorithm>

namespace dwb {
namespace {

// The samples [begin, end) of `count` that rank `rank` of `ranks` validates: contiguous shares
// in rank order, so that gathering them in rank order gives the samples' order.
std::pair<std::size_t, std::size_t> shareOf(std::size_t count, int rank, int ranks)
{
    const auto r = static_cast<std::size_t>(rank);
    const auto n = static_cast<std::size_t>(ranks);
    return {count * r / n, count * (r + 1) / n};
}

constexpr int kResultFields = 5; // score, label, intersection, predicted, truth

// One rank's per-image results as rows of a `widest` x classes x fields tensor, zero-padded.
at::Tensor packResults(const std::vector<std::vector<ImageClassResult>>& results,
                       std::size_t widest, std::size_t classes)
{
    at::Tensor packed = at::zeros(
        {static_cast<std::int64_t>(widest), static_cast<std::int64_t>(classes), kResultFields},
        at::kDouble);
    auto* r = packed.data_ptr<double>();
    for (std::size_t i = 0; i < results.size(); ++i)
        for (std::size_t c = 0; c < classes; ++c) {
            const ImageClassResult& one = results[i][c];
            double* at = r + (i * classes + c) * kResultFields;
            at[0] = one.score;
            at[1] = one.label ? 1 : 0;
            at[2] = static_cast<double>(one.intersection);
            at[3] = static_cast<double>(one.predicted);
            at[4] = static_cast<double>(one.truth);
        }
    return packed;
}

// Every rank's rows of `gathered` (ranks x widest x classes x fields), in the samples' order.
std::vector<std::vector<ImageClassResult>>
unpackResults(const at::Tensor& gathered, std::size_t count, int ranks, std::size_t classes)
{
    const auto widest = static_cast<std::size_t>(gathered.size(1));
    const auto* g = gathered.data_ptr<double>();
    std::vector<std::vector<ImageClassResult>> results;
    for (int rank = 0; rank < ranks; ++rank) {
        const auto [from, to] = shareOf(count, rank, ranks);
        for (std::size_t i = 0; i < to - from; ++i) {
            std::vector<ImageClassResult> row(classes);
            for (std::size_t c = 0; c < classes; ++c) {
                const double* at =
                    g +
                    ((static_cast<std::size_t>(rank) * widest + i) * classes + c) * kResultFields;
                row[c] = {static_cast<float>(at[0]), at[1] > 0.5, static_cast<std::int64_t>(at[2]),
                          static_cast<std::int64_t>(at[3]), static_cast<std::int64_t>(at[4])};
            }
            results.push_back(std::move(row));
        }
    }
    return results;
}

} // namespace

// Rank 0's initial weights and buffers on every rank (a resumed run has read the same
// checkpoint everywhere; a new one starts from the same seed, but a different LibTorch build
// could draw differently).
void TrainingSession::synchroniseStart()
{
    m_collective->barrierForStart();
    torch::NoGradGuard noGrad;
    std::vector<at::Tensor> state;
    for (const at::Tensor& parameter : m_model->parameters())
        state.push_back(parameter);
    for (const at::Tensor& buffer : m_model->buffers())
        state.push_back(buffer);
    m_collective->broadcast(state);
}

TrainingSession::StepControl TrainingSession::agreeOnStep(StepControl mine)
{
    if (!m_collective)
        return mine;
    const bool zero = m_collective->rank() == 0;
    at::Tensor values =
        at::tensor({mine.cancelled ? 1.0 : 0.0, zero && mine.budgetEnded ? 1.0 : 0.0,
                    zero ? mine.progress : 0.0},
                   at::kDouble)
            .to(m_setup.device);
    m_collective->allReduceMax(values);
    values = values.cpu();
    const double* v = values.data_ptr<double>();
    return {v[0] > 0, v[1] > 0, v[2]};
}

bool TrainingSession::rankZeroSays(bool value)
{
    if (!m_collective)
        return value;
    std::vector<at::Tensor> flag{
        at::full({1}, value ? 1.0 : 0.0, at::TensorOptions(at::kDouble).device(m_setup.device))};
    m_collective->broadcast(flag);
    return flag[0].item<double>() > 0;
}

bool TrainingSession::anyRankSays(bool value)
{
    if (!m_collective)
        return value;
    at::Tensor flag =
        at::full({1}, value ? 1.0 : 0.0, at::TensorOptions(at::kDouble).device(m_setup.device));
    m_collective->allReduceMax(flag);
    return flag.item<double>() > 0;
}

void TrainingSession::sumOverRanks(at::Tensor& tensor)
{
    if (m_collective)
        m_collective->allReduceSum(tensor);
}

// Each rank validates its share of the split; the results are gathered on every rank, so that
// every rank takes the same decisions (best epoch, early stop) from the same numbers.
Result<Evaluation> TrainingSession::evaluateShared(const EvaluationOptions& options)
{
    if (!m_collective)
        return evaluate(m_model, m_setup.validation, m_classes, m_loss, m_setup.device, options);
    const auto [begin, end] =
        shareOf(m_setup.validation.size(), m_collective->rank(), m_collective->size());
    Evaluation mine;
    mine.histograms.assign(static_cast<std::size_t>(m_classes), PixelHistogram{});
    mine.loss.perClass.assign(static_cast<std::size_t>(m_classes), {});
    if (end > begin) {
        const std::vector<PreparedSample> share(
            m_setup.validation.begin() + static_cast<std::ptrdiff_t>(begin),
            m_setup.validation.begin() + static_cast<std::ptrdiff_t>(end));
        auto evaluated = evaluate(m_model, share, m_classes, m_loss, m_setup.device, options);
        if (!evaluated)
            return evaluated; // the others find this rank gone at the next exchange
        mine = std::move(*evaluated);
    }
    Evaluation all = gatherEvaluation(std::move(mine), begin, end);
    all.metrics = computeMetrics(all.results, options.threshold);
    all.loss.total = options.lambda * all.loss.cls + (1 - options.lambda) * all.loss.seg;
    return all;
}

Evaluation TrainingSession::gatherEvaluation(Evaluation mine, std::size_t begin,
                                             std::size_t end) const
{
    const std::size_t count = m_setup.validation.size();
    const auto classes = static_cast<std::size_t>(m_classes);
    const int ranks = m_collective->size();
    // The per-class loss sums and the pixel histograms add up.
    at::Tensor losses = at::zeros({2 * m_classes}, at::kDouble);
    for (std::size_t c = 0; c < classes; ++c) {
        losses[static_cast<std::int64_t>(c)] = mine.loss.perClass[c].cls * (end - begin);
        losses[static_cast<std::int64_t>(classes + c)] = mine.loss.perClass[c].seg * (end - begin);
    }
    at::Tensor histograms = at::empty({m_classes, 2, kThresholdBins}, at::kLong);
    auto* bins = histograms.data_ptr<std::int64_t>();
    for (std::size_t c = 0; c < classes; ++c) {
        std::ranges::copy(mine.histograms[c].all, bins + (2 * c) * kThresholdBins);
        std::ranges::copy(mine.histograms[c].truth, bins + (2 * c + 1) * kThresholdBins);
    }
    // The per-image results are gathered in rank order, each share padded to the largest.
    const std::size_t widest = (count + static_cast<std::size_t>(ranks) - 1) / ranks;
    const at::Tensor results = packResults(mine.results, widest, classes);
    const auto onDevice = [&](const at::Tensor& t) { return t.to(m_setup.device); };
    at::Tensor lossSums = onDevice(losses);
    at::Tensor histogramSums = onDevice(histograms);
    m_collective->allReduceSum(lossSums);
    m_collective->allReduceSum(histogramSums);
    const at::Tensor gathered = m_collective->allGather(onDevice(results)).cpu().contiguous();
    lossSums = lossSums.cpu().contiguous();
    histogramSums = histogramSums.cpu().contiguous();
    const auto* sums = lossSums.data_ptr<double>();
    const auto* summedBins = histogramSums.data_ptr<std::int64_t>();

    Evaluation all;
    all.seconds = mine.seconds;
    const double n = static_cast<double>(std::max<std::size_t>(count, 1));
    for (std::size_t c = 0; c < classes; ++c) {
        all.loss.perClass.push_back({sums[c] / n, sums[classes + c] / n});
        all.loss.cls += all.loss.perClass.back().cls / static_cast<double>(classes);
        all.loss.seg += all.loss.perClass.back().seg / static_cast<double>(classes);
        PixelHistogram histogram;
        const std::int64_t* classBins = summedBins + 2 * c * kThresholdBins;
        std::copy(classBins, classBins + kThresholdBins, histogram.all.begin());
        std::copy(classBins + kThresholdBins, classBins + 2 * kThresholdBins,
                  histogram.truth.begin());
        all.histograms.push_back(std::move(histogram));
    }
    all.results = unpackResults(gathered, count, ranks, classes);
    return all;
}

Status TrainingSession::keepLastCheckpoint()
{
    if (!writer() || m_lastCheckpoint.bytes.empty())
        return {};
    return writeCheckpoint(m_folder / "checkpoint.pt", m_lastCheckpoint);
}

} // namespace dwb
