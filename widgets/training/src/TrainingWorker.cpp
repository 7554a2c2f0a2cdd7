#include "dwb/widgets/TrainingWorker.h"

#include "dwb/storage/ProjectDb.h"
#include "dwb/widgets/ProjectContext.h"

#include <QThread>

#include <chrono>

namespace dwb {
namespace {

TrainingOutcome outcomeOf(const TrainingResult& result)
{
    TrainingOutcome outcome;
    outcome.runId = result.runId;
    outcome.epochs = result.epochsCompleted;
    outcome.cancelled = result.cancelled;
    outcome.seconds = result.seconds;
    outcome.augmentations = result.augmentations;
    outcome.stopReason = result.stopReason;
    outcome.bestEpoch = result.bestEpoch;
    outcome.bestScore = result.bestScore;
    outcome.calibrated = result.calibrated;
    outcome.modelPath = QString::fromStdString(result.modelPath.string());
    outcome.lastModelPath = QString::fromStdString(result.lastModelPath.string());
    outcome.checkpointPath = QString::fromStdString(result.checkpointPath.string());
    return outcome;
}

} // namespace

// Turns the core's callbacks into the worker's signals, on the training thread.
class TrainingWorker::Observer : public TrainingObserver {
public:
    explicit Observer(TrainingWorker* worker)
        : m_worker(worker)
    {
    }

    void onStarted(const RunStart& start) override { emit m_worker->started(start); }

    void onBatch(const BatchProgress& progress) override
    {
        // The core already reads the loss rarely; this keeps the GUI's event queue short
        // whatever it does.
        const auto now = Clock::now();
        if (m_reported && progress.batch != progress.batches &&
            now - m_lastReport < std::chrono::milliseconds(kBatchIntervalMs))
            return;
        m_reported = true;
        m_lastReport = now;
        emit m_worker->batchProgress(progress);
    }

    void onEpoch(const EpochSummary& summary) override { emit m_worker->epochFinished(summary); }
    void onAugment(const AugmentEvent& event) override { emit m_worker->augmented(event); }
    void onMessage(const std::string& text) override
    {
        emit m_worker->message(QString::fromStdString(text));
    }

private:
    using Clock = std::chrono::steady_clock;
    TrainingWorker* m_worker;
    bool m_reported = false;
    Clock::time_point m_lastReport;
};

TrainingWorker::TrainingWorker(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<RunStart>();
    qRegisterMetaType<BatchProgress>();
    qRegisterMetaType<EpochSummary>();
    qRegisterMetaType<AugmentEvent>();
    qRegisterMetaType<TrainingOutcome>();
}

TrainingWorker::~TrainingWorker()
{
    stop();
    wait();
    delete m_thread;
}

bool TrainingWorker::isRunning() const
{
    return m_busy.load();
}

bool TrainingWorker::isPaused() const
{
    return m_busy.load() && m_token && m_token->isPaused();
}

bool TrainingWorker::start(const QString& projectPath, const TrainingConfig& config)
{
    return launch([projectPath, config](CancellationToken& token,
                                        TrainingObserver& observer) -> Result<TrainingResult> {
        auto project = ProjectContext::connect(projectPath, ProjectDb::Access::ReadWrite);
        if (!project)
            return std::unexpected(project.error());
        return Trainer::run(*project, config, token, &observer);
    });
}

bool TrainingWorker::resume(const QString& projectPath, qint64 runId, int epochs, double minutes)
{
    return launch(
        [projectPath, runId, epochs,
         minutes](CancellationToken& token, TrainingObserver& observer) -> Result<TrainingResult> {
            auto project = ProjectContext::connect(projectPath, ProjectDb::Access::ReadWrite);
            if (!project)
                return std::unexpected(project.error());
            return Trainer::resume(*project, runId, epochs, token, &observer, minutes);
        });
}

void TrainingWorker::pause()
{
    if (m_busy && m_token)
        m_token->pause();
}

void TrainingWorker::resumeTraining()
{
    if (m_token)
        m_token->resume();
}

void TrainingWorker::stop()
{
    if (m_busy && m_token)
        m_token->cancel();
}

bool TrainingWorker::wait(int milliseconds)
{
    if (!m_thread)
        return true;
    return milliseconds < 0 ? m_thread->wait() : m_thread->wait(QDeadlineTimer(milliseconds));
}

bool TrainingWorker::launch(Work work)
{
    if (m_busy)
        return false;
    // The previous thread has emitted its last signal; let it end before it is replaced.
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    m_token = std::make_unique<CancellationToken>();
    m_busy = true;
    CancellationToken* token = m_token.get();
    m_thread = QThread::create([this, token, work = std::move(work)] {
        Observer observer(this);
        // Trainer stops torch's exceptions at the core boundary: a failure comes back as an error.
        Result<TrainingResult> result = work(*token, observer);
        m_busy = false;
        if (result)
            emit finished(outcomeOf(*result));
        else
            emit failed(QString::fromStdString(result.error().message));
    });
    m_thread->setObjectName(QStringLiteral("dwb-training"));
    connect(m_thread, &QThread::finished, this, &TrainingWorker::stopped);
    m_thread->start();
    return true;
}

} // namespace dwb
