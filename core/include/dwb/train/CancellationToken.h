#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace dwb {

// Cooperative stop and pause for long core work: the owner (GUI, CLI signal handler) calls
// cancel/pause/resume from any thread; the worker checks between batches.
class CancellationToken {
public:
    void cancel();
    void pause();
    void resume();

    bool isCancelled() const { return m_cancelled.load(); }
    bool isPaused() const { return m_paused.load(); }
    // The flag for APIs that take a plain atomic (imports, sample loading).
    const std::atomic<bool>* flag() const { return &m_cancelled; }

    // Blocks while paused; returns false when cancelled.
    bool waitWhilePaused();

private:
    std::atomic<bool> m_cancelled{false};
    std::atomic<bool> m_paused{false};
    std::mutex m_mutex;
    std::condition_variable m_changed;
};

} // namespace dwb
