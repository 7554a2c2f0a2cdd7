#pragma once

// Runs dwb::Trainer off the GUI thread and reports on it with queued signals. Torch-free.

#include "dwb/train/CancellationToken.h"
#include "dwb/train/Trainer.h"
#include "dwb/train/TrainingConfig.h"
#include "dwb/train/TrainingSummary.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace dwb {

// How a training call ended (dwb::TrainingResult without the torch-side details).
struct TrainingOutcome {
    qint64 runId = 0;
    int epochs = 0; // epochs completed in all
    bool cancelled = false;
    double seconds = 0;
    int augmentations = 0;
    StopReason stopReason = StopReason::Epochs;
    int bestEpoch = -1;      // 0-based epoch with the best validation score; -1: none validated
    double bestScore = 0;    // its selection score
    bool calibrated = false; // the model holds per-class thresholds from the validation split
    QString modelPath;       // absolute
    QString lastModelPath;   // absolute: the last epoch's weights when the model is another's
    QString checkpointPath;  // absolute; empty when none was written
};

// One training at a time on a QThread that the worker owns and creates per call. The worker
// itself lives on the thread that made it (the GUI thread): start, resume, pause, resumeTraining
// and stop are called there, and the signals, emitted from the training thread, reach receivers
// on the GUI thread queued. The training thread opens its own ProjectDb on the project file,
// because a ProjectDb must not be shared between threads.
class TrainingWorker : public QObject {
    Q_OBJECT

public:
    explicit TrainingWorker(QObject* parent = nullptr);
    // Stops a running training and waits for it (the core writes its checkpoint first).
    ~TrainingWorker() override;

    bool isRunning() const;
    bool isPaused() const;

    // Trains a new run; ignored (false) while a training runs.
    bool start(const QString& projectPath, const TrainingConfig& config);
    // Continues a run from its checkpoint up to `epochs` epochs (0: its own count) and, when
    // `minutes` is positive, up to that time budget in all (0: the run keeps its own).
    bool resume(const QString& projectPath, qint64 runId, int epochs, double minutes = 0);
    // Holds the training between batches, and lets it go on.
    void pause();
    void resumeTraining();
    // Cancels: the core checkpoints the last completed epoch and the run ends as cancelled.
    void stop();
    // Blocks until the training thread ended; true when none runs. For tests and shutdown.
    bool wait(int milliseconds = -1);

    // At most this often batchProgress is emitted (the last batch of an epoch always is).
    static constexpr int kBatchIntervalMs = 100;

signals:
    void started(const dwb::RunStart& start);
    void batchProgress(const dwb::BatchProgress& progress);
    void epochFinished(const dwb::EpochSummary& summary);
    void augmented(const dwb::AugmentEvent& event);
    void message(const QString& text);
    void finished(const dwb::TrainingOutcome& outcome);
    void failed(const QString& message);
    // After finished or failed, once the training thread ended.
    void stopped();

private:
    class Observer;
    using Work = std::function<Result<TrainingResult>(CancellationToken&, TrainingObserver&)>;
    bool launch(Work work);

    QThread* m_thread = nullptr;
    std::unique_ptr<CancellationToken> m_token;
    std::atomic<bool> m_busy = false; // cleared just before finished or failed is emitted
};

} // namespace dwb

Q_DECLARE_METATYPE(dwb::RunStart)
Q_DECLARE_METATYPE(dwb::BatchProgress)
Q_DECLARE_METATYPE(dwb::EpochSummary)
Q_DECLARE_METATYPE(dwb::AugmentEvent)
Q_DECLARE_METATYPE(dwb::TrainingOutcome)
