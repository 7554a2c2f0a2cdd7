#pragma once

#include <QWizard>

namespace dwb {

enum class DatasetKind; // dwb/dataset/Importers.h
class ImportKindPage;
class ImportRunPage;
class ImportSourcePage;

// Creates a new project from a dataset folder: the kind of dataset, the folder (checked by its
// scanner) and the new project file, then the import on a worker thread with progress, cancel
// and a summary. A failed or cancelled import leaves no project file behind. exec() returns
// Accepted exactly when a project was created; projectPath() names it.
class ImportWizard : public QWizard {
    Q_OBJECT

public:
    enum PageId { KindPageId, SourcePageId, RunPageId };

    explicit ImportWizard(QWidget* parent = nullptr);
    ~ImportWizard() override;

    void setDatasetKind(DatasetKind kind);
    DatasetKind datasetKind() const;
    // Sets the folder and scans it at once.
    void setSourceFolder(const QString& folder);
    QString sourceFolder() const;
    // The project file to create.
    void setNewProjectPath(const QString& path);
    QString newProjectPath() const;

    // The project the import created (absolute); empty unless it succeeded.
    QString projectPath() const;
    bool isImportRunning() const;

public slots:
    // While importing: cancels, and closes once the import has rolled back.
    void reject() override;

signals:
    // A few times a second while importing.
    void importProgress(qint64 done, qint64 total);
    void importFinished(bool succeeded);

protected:
    // Closes with Accepted when a project was created and Rejected otherwise, whichever button
    // closed the wizard.
    void done(int result) override;

private:
    void onImportFinished(bool succeeded);

    ImportKindPage* m_kindPage;
    ImportSourcePage* m_sourcePage;
    ImportRunPage* m_runPage;
    bool m_closeWhenFinished = false;
};

} // namespace dwb
