// LibTorch's CPU allocator for AddressSanitizer builds: keeps freed tensor buffers for reuse.
//
// Under ASan every buffer above 128 KiB comes from its own mmap and goes back with munmap, so a
// training step that allocates and frees the same activations again and again spends most of its
// time in page faults: the tests that train ran ten times slower than in a release build. This
// allocator keeps freed buffers by size and hands them out again, poisoned while they wait, so a
// read or write through a stale pointer into a cached buffer is still reported as a
// use-after-poison. What it gives up: a stale pointer into a buffer already handed out again is not
// caught (ASan's own quarantine has the same limit, only later). Buffers stay ASan's heap chunks
// with their redzones, so overflows are caught as before.
//
// Linked into the executables of the sanitize preset only; installed before main() runs.

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>

#include <sanitizer/asan_interface.h>

#include <cstdlib>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace {

constexpr std::size_t kAlignment = 64;                    // c10's CPU alignment
constexpr std::size_t kSmallest = std::size_t{1} << 17;   // ASan's own size classes end here
constexpr std::size_t kCacheLimit = std::size_t{1} << 30; // bytes kept waiting at most

class CachingCpuAllocator final : public c10::Allocator {
public:
    c10::DataPtr allocate(std::size_t bytes) const override
    {
        void* data = take(bytes);
        return {data, data, &release, c10::Device(c10::DeviceType::CPU)};
    }

    c10::DeleterFnPtr raw_deleter() const override { return &release; }

    static CachingCpuAllocator& instance()
    {
        static CachingCpuAllocator allocator;
        return allocator;
    }

private:
    void* take(std::size_t bytes) const
    {
        if (bytes == 0)
            return nullptr;
        if (bytes >= kSmallest) {
            const std::scoped_lock lock(mutex_);
            auto it = free_.find(bytes);
            if (it != free_.end() && !it->second.empty()) {
                void* data = it->second.back();
                it->second.pop_back();
                cached_ -= bytes;
                ASAN_UNPOISON_MEMORY_REGION(data, bytes);
                live_.emplace(data, bytes);
                return data;
            }
        }
        void* data =
            std::aligned_alloc(kAlignment, (bytes + kAlignment - 1) / kAlignment * kAlignment);
        if (data == nullptr)
            throw std::bad_alloc();
        if (bytes >= kSmallest) {
            const std::scoped_lock lock(mutex_);
            live_.emplace(data, bytes);
        }
        return data;
    }

    static void release(void* data)
    {
        if (data == nullptr)
            return;
        auto& self = instance();
        {
            const std::scoped_lock lock(self.mutex_);
            auto it = self.live_.find(data);
            if (it != self.live_.end()) {
                const std::size_t bytes = it->second;
                self.live_.erase(it);
                if (self.cached_ + bytes <= kCacheLimit) {
                    ASAN_POISON_MEMORY_REGION(data, bytes);
                    self.free_[bytes].push_back(data);
                    self.cached_ += bytes;
                    return;
                }
            }
        }
        std::free(data);
    }

    mutable std::mutex mutex_;
    mutable std::unordered_map<void*, std::size_t> live_;
    mutable std::unordered_map<std::size_t, std::vector<void*>> free_;
    mutable std::size_t cached_ = 0;
};

// Priority above the default allocator's, which LibTorch registered when it was loaded.
const bool installed = [] {
    c10::SetCPUAllocator(&CachingCpuAllocator::instance(), 1);
    return true;
}();

} // namespace
