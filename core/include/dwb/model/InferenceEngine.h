#pragma once

// How CanInference runs the folded network, and which way is fastest on this machine. Torch-free.

#include "dwb/core/Error.h"

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace dwb {

enum class InferenceEngine {
    // oneDNN primitives called directly: LeakyReLU and the skip adds fused into the convolutions,
    // activations in oneDNN's blocked layout for this ISA, buffers reused (CPU only).
    OneDnn,
    // at::conv2d on channels-last activations (oneDNN's NHWC kernels).
    ChannelsLast,
    // at::conv2d on NCHW activations, as the training module runs.
    Nchw,
};

inline constexpr std::array kInferenceEngines{InferenceEngine::OneDnn,
                                              InferenceEngine::ChannelsLast, InferenceEngine::Nchw};

// "onednn", "channels-last", "nchw".
std::string_view engineName(InferenceEngine engine);
std::optional<InferenceEngine> parseEngine(std::string_view name);

// The environment variable that overrides the choice everywhere ("auto" or unset: choose).
inline constexpr const char* kEngineVariable = "DWB_ENGINE";
// The engine that variable names, or nullopt when it is unset or "auto". An unknown name is an
// error, so that a typo is not silently ignored.
Result<std::optional<InferenceEngine>> engineFromEnvironment();

// Measured choices, one line per key ("key<TAB>engine<TAB>what was measured"), in the user's cache
// folder: a key names the CPU model, its vector flags, the library versions, the thread count and
// the layer shape, so a choice made on one machine is never reused on another.
class EngineCache {
public:
    explicit EngineCache(std::filesystem::path file);

    // $DWB_CACHE_DIR, else $XDG_CACHE_HOME/defect-workbench, else ~/.cache/defect-workbench,
    // then engines.tsv; empty when none of them can be named (no HOME).
    static std::filesystem::path defaultFile();

    struct Entry {
        InferenceEngine engine;
        std::string detail;
    };
    // An unreadable file or a malformed line reads as no entry.
    std::optional<Entry> lookup(const std::string& key) const;
    // Replaces the key's line, keeping the others; writes a temporary file and renames it over
    // the old one, so a reader never sees half a file.
    Status store(const std::string& key, const Entry& entry) const;

    const std::filesystem::path& file() const { return m_file; }

private:
    std::filesystem::path m_file;
};

} // namespace dwb
