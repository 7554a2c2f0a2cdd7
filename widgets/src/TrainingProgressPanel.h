#pragma once

#include "dwb/train/TrainingSummary.h"

#include <QElapsedTimer>
#include <QGroupBox>

class QLabel;
class QProgressBar;

namespace dwb {

// Where a training stands: the epoch's batches, the run's share done with an estimate of the
// time left, the device, threads and speed, and a status line.
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
    void setStatus(const QString& text);
    QString status() const;

private:
    void setFraction(double fraction);

    QProgressBar* m_epochBar;
    QProgressBar* m_runBar;
    QLabel* m_eta;
    QLabel* m_device;
    QLabel* m_threads;
    QLabel* m_speed;
    QLabel* m_status;
    QElapsedTimer m_timer;
    int m_firstEpoch = 0;
};

// "m:ss" or "h:mm:ss".
QString formatDuration(double seconds);

} // namespace dwb
