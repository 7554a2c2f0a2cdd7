#include "TrainingProgressPanel.h"

#include <QFormLayout>
#include <QLabel>
#include <QProgressBar>

#include <algorithm>

namespace dwb {
namespace {

constexpr int kRunBarSteps = 1000;

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

TrainingProgressPanel::TrainingProgressPanel(QWidget* parent)
    : QGroupBox(tr("Progress"), parent)
    , m_epochBar(new QProgressBar(this))
    , m_runBar(new QProgressBar(this))
    , m_eta(new QLabel(this))
    , m_device(new QLabel(this))
    , m_threads(new QLabel(this))
    , m_speed(new QLabel(this))
    , m_status(new QLabel(this))
{
    m_runBar->setRange(0, kRunBarSteps);
    m_status->setWordWrap(true);
    auto* layout = new QFormLayout(this);
    layout->addRow(tr("Epoch:"), m_epochBar);
    layout->addRow(tr("Run:"), m_runBar);
    layout->addRow(tr("Remaining:"), m_eta);
    layout->addRow(tr("Device:"), m_device);
    layout->addRow(tr("Threads:"), m_threads);
    layout->addRow(tr("Speed:"), m_speed);
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
    m_eta->setText(tr("–"));
    m_device->setText(tr("–"));
    m_threads->setText(tr("–"));
    m_speed->setText(tr("–"));
    m_timer.invalidate();
}

void TrainingProgressPanel::runStarted(const RunStart& start)
{
    m_firstEpoch = start.firstEpoch;
    m_timer.start();
    m_device->setText(QString::fromStdString(start.device));
    m_threads->setText(QString::number(start.threads));
}

void TrainingProgressPanel::batchDone(const BatchProgress& progress)
{
    m_epochBar->setRange(0, std::max(1, progress.batches));
    m_epochBar->setValue(progress.batch);
    m_epochBar->setFormat(tr("Epoch %1 of %2: batch %3 of %4")
                              .arg(progress.epoch + 1)
                              .arg(progress.epochs)
                              .arg(progress.batch)
                              .arg(progress.batches));
    const int span = std::max(1, progress.epochs - m_firstEpoch);
    const double batches = std::max(1, progress.batches);
    setFraction((progress.epoch - m_firstEpoch + progress.batch / batches) / span);
}

void TrainingProgressPanel::epochDone(const EpochSummary& summary)
{
    m_speed->setText(tr("%1 images/s").arg(summary.imagesPerSecond, 0, 'f', 1));
    setFraction(static_cast<double>(summary.epoch + 1 - m_firstEpoch) /
                std::max(1, summary.epochs - m_firstEpoch));
}

void TrainingProgressPanel::runEnded(bool complete)
{
    if (complete)
        setFraction(1.0);
    m_eta->setText(tr("–"));
    m_timer.invalidate();
}

void TrainingProgressPanel::setStatus(const QString& text)
{
    m_status->setText(text);
}

QString TrainingProgressPanel::status() const
{
    return m_status->text();
}

void TrainingProgressPanel::setFraction(double fraction)
{
    fraction = std::clamp(fraction, 0.0, 1.0);
    m_runBar->setValue(static_cast<int>(fraction * kRunBarSteps));
    // Elapsed time includes decoding, validation and augmentation, so the estimate does too.
    if (fraction <= 0 || !m_timer.isValid())
        return;
    const double elapsed = static_cast<double>(m_timer.elapsed()) / 1000.0;
    m_eta->setText(
        tr("%1 (elapsed %2)")
            .arg(formatDuration(elapsed * (1 - fraction) / fraction), formatDuration(elapsed)));
}

} // namespace dwb
