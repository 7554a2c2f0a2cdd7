#include "dwb/model/InferenceEngine.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace dwb {

std::string_view engineName(InferenceEngine engine)
{
    switch (engine) {
    case InferenceEngine::OneDnn:
        return "onednn";
    case InferenceEngine::ChannelsLast:
        return "channels-last";
    case InferenceEngine::Nchw:
        return "nchw";
    }
    return "nchw";
}

std::optional<InferenceEngine> parseEngine(std::string_view name)
{
    for (const InferenceEngine engine : kInferenceEngines)
        if (engineName(engine) == name)
            return engine;
    return std::nullopt;
}

Result<std::optional<InferenceEngine>> engineFromEnvironment()
{
    const char* value = std::getenv(kEngineVariable);
    if (!value || !*value || std::string_view(value) == "auto")
        return std::optional<InferenceEngine>{};
    if (const auto engine = parseEngine(value))
        return engine;
    return fail(ErrorCode::InvalidArgument, std::string(kEngineVariable) + "=" + value +
                                                ": unknown engine (auto, onednn, channels-last or "
                                                "nchw)");
}

EngineCache::EngineCache(std::filesystem::path file)
    : m_file(std::move(file))
{
}

std::filesystem::path EngineCache::defaultFile()
{
    const auto variable = [](const char* name) -> std::filesystem::path {
        const char* value = std::getenv(name);
        return value && *value ? std::filesystem::path(value) : std::filesystem::path();
    };
    std::filesystem::path folder = variable("DWB_CACHE_DIR");
    if (folder.empty()) {
        if (const auto xdg = variable("XDG_CACHE_HOME"); !xdg.empty())
            folder = xdg / "defect-workbench";
        else if (const auto home = variable("HOME"); !home.empty())
            folder = home / ".cache" / "defect-workbench";
    }
    return folder.empty() ? folder : folder / "engines.tsv";
}

namespace {

struct Line {
    std::string key;
    std::string engine;
    std::string detail;
};

std::vector<Line> readLines(const std::filesystem::path& file)
{
    std::vector<Line> lines;
    std::ifstream in(file);
    for (std::string text; std::getline(in, text);) {
        const auto first = text.find('\t');
        const auto second = first == std::string::npos ? first : text.find('\t', first + 1);
        if (second == std::string::npos)
            continue;
        lines.push_back({text.substr(0, first), text.substr(first + 1, second - first - 1),
                         text.substr(second + 1)});
    }
    return lines;
}

std::string clean(std::string text)
{
    for (char& c : text)
        if (c == '\t' || c == '\n' || c == '\r')
            c = ' ';
    return text;
}

} // namespace

std::optional<EngineCache::Entry> EngineCache::lookup(const std::string& key) const
{
    if (m_file.empty())
        return std::nullopt;
    std::optional<Entry> found;
    for (const Line& line : readLines(m_file))
        if (line.key == key)
            if (const auto engine = parseEngine(line.engine))
                found = Entry{*engine, line.detail};
    return found;
}

Status EngineCache::store(const std::string& key, const Entry& entry) const
{
    if (m_file.empty())
        return fail(ErrorCode::IoError, "no cache folder (set DWB_CACHE_DIR or HOME)");
    std::error_code ec;
    std::filesystem::create_directories(m_file.parent_path(), ec);
    if (ec)
        return fail(ErrorCode::IoError, m_file.parent_path().string() + ": " + ec.message());
    std::vector<Line> lines = readLines(m_file);
    std::erase_if(lines, [&](const Line& line) { return line.key == clean(key); });
    lines.push_back({clean(key), std::string(engineName(entry.engine)), clean(entry.detail)});
    // Per process, so that two processes choosing at once do not write one temporary file.
    std::filesystem::path partial = m_file;
    partial += ".partial-" + std::to_string(::getpid());
    {
        std::ofstream out(partial, std::ios::trunc);
        for (const Line& line : lines)
            out << line.key << '\t' << line.engine << '\t' << line.detail << '\n';
        out.flush();
        if (!out) {
            std::filesystem::remove(partial, ec);
            return fail(ErrorCode::IoError, partial.string() + ": cannot write");
        }
    }
    std::filesystem::rename(partial, m_file, ec);
    if (ec) {
        std::filesystem::remove(partial, ec);
        return fail(ErrorCode::IoError, m_file.string() + ": " + ec.message());
    }
    return {};
}

} // namespace dwb
