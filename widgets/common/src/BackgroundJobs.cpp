#include "dwb/widgets/BackgroundJobs.h"

namespace dwb {

BackgroundJobs::BackgroundJobs(int maxThreads, QObject* parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(maxThreads);
}

BackgroundJobs::~BackgroundJobs()
{
    invalidate();
    m_pool.waitForDone();
}

void BackgroundJobs::waitForDone()
{
    m_pool.waitForDone();
}

} // namespace dwb
