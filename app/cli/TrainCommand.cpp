#include "Command.h"
#include "Commands.h"
#include "JsonWriter.h"
#include "LocalRanks.h"
#include "MetricsOutput.h"
#include "TrainOptions.h"

#include "dwb/train/Trainer.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

namespace dwb::cli {
namespace {

std::atomic<bool> g_interrupted{false};
// What `dwb train` was given: --nproc starts the same command once per rank.
std::span<const std::string> g_arguments;

// "h:mm:ss" or "m:ss".
std::string clockText(double seconds)
{
    const auto total = static_cast<long long>(std::max(0.0, seconds) + 0.5);
    char text[32];
    if (total >= 3600)
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", total / 3600, total / 60 % 60,
                      total % 60);
    else
        std::snprintf(text, sizeof text, "%lld:%02lld", total / 60, total % 60);
    return text;
}

// Clears the progress line onBatch draws, when it draws one.
void clearProgressLine()
{
    if (isatty(fileno(stderr)))
        std::fputs("\r\033[K", stderr);
}

extern "C" void onInterrupt(int)
{
    g_interrupted.store(true);
}

// Prints one line per epoch (or one JSON object per line) as training goes.
class ConsoleObserver : public TrainingObserver {
public:
    ConsoleObserver(std::vector<ClassInfo> classes, bool json)
        : m_classes(std::move(classes))
        , m_json(json)
    {
    }

    void onStarted(const RunStart& start) override
    {
        if (m_json) {
            JsonWriter json(std::cout, true);
            json.beginObject()
                .field("event", "started")
                .field("run", start.runId)
                .field("device", start.device)
                .field("threads", start.threads)
                .field("first_epoch", start.firstEpoch)
                .field("train_samples", std::uint64_t{start.trainSamples})
                .field("val_samples", std::uint64_t{start.validationSamples})
                .field("input_height", start.inputHeight)
                .field("input_width", start.inputWidth)
                .field("pool", start.pool)
                .field("patch_size", start.patchSize)
                .field("budget_seconds", start.budgetSeconds)
                .endObject()
                .finish();
            return;
        }
        std::printf("run %lld on %s (%d threads): %zu train, %zu val samples at %dx%d, pool %d",
                    static_cast<long long>(start.runId), start.device.c_str(), start.threads,
                    start.trainSamples, start.validationSamples, start.inputWidth,
                    start.inputHeight, start.pool);
        if (start.patchSize > 0)
            std::printf(", %dx%d patches", start.patchSize, start.patchSize);
        if (start.budgetSeconds > 0)
            std::printf(", budget %s", clockText(start.budgetSeconds).c_str());
        std::printf("\n");
        std::fflush(stdout);
    }

    void onBatch(const BatchProgress& progress) override
    {
        if (m_json || !isatty(fileno(stderr)))
            return;
        // One line redrawn in place: a bar over the whole run, the epoch and the time left.
        constexpr int kBar = 24;
        const int filled = static_cast<int>(progress.progress * kBar + 0.5);
        std::string bar(static_cast<std::size_t>(std::clamp(filled, 0, kBar)), '#');
        bar.resize(kBar, '.');
        const std::string epochs =
            progress.budget > 0 && progress.epochs >= kUnboundedEpochs
                ? std::to_string(progress.epoch + 1)
                : std::to_string(progress.epoch + 1) + "/" + std::to_string(progress.epochs);
        std::fprintf(stderr, "\r\033[K[%s] %3.0f%%  epoch %s  batch %d/%d  loss %.4f  lr %.2g  ",
                     bar.c_str(), 100.0 * progress.progress, epochs.c_str(), progress.batch,
                     progress.batches, progress.loss, progress.learningRate);
        if (progress.etaSeconds >= 0)
            std::fprintf(stderr, "ETA %s", clockText(progress.etaSeconds).c_str());
    }

    void onEpoch(const EpochSummary& e) override
    {
        if (m_json) {
            JsonWriter json(std::cout, true);
            json.beginObject()
                .field("event", "epoch")
                .field("epoch", e.epoch + 1)
                .field("epochs", e.epochs)
                .field("lambda", e.lambda)
                .field("seconds", e.seconds)
                .field("images_per_second", e.imagesPerSecond)
                .field("learning_rate", e.learningRate)
                .field("score", e.score)
                .field("best", e.best)
                .field("partial", e.partial)
                .key("train");
            writeLoss(json, e.train, m_classes);
            json.key("val");
            writeLoss(json, e.validation, m_classes);
            json.key("metrics");
            writeMetrics(json, e.metrics, m_classes);
            json.endObject().finish();
            return;
        }
        clearProgressLine();
        if (e.epochs >= kUnboundedEpochs)
            std::printf("epoch %3d", e.epoch + 1);
        else
            std::printf("epoch %3d/%d", e.epoch + 1, e.epochs);
        std::printf("  loss %.4f  val %.4f  lambda %.2f |", e.train.total, e.validation.total,
                    e.lambda);
        for (std::size_t c = 0; c < m_classes.size() && c < e.validation.perClass.size(); ++c)
            std::printf(" %s %.3f/%.3f", m_classes[c].name.c_str(), e.validation.perClass[c].cls,
                        e.validation.perClass[c].seg);
        std::printf(" | mAP %.3f IoU %.3f score %.3f%s | %.1f img/s %.1f s%s\n", e.metrics.meanAp,
                    e.metrics.meanPixelIou, e.score, e.best ? " (best)" : "", e.imagesPerSecond,
                    e.seconds, e.partial ? " (budget used mid-epoch)" : "");
        std::fflush(stdout);
    }

