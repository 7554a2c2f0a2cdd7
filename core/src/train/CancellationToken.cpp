#include "dwb/train/CancellationToken.h"

namespace dwb {

void CancellationToken::cancel()
{
    {
        std::lock_guard lock(m_mutex);
        m_cancelled = true;
    }
    m_changed.notify_all();
}

void CancellationToken::pause()
{
    std::lock_guard lock(m_mutex);
    m_paused = true;
}

void CancellationToken::resume()
{
    {
        std::lock_guard lock(m_mutex);
        m_paused = false;
    }
    m_changed.notify_all();
}

bool CancellationToken::waitWhilePaused()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_paused.load() || m_cancelled.load(); });
    return !m_cancelled.load();
}

} // namespace dwb
