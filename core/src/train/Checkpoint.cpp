#include "dwb/train/Checkpoint.h"

#include "dwb/core/ContentHash.h"
#include "dwb/core/DurableFile.h"
#include "dwb/model/ModelFile.h"

#include <torch/serialize.h>

#include <fstream>
#include <sstream>
#include <type_traits>

namespace dwb {
namespace {

Result<CheckpointState> readState(torch::serialize::InputArchive& archive,
                                  const std::filesystem::path& path)
{
    c10::IValue epoch, config;
    if (!archive.try_read("dwb_next_epoch", epoch) || !archive.try_read("dwb_config", config) ||
        !epoch.isInt() || !config.isString())
        return fail(ErrorCode::Corrupt, path.string() + " is not a Defect Workbench checkpoint");
    auto parsed = trainingConfigFromText(config.toStringRef());
    if (!parsed)
        return fail(ErrorCode::Corrupt, path.string() + ": " + parsed.error().message);
    CheckpointState state{static_cast<int>(epoch.toInt()), *parsed, {}};
    RunProgress& p = state.progress;
    p.nextEpoch = state.nextEpoch;
    c10::IValue value;
    const auto number = [&](const char* key, auto& out) {
        if (archive.try_read(key, value)) {
            if (value.isDouble())
                out = static_cast<std::remove_reference_t<decltype(out)>>(value.toDouble());
            else if (value.isInt())
                out = static_cast<std::remove_reference_t<decltype(out)>>(value.toInt());
        }
    };
    number("dwb_seconds", p.seconds);
    number("dwb_augment_sets", p.augmentSets);
    number("dwb_last_augment_epoch", p.lastAugmentEpoch);
    number("dwb_best_score", p.bestScore);
    number("dwb_best_epoch", p.bestEpoch);
    number("dwb_reserve_seconds", p.reserveSeconds);
    return state;
}

constexpr const char* kOptimizerChecksumKey = "dwb_optimizer_checksum";

// Adam's moments and steps, in the order of its parameters: 16 hex digits.
std::string optimizerChecksum(torch::optim::Adam& optimizer)
{
    std::string digests;
    const auto add = [&](const at::Tensor& tensor) {
        if (!tensor.defined())
            return;
        const at::Tensor bytes = tensor.detach().to(at::kCPU).contiguous();
        digests += contentHash(
            std::span(static_cast<const std::uint8_t*>(bytes.data_ptr()), bytes.nbytes()));
    };
    auto& states = optimizer.state();
    for (const auto& group : optimizer.param_groups())
        for (const auto& parameter : group.params()) {
            const auto found = states.find(c10::guts::to_string(parameter.unsafeGetTensorImpl()));
            if (found == states.end())
                continue;
            const auto& state = static_cast<const torch::optim::AdamParamState&>(*found->second);
            digests += std::to_string(state.step());
            add(state.exp_avg());
            add(state.exp_avg_sq());
            add(state.max_exp_avg_sq());
        }
    return contentHash(
        std::span(reinterpret_cast<const std::uint8_t*>(digests.data()), digests.size()));
}

} // namespace

Result<CheckpointBytes> snapshot(Can& model, torch::optim::Adam& optimizer,
                                 const RunProgress& progress, const TrainingConfig& config)
{
    try {
        torch::serialize::OutputArchive archive;
        torch::serialize::OutputArchive modelArchive, optimizerArchive;
        model->save(modelArchive);
        optimizer.save(optimizerArchive);
        archive.write("model", modelArchive);
        archive.write("optimizer", optimizerArchive);
        archive.write("dwb_next_epoch", c10::IValue(static_cast<int64_t>(progress.nextEpoch)));
        archive.write("dwb_config", c10::IValue(toText(config)));
        archive.write("dwb_seconds", c10::IValue(progress.seconds));
        archive.write("dwb_augment_sets", c10::IValue(static_cast<int64_t>(progress.augmentSets)));
        archive.write("dwb_last_augment_epoch",
                      c10::IValue(static_cast<int64_t>(progress.lastAugmentEpoch)));
        archive.write("dwb_best_score", c10::IValue(progress.bestScore));
        archive.write("dwb_best_epoch", c10::IValue(static_cast<int64_t>(progress.bestEpoch)));
        archive.write("dwb_reserve_seconds", c10::IValue(progress.reserveSeconds));
        writeWeightsChecksum(archive, *model);
        archive.write(kOptimizerChecksumKey, c10::IValue(optimizerChecksum(optimizer)));
        std::ostringstream out;
        archive.save_to(out);
        return CheckpointBytes{out.str(), progress.nextEpoch};
    } catch (const std::exception& e) {
        return fail(ErrorCode::Internal, std::string("cannot serialise checkpoint: ") + e.what());
    }
}

Status writeCheckpoint(const std::filesystem::path& path, const CheckpointBytes& checkpoint)
{
    return withContext(writeFileDurably(path, checkpoint.bytes), "checkpoint");
}

Result<CheckpointState> readCheckpointState(const std::filesystem::path& path)
{
    if (!std::filesystem::exists(path))
        return fail(ErrorCode::NotFound, "no such checkpoint: " + path.string());
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(path.string());
        return readState(archive, path);
    } catch (const std::exception& e) {
        return fail(ErrorCode::Corrupt,
                    path.string() + " is damaged or not a checkpoint: " + e.what());
    }
}

Result<CheckpointState> restoreCheckpoint(const std::filesystem::path& path, Can& model,
                                          torch::optim::Adam& optimizer, const c10::Device& device)
{
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(path.string(), device);
        auto state = readState(archive, path);
        if (!state)
            return state;
        torch::serialize::InputArchive modelArchive, optimizerArchive;
        archive.read("model", modelArchive);
        archive.read("optimizer", optimizerArchive);
        model->load(modelArchive);
        optimizer.load(optimizerArchive);
        if (auto ok = verifyWeights(path, archive, *model); !ok)
            return std::unexpected(ok.error());
        c10::IValue stored;
        if (archive.try_read(kOptimizerChecksumKey, stored) &&
            (!stored.isString() || stored.toStringRef() != optimizerChecksum(optimizer)))
            return fail(ErrorCode::Corrupt, path.string() + " is damaged: its optimizer state "
                                                            "does not match the checksum written "
                                                            "with it");
        return state;
    } catch (const std::exception& e) {
        return fail(ErrorCode::Corrupt,
                    path.string() + " is damaged or not a checkpoint: " + e.what());
    }
}

} // namespace dwb
