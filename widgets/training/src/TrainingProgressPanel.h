#pragma once

#include "dwb/train/TrainingSummary.h"
#include "dwb/widgets/TrainingWorker.h"

#include <QGroupBox>

class QLabel;
class QProgressBar;

namespace dwb {

// Where a training stands: the epoch's batches, the run's share done (of its epochs or of its
// time budget) with the core's estimate of the time left, the learning rate, the device, threads
// and speed, the best epoch so far, and at the end why the run stopped. A status line below.
class TrainingProgressPanel : public QGroupBox {
    Q_OBJECT

public:
    explicit TrainingProgressPanel(QWidget* parent = nullptr);

    void reset();
    void runStarted(const RunStart& start);
    void batchDone(const BatchProgress& progress);
    void epochDone(const EpochSummary& summary);
    // The run ended; a complete one fills the run bar.
    void runEnded(bool complete);
    // Why the run ended and which epoch became its model.
    void showOutcome(const TrainingOutcome& outcome);
    void setStatus(const QString& text);
    QString status() const;

    // For tests: what the rows show.
    QString remainingText() const;
    QString learningRateText() const;
    QString bestEpochText() const;
    QString outcomeText() const;
    double runFraction() const;

private:
    void setFraction(double fraction);

    QProgressBar* m_epochBar;
    QProgressBar* m_runBar;
    QLabel* m_eta;
    QLabel* m_learningRate;
    QLabel* m_device;
    QLabel* m_threads;
    QLabel* m_speed;
    QLabel* m_best;
    QLabel* m_outcome;
    QLabel* m_status;
    bool m_budgeted = false;
};

// "m:ss" or "h:mm:ss".
QString formatDuration(double seconds);

// Why a run ended, in a few words ("Time budget used").
QString stopReasonText(StopReason reason);

} // namespace dwb
