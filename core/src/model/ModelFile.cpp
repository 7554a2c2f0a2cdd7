#include "dwb/model/ModelFile.h"

#include "dwb/core/ContentHash.h"
#include "dwb/core/DurableFile.h"

#include <torch/serialize.h>

#include <sstream>

namespace dwb {
namespace {

constexpr const char* kMetaKey = "dwb_meta";
constexpr const char* kChecksumKey = "dwb_weights_checksum";

} // namespace

std::string weightsChecksum(const torch::nn::Module& module)
{
    std::string digests;
    const auto add = [&](const std::string& name, const at::Tensor& tensor) {
        const at::Tensor bytes = tensor.detach().to(at::kCPU).contiguous();
        digests += name;
        digests += contentHash(
            std::span(static_cast<const std::uint8_t*>(bytes.data_ptr()), bytes.nbytes()));
    };
    for (const auto& item : module.named_parameters())
        add(item.key(), item.value());
    for (const auto& item : module.named_buffers())
        add(item.key(), item.value());
    return contentHash(
        std::span(reinterpret_cast<const std::uint8_t*>(digests.data()), digests.size()));
}

Status verifyWeights(const std::filesystem::path& path, torch::serialize::InputArchive& archive,
                     const torch::nn::Module& module)
{
    c10::IValue stored;
    if (!archive.try_read(kChecksumKey, stored))
        return {}; // written before checksums
    if (!stored.isString() || stored.toStringRef() != weightsChecksum(module))
        return fail(ErrorCode::Corrupt, path.string() + " is damaged: its weights do not match "
                                                        "the checksum written with them");
    return {};
}

void writeWeightsChecksum(torch::serialize::OutputArchive& archive, const torch::nn::Module& module)
{
    archive.write(kChecksumKey, c10::IValue(weightsChecksum(module)));
}

Status saveModel(const std::filesystem::path& path, Can& model, const ModelMeta& meta)
{
    try {
        torch::serialize::OutputArchive archive;
        model->save(archive);
        archive.write(kMetaKey, c10::IValue(toText(meta)));
        writeWeightsChecksum(archive, *model);
        // Write beside, flush, then rename: a crash never leaves half a model behind.
        const auto partial = std::filesystem::path(path.string() + ".partial");
        archive.save_to(partial.string());
        crashPoint(path.filename().string() + ":mid-write");
        return replaceDurably(partial, path);
    } catch (const std::exception& e) {
        return fail(ErrorCode::IoError, "cannot write model " + path.string() + ": " + e.what());
    }
}

Result<LoadedModel> loadModel(const std::filesystem::path& path, const c10::Device& device)
{
    if (!std::filesystem::exists(path))
        return fail(ErrorCode::NotFound, "no such model file: " + path.string());
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(path.string(), device);
        c10::IValue text;
        if (!archive.try_read(kMetaKey, text) || !text.isString())
            return fail(ErrorCode::Corrupt, path.string() + " is not a Defect Workbench model");
        auto meta = modelMetaFromText(text.toStringRef());
        if (!meta)
            return fail(meta.error().code, path.string() + ": " + meta.error().message);
        LoadedModel loaded{Can(meta->options), *meta};
        loaded.model->load(archive);
        if (auto ok = verifyWeights(path, archive, *loaded.model); !ok)
            return std::unexpected(ok.error());
        loaded.model->to(device);
        loaded.model->eval();
        return loaded;
    } catch (const c10::Error& e) {
        return fail(ErrorCode::Corrupt,
                    path.string() + " is damaged or not a model: " + e.what_without_backtrace());
    } catch (const std::exception& e) {
        return fail(ErrorCode::Corrupt, path.string() + " is damaged or not a model: " + e.what());
    }
}

} // namespace dwb
