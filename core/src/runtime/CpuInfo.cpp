#include "dwb/runtime/CpuInfo.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

namespace dwb {
namespace {

// The flags that change which convolution kernels a library picks, widest last.
constexpr const char* kVectorFlags[] = {"sse4_1",      "avx",      "fma",      "avx2",
                                        "avx512f",     "avx512bw", "avx512vl", "avx512_vnni",
                                        "avx512_bf16", "amx_tile"};

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

bool has(const CpuInfo& info, const std::string& flag)
{
    return std::find(info.flags.begin(), info.flags.end(), flag) != info.flags.end();
}

} // namespace

std::string CpuInfo::isaFamily() const
{
    if (has(*this, "avx512f"))
        return "avx512";
    if (has(*this, "avx2"))
        return "avx2";
    if (has(*this, "avx"))
        return "avx";
    return "sse";
}

std::string CpuInfo::describe() const
{
    std::string text = model + ",";
    for (const std::string& flag : flags)
        text += " " + flag;
    return text + " (" + std::to_string(logicalCores) + " cores)";
}

CpuInfo parseCpuInfo(const std::string& text)
{
    CpuInfo info;
    std::istringstream lines(text);
    std::string line;
    std::vector<std::string> present;
    bool haveModel = false;
    bool haveFlags = false;
    while (std::getline(lines, line)) {
        const auto colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        const std::string key = trimmed(line.substr(0, colon));
        const std::string value = trimmed(line.substr(colon + 1));
        if (key == "processor")
            ++info.logicalCores;
        else if (key == "model name" && !haveModel) {
            info.model = value;
            haveModel = true;
        } else if (key == "flags" && !haveFlags) {
            std::istringstream words(value);
            for (std::string word; words >> word;)
                present.push_back(word);
            haveFlags = true;
        }
    }
    for (const char* flag : kVectorFlags)
        if (std::find(present.begin(), present.end(), flag) != present.end())
            info.flags.emplace_back(flag);
    if (info.model.empty())
        info.model = "unknown";
    return info;
}

const CpuInfo& cpuInfo()
{
    static const CpuInfo info = [] {
        std::ifstream file("/proc/cpuinfo");
        std::ostringstream text;
        text << file.rdbuf();
        CpuInfo parsed = parseCpuInfo(text.str());
#if defined(__x86_64__) || defined(__i386__)
        if (parsed.flags.empty()) {
            __builtin_cpu_init();
            const std::pair<const char*, bool> builtins[] = {
                {"sse4_1", __builtin_cpu_supports("sse4.1")},
                {"avx", __builtin_cpu_supports("avx")},
                {"fma", __builtin_cpu_supports("fma")},
                {"avx2", __builtin_cpu_supports("avx2")},
                {"avx512f", __builtin_cpu_supports("avx512f")}};
            for (const auto& [name, supported] : builtins)
                if (supported)
                    parsed.flags.emplace_back(name);
        }
#endif
        if (parsed.logicalCores == 0)
            parsed.logicalCores =
                static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        return parsed;
    }();
    return info;
}

} // namespace dwb
