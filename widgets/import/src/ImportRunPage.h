#pragma once

#include <QWizardPage>

#include <memory>

class QLabel;
class QListWidget;
class QProgressBar;
class QTimer;

namespace dwb {

class ImportSourcePage;
class ImportWorker;

// Import wizard, page 3: creates the project and imports on a worker thread, with progress and
// cancellation, then shows what the import did.
class ImportRunPage : public QWizardPage {
    Q_OBJECT

public:
    ImportRunPage(const ImportSourcePage* sourcePage, QWidget* parent = nullptr);
    ~ImportRunPage() override;

    void initializePage() override;
    bool isComplete() const override;

    bool isRunning() const { return m_running; }
    // The project the import created; empty until one succeeded.
    const QString& createdProject() const { return m_created; }
    // Asks the running import to stop; importFinished(false) follows once it rolled back.
    void cancel();

signals:
    void importProgress(qint64 done, qint64 total);
    void importFinished(bool succeeded);

private:
    void start();
    void showProgress();
    void finish(bool succeeded, const QString& summary, const QStringList& warnings,
                qsizetype warningCount);

    const ImportSourcePage* m_sourcePage;
    QLabel* m_status;
    QProgressBar* m_progress;
    QLabel* m_warningsTitle;
    QListWidget* m_warnings;
    QTimer* m_poll;
    std::unique_ptr<ImportWorker> m_worker;
    QString m_target;
    QString m_created;
    bool m_running = false;
    bool m_done = false;
};

} // namespace dwb
