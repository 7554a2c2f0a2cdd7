#include "ImportRunPage.h"

#include "ImportSourcePage.h"
#include "ImportWorker.h"

#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QTimer>
#include <QVBoxLayout>

namespace dwb {
namespace {
constexpr int kWarningsShown = 20;
} // namespace

ImportRunPage::ImportRunPage(const ImportSourcePage* sourcePage, QWidget* parent)
    : QWizardPage(parent)
    , m_sourcePage(sourcePage)
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_warningsTitle(new QLabel(this))
    , m_warnings(new QListWidget(this))
    , m_poll(new QTimer(this))
    , m_worker(std::make_unique<ImportWorker>())
{
    setTitle(tr("Import"));
    m_status->setWordWrap(true);
    m_progress->setFormat(tr("%v of %m"));
    m_warnings->setObjectName(QStringLiteral("importWarnings"));
    m_warningsTitle->hide();
    m_warnings->hide();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);
    layout->addWidget(m_warningsTitle);
    layout->addWidget(m_warnings, 1);
    layout->addStretch();

    // The worker only counts; the page reads the counts a few times a second.
    m_poll->setInterval(100);
    connect(m_poll, &QTimer::timeout, this, &ImportRunPage::showProgress);
}

ImportRunPage::~ImportRunPage()
{
    m_worker.reset(); // cancels and joins while the page is still whole
}

void ImportRunPage::initializePage()
{
    if (!m_running && !m_done)
        start();
}

bool ImportRunPage::isComplete() const
{
    return m_done;
}

void ImportRunPage::start()
{
    const auto plan = m_sourcePage->plan();
    if (!plan) {
        finish(false, tr("There is nothing to import; no project was created."), {}, 0);
        return;
    }
    m_target = m_sourcePage->projectPath();
    m_running = true;
    m_status->setText(tr("Importing into %1…").arg(QFileInfo(m_target).fileName()));
    m_progress->setRange(0, static_cast<int>(plan->samples.size()));
    m_progress->setValue(0);
    m_poll->start();
    m_worker->start(plan, m_target.toStdString(), [this](Result<ImportReport> result) {
        // On the worker thread: carry the outcome over to the GUI thread as plain values.
        const bool ok = result.has_value();
        QString summary;
        QStringList warnings;
        qsizetype warningCount = 0;
        if (ok) {
            summary = tr("Found %n sample(s): %1 added, %2 already in the project, %3 skipped.",
                         nullptr, static_cast<int>(result->found))
                          .arg(result->added)
                          .arg(result->duplicates)
                          .arg(result->skipped);
            warningCount = static_cast<qsizetype>(result->warnings.size());
            for (const auto& warning : result->warnings) {
                if (warnings.size() == kWarningsShown)
                    break;
                // The reason first: a long path would push it out of sight.
                warnings << tr("%1 — %2").arg(QString::fromStdString(warning.message),
                                              QString::fromStdString(warning.file));
            }
        } else if (result.error().code == ErrorCode::Cancelled) {
            summary = tr("The import was cancelled; no project was created.");
        } else {
            summary = tr("The import failed; no project was created.\n%1")
                          .arg(QString::fromStdString(result.error().message));
        }
        QMetaObject::invokeMethod(
            this, [=, this] { finish(ok, summary, warnings, warningCount); }, Qt::QueuedConnection);
    });
}

void ImportRunPage::showProgress()
{
    const auto done = static_cast<qint64>(m_worker->done());
    const auto total = static_cast<qint64>(m_worker->total());
    m_progress->setMaximum(static_cast<int>(total));
    m_progress->setValue(static_cast<int>(done));
    emit importProgress(done, total);
}

void ImportRunPage::cancel()
{
    if (!m_running)
        return;
    m_worker->cancel();
    m_status->setText(tr("Cancelling…"));
}

void ImportRunPage::finish(bool succeeded, const QString& summary, const QStringList& warnings,
                           qsizetype warningCount)
{
    m_worker->wait();
    m_poll->stop();
    showProgress();
    m_running = false;
    m_done = true;
    m_created = succeeded ? m_target : QString();
    m_status->setText(summary);
    if (!warnings.isEmpty()) {
        m_warningsTitle->setText(
            warningCount > warnings.size()
                ? tr("Warnings (the first %1 of %2):").arg(warnings.size()).arg(warningCount)
                : tr("Warnings:"));
        m_warnings->addItems(warnings);
        for (int i = 0; i < m_warnings->count(); ++i)
            m_warnings->item(i)->setToolTip(m_warnings->item(i)->text());
        m_warningsTitle->show();
        m_warnings->show();
    }
    emit completeChanged();
    emit importFinished(succeeded);
}

} // namespace dwb
