#pragma once

#include <QObject>
#include <QThreadPool>

#include <memory>
#include <type_traits>
#include <utility>

namespace dwb {

// Work off the GUI thread with its result delivered back on it: the one way the pages run
// background jobs. Each job remembers the generation it started in; invalidate() starts a new
// one, and results of jobs from an older generation are dropped when they arrive (a project
// closed, a newer request made). Destruction invalidates and waits for running jobs.
class BackgroundJobs : public QObject {
    Q_OBJECT

public:
    // At most `maxThreads` jobs run at once; the rest queue in the order started.
    explicit BackgroundJobs(int maxThreads, QObject* parent = nullptr);
    ~BackgroundJobs() override;

    // Runs `work()` on a worker thread, then `done(result)` on this object's thread unless the
    // generation changed meanwhile. `work` may return void; then `done` takes no argument.
    template <class Work, class Done>
    void start(Work work, Done done);
    // invalidate() then start(): for "only the latest request counts".
    template <class Work, class Done>
    void restart(Work work, Done done)
    {
        invalidate();
        start(std::move(work), std::move(done));
    }

    // Drops the results of every job started so far.
    void invalidate() { ++m_generation; }
    quint64 generation() const { return m_generation; }
    // Blocks until no job runs (their results still arrive later, or are dropped).
    void waitForDone();
    // Jobs started and not yet delivered or dropped.
    int pending() const { return m_pending; }

private:
    void delivered() { --m_pending; }

    QThreadPool m_pool;
    quint64 m_generation = 0;
    int m_pending = 0;
};

template <class Work, class Done>
void BackgroundJobs::start(Work work, Done done)
{
    using ResultType = std::invoke_result_t<Work&>;
    ++m_pending;
    const quint64 generation = m_generation;
    // The destructor waits for the pool, so `self` outlives every running job; a result queued to
    // a destroyed object is discarded by Qt.
    BackgroundJobs* self = this;
    m_pool.start([self, generation, work = std::move(work), done = std::move(done)]() mutable {
        if constexpr (std::is_void_v<ResultType>) {
            work();
            QMetaObject::invokeMethod(
                self,
                [self, generation, done] {
                    self->delivered();
                    if (generation == self->m_generation)
                        done();
                },
                Qt::QueuedConnection);
        } else {
            // Shared so that the queued call stays copyable whatever the result type.
            auto result = std::make_shared<ResultType>(work());
            QMetaObject::invokeMethod(
                self,
                [self, generation, done, result]() mutable {
                    self->delivered();
                    if (generation == self->m_generation)
                        done(std::move(*result));
                },
                Qt::QueuedConnection);
        }
    });
}

} // namespace dwb
