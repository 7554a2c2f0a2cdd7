#include "TrainingProgressPanel.h"

#include <QFormLayout>
#include <QLabel>
#include <QProgressBar>

#include <algorithm>

namespace dwb {
namespace {

constexpr int kRunBarSteps = 1000;

QString bestText(int epoch, double score)
{
    return TrainingProgressPanel::tr("epoch %1, score %2").arg(epoch + 1).arg(score, 0, 'f', 3);
}

} // namespace

QString formatDuration(double seconds)
{
    const int s = std::max(0, static_cast<int>(seconds + 0.5));
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString stopReasonText(StopReason reason)
{
    switch (reason) {
    case StopReason::Epochs:
        return TrainingProgressPanel::tr("Every epoch trained");
    case StopReason::Budget:
        return TrainingProgressPanel::tr("Time budget used");
    case StopReason::Patience:
        return TrainingProgressPanel::tr("Stopped early: the validation score stopped improving");
    case StopReason::Cancelled:
        return TrainingProgressPanel::tr("Stopped by the user");
    }
    return {};
}

TrainingProgressPanel::TrainingProgressPanel(QWidget* parent)
    : QGroupBox(tr("Progress"), parent)
    , m_epochBar(new QProgressBar(this))
    , m_runBar(new QProgressBar(this))
    , m_eta(new QLabel(this))
    , m_learningRate(new QLabel(this))
    , m_device(new QLabel(this))
    , m_threads(new QLabel(this))
    , m_speed(new QLabel(this))
    , m_best(new QLabel(this))
    , m_outcome(new QLabel(this))
    , m_status(new QLabel(this))
{
    m_runBar->setRange(0, kRunBarSteps);
    m_eta->setWordWrap(true);
    m_best->setWordWrap(true);
    m_outcome->setWordWrap(true);
    m_status->setWordWrap(true);
    m_eta->setToolTip(tr("Estimated time to the end of the run; with a time budget, what is "
                         "left of it"));
    m_best->setToolTip(tr("The epoch with the best validation score so far"));
    auto* layout = new QFormLayout(this);
    layout->addRow(tr("Epoch:"), m_epochBar);
    layout->addRow(tr("Run:"), m_runBar);
    layout->addRow(tr("Remaining:"), m_eta);
    layout->addRow(tr("Learning rate:"), m_learningRate);
    layout->addRow(tr("Device:"), m_device);
    layout->addRow(tr("Threads:"), m_threads);
    layout->addRow(tr("Speed:"), m_speed);
    layout->addRow(tr("Best epoch:"), m_best);
    layout->addRow(tr("Ended:"), m_outcome);
    layout->addRow(m_status);
    reset();
}

void TrainingProgressPanel::reset()
{
    m_epochBar->setRange(0, 1);
    m_epochBar->setValue(0);
    m_epochBar->setFormat(QStringLiteral("%p%"));
    m_runBar->setValue(0);
    m_runBar->setFormat(QStringLiteral("%p%"));
    for (QLabel* label : {m_eta, m_learningRate, m_device, m_threads, m_speed, m_best, m_outcome})
        label->setText(tr("–"));
    m_budgeted = false;
}

void TrainingProgressPanel::runStarted(const RunStart& start)
{
    m_budgeted = start.budgetSeconds > 0;
    m_device->setText(QString::fromStdString(start.device));
    m_threads->setText(QString::number(start.threads));
}

void TrainingProgressPanel::batchDone(const BatchProgress& progress)
{
    m_budgeted = progress.budget > 0;
    m_epochBar->setRange(0, std::max(1, progress.batches));
    m_epochBar->setValue(progress.batch);
    // A budgeted run without an epoch limit has no epoch count worth showing.
    m_epochBar->setFormat(m_budgeted && progress.epochs >= kUnboundedEpochs
                              ? tr("Epoch %1: batch %2 of %3")
                                    .arg(progress.epoch + 1)
                                    .arg(progress.batch)
                                    .arg(progress.batches)
                              : tr("Epoch %1 of %2: batch %3 of %4")
                                    .arg(progress.epoch + 1)
                                    .arg(progress.epochs)
                                    .arg(progress.batch)
                                    .arg(progress.batches));
    setFraction(progress.progress);
    const QString elapsed = formatDuration(progress.elapsed);
    if (progress.etaSeconds < 0)
        m_eta->setText(tr("estimating… (elapsed %1)").arg(elapsed));
    else if (m_budgeted)
        m_eta->setText(tr("%1 of the %2 budget (elapsed %3)")
                           .arg(formatDuration(progress.etaSeconds),
                                formatDuration(progress.budget), elapsed));
    else
        m_eta->setText(tr("%1 (elapsed %2)").arg(formatDuration(progress.etaSeconds), elapsed));
    m_learningRate->setText(tr("%1 (lambda %2)")
                                .arg(QString::number(progress.learningRate, 'g', 3))
                                .arg(progress.lambda, 0, 'f', 2));
}

void TrainingProgressPanel::epochDone(const EpochSummary& summary)
{
    m_speed->setText(tr("%1 images/s").arg(summary.imagesPerSecond, 0, 'f', 1));
    if (summary.best)
        m_best->setText(bestText(summary.epoch, summary.score));
    // A budgeted run's share is of its time, which the batches report.
    if (!m_budgeted)
        setFraction(static_cast<double>(summary.epoch + 1) / std::max(1, summary.epochs));
}

void TrainingProgressPanel::runEnded(bool complete)
{
    if (complete)
        setFraction(1.0);
    m_eta->setText(tr("–"));
}

void TrainingProgressPanel::showOutcome(const TrainingOutcome& outcome)
{
    m_outcome->setText(outcome.calibrated ? tr("%1; thresholds calibrated on the validation split")
                                                .arg(stopReasonText(outcome.stopReason))
                                          : stopReasonText(outcome.stopReason));
    if (outcome.bestEpoch < 0) {
        m_best->setText(tr("none validated"));
        return;
    }
    // The model is the best epoch when the last one's weights were kept apart, or when the best
    // is the last; otherwise the run kept its last epoch (no selection).
    const int lastEpoch = outcome.epochs - 1;
    const bool modelIsBest = !outcome.lastModelPath.isEmpty() || outcome.bestEpoch == lastEpoch;
    const QString best = bestText(outcome.bestEpoch, outcome.bestScore);
    m_best->setText(modelIsBest
                        ? tr("%1: the model").arg(best)
                        : tr("%1; the model is the last epoch, %2").arg(best).arg(lastEpoch + 1));
}

void TrainingProgressPanel::setStatus(const QString& text)
{
    m_status->setText(text);
}

QString TrainingProgressPanel::status() const
{
    return m_status->text();
}

QString TrainingProgressPanel::remainingText() const
{
    return m_eta->text();
}

QString TrainingProgressPanel::learningRateText() const
{
    return m_learningRate->text();
}

QString TrainingProgressPanel::bestEpochText() const
{
    return m_best->text();
}

QString TrainingProgressPanel::outcomeText() const
{
    return m_outcome->text();
}

double TrainingProgressPanel::runFraction() const
{
    return static_cast<double>(m_runBar->value()) / kRunBarSteps;
}

void TrainingProgressPanel::setFraction(double fraction)
{
    m_runBar->setValue(static_cast<int>(std::clamp(fraction, 0.0, 1.0) * kRunBarSteps));
}

} // namespace dwb