    void onAugment(const AugmentEvent& a) override
    {
        if (m_json) {
            JsonWriter json(std::cout, true);
            json.beginObject()
                .field("event", "augment")
                .field("epoch", a.epoch + 1)
                .field("mode", a.mode)
                .field("images", a.images)
                .field("seconds", a.seconds)
                .key("classes")
                .beginObject();
            for (std::size_t c = 0; c < m_classes.size() && c < a.probabilities.size(); ++c)
                json.key(m_classes[c].name)
                    .beginObject()
                    .field("probability", a.probabilities[c])
                    .field("generated", a.generated[c])
                    .endObject();
            json.endObject().endObject().finish();
            return;
        }
        clearProgressLine();
        std::printf("guided-crop for epoch %d: %d images in %.3f s (%s) |", a.epoch + 1, a.images,
                    a.seconds, a.mode.c_str());
        for (std::size_t c = 0; c < m_classes.size() && c < a.probabilities.size(); ++c)
            std::printf(" %s p=%.2f n=%d", m_classes[c].name.c_str(), a.probabilities[c],
                        a.generated[c]);
        std::printf("\n");
        std::fflush(stdout);
    }

    void onMessage(const std::string& message) override
    {
        if (!m_json)
            std::fprintf(stderr, "%s\n", message.c_str());
    }

private:
    std::vector<ClassInfo> m_classes;
    bool m_json;
};

const CommandSpec& spec()
{
    static const CommandSpec s = [] {
        CommandSpec c{"train",
                      "P.dwb [options]",
                      "Trains a Context Aggregation Network on the project's train split,\n"
                      "validating on its val split after every epoch. Prints one line per epoch\n"
                      "with per-class validation losses (classification/segmentation). Ctrl-C\n"
                      "writes a checkpoint of the last completed epoch and exits cleanly;\n"
                      "--resume RUN continues it on the same curve.",
                      trainingOptionSpecs(),
                      1,
                      1};
        c.options.push_back({"resume", "RUN", "continue run RUN from its checkpoint"});
        c.options.push_back({"json", "", "one JSON object per line: started, epoch..., finished"});
        c.options.push_back({"nproc", "N",
                             "data-parallel training in N processes on this machine (each with "
                             "its share of every batch); under torchrun, srun or a job "
                             "controller the RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT "
                             "variables say the same (docs/distributed.md)"});
        c.options.push_back(
            {"dist-backend", "B", "auto (NCCL on CUDA where built, else Gloo), gloo or nccl"});
        c.options.push_back({"dist-timeout", "S",
                             "seconds a rank waits for the others before it ends the run "
                             "(default 300)"});
        return c;
    }();
    return s;
}

// Installs the Ctrl-C and SIGTERM handlers. Signal handlers may only set a flag; the returned
// thread turns it into a cancel of `token` until it is asked to stop.
std::jthread cancelOnInterrupt(CancellationToken& token)
{
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    return std::jthread([&token](std::stop_token stop) {
        while (!stop.stop_requested() && !g_interrupted.load())
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (g_interrupted.load())
            token.cancel();
    });
}

// This process's place in a data-parallel run: from the environment (torchrun, srun, a job
// controller, or --nproc's own ranks), refined by --dist-backend and --dist-timeout.
Result<std::optional<DistributedSettings>> distributedSettings(const ParsedArgs& parsed)
{
    auto settings = distributedSettingsFromEnvironment();
    if (!settings || !*settings)
        return settings;
    if (const auto name = parsed.value("dist-backend")) {
        auto backend = distributedBackendFromName(*name);
        if (!backend)
            return std::unexpected(backend.error());
        (*settings)->backend = *backend;
    }
    auto timeout = optionalNumber(parsed, "dist-timeout", {.min = 1, .max = 86400});
    if (!timeout)
        return std::unexpected(timeout.error());
    if (*timeout)
        (*settings)->timeoutSeconds = **timeout;
    return settings;
}

// A new run, or with `resume` the continuation of one (--epochs and --minutes only when given).
Result<TrainingResult> startOrResume(ProjectDb& project, const ParsedArgs& parsed,
                                     std::optional<long long> resume, const TrainingConfig& config,
                                     CancellationToken& token, TrainingObserver& observer,
                                     const DistributedSettings* distributed)
{
    if (!resume)
        return Trainer::run(project, config, token, &observer, distributed);
    return Trainer::resume(project, *resume, parsed.value("epochs") ? config.epochs : 0, token,
                           &observer, parsed.value("minutes") ? config.minutes : 0, distributed);
}

void writeFinished(const TrainingResult& result)
{
    JsonWriter out(std::cout, true);
    out.beginObject()
        .field("event", "finished")
        .field("run", result.runId)
        .field("status", result.cancelled ? "cancelled" : "finished")
        .field("epochs", result.epochsCompleted)
        .field("seconds", result.seconds)
        .field("model", result.modelPath.string())
        .field("checkpoint", result.checkpointPath.string())
        .field("augmentations", result.augmentations)
        .field("synthetic_images", result.syntheticImages)
        .field("augment_seconds", result.augmentSeconds)
        .field("stop_reason", stopReasonName(result.stopReason))
        .field("best_epoch", result.bestEpoch + 1)
        .field("best_score", result.bestScore)
        .field("calibrated", result.calibrated)
        .field("ranks", result.ranks)
        .field("bytes_exchanged_per_step", result.bytesExchangedPerStep)
        .endObject()
        .finish();
}

void printFinished(const TrainingResult& result)
{
    static const char* const kWhy[] = {"", " (time budget used)",
                                       " (no better validation score: early stop)", ""};
    std::printf("%s run %lld after %d epochs in %s%s\n", result.cancelled ? "Stopped" : "Finished",
                static_cast<long long>(result.runId), result.epochsCompleted,
                clockText(result.seconds).c_str(), kWhy[static_cast<int>(result.stopReason)]);
    if (result.bestEpoch >= 0)
        std::printf("model: %s (epoch %d, validation score %.3f%s)\n", result.modelPath.c_str(),
                    result.bestEpoch + 1, result.bestScore,
                    result.calibrated ? ", per-class thresholds calibrated" : "");
    else
        std::printf("model: %s\n", result.modelPath.c_str());
    if (!result.lastModelPath.empty())
        std::printf("last epoch's model: %s\n", result.lastModelPath.c_str());
    std::printf("checkpoint: %s\n", result.checkpointPath.c_str());
    if (result.ranks > 1)
        std::printf("data-parallel: %d ranks over %s, %.2f MB exchanged per step by each\n",
                    result.ranks, result.backend.c_str(), result.bytesExchangedPerStep / 1e6);
    if (result.augmentations > 0)
        std::printf("guided-crop: %d images in %d sets, %.1f s (%.1f%% of the run)\n",
                    result.syntheticImages, result.augmentations, result.augmentSeconds,
                    100.0 * result.augmentSeconds / std::max(result.seconds, 1e-9));
}

int trainParsed(const ParsedArgs& parsed)
{
    auto config = trainingConfigFromArgs(parsed);
    if (!config)
        return usageError(config.error());
    const auto resume = optionalInteger(parsed, "resume", {.min = 1});
    if (!resume)
        return usageError(resume.error());
    const auto nproc = optionalInteger(parsed, "nproc", {.min = 1, .max = 256});
    if (!nproc)
        return usageError(nproc.error());
    auto distributed = distributedSettings(parsed);
    if (!distributed)
        return usageError(distributed.error());
    if (*nproc && **nproc > 1) {
        if (*distributed)
            return usageError(Error{ErrorCode::InvalidArgument,
                                    "--nproc starts its own ranks: unset WORLD_SIZE and RANK"});
        return runLocalRanks(g_arguments, static_cast<int>(**nproc));
    }
    const DistributedSettings* ranks = *distributed ? &**distributed : nullptr;
    // Rank 0 alone writes; the others only read (and never race it to migrate the file).
    auto project = openProject(parsed.positional[0], /*readOnly=*/ranks && !ranks->writer());
    if (!project)
        return kExitError;
    auto classes = project->classes();
    if (!classes)
        return reportError(classes.error());

    CancellationToken token;
    std::jthread watcher = cancelOnInterrupt(token);
    const bool json = parsed.flag("json");
    ConsoleObserver observer(*classes, json);
    auto result = startOrResume(*project, parsed, *resume, *config, token, observer, ranks);
    watcher.request_stop();
    if (!result && ranks && !ranks->writer())
        result.error().message =
            "rank " + std::to_string(ranks->rank) + ": " + result.error().message;
    if (!result)
        return reportError(result.error());
    // Rank 0 reports the run; the others have nothing of their own to say.
    if (!result->writer)
        return result->cancelled ? 130 : kExitOk;
    if (json)
        writeFinished(*result);
    else
        printFinished(*result);
    return result->cancelled ? 130 : kExitOk;
}

} // namespace

int trainCommand(std::span<const std::string> args)
{
    g_arguments = args;
    return runCommand(spec(), args, trainParsed);
}

} // namespace dwb::cli
