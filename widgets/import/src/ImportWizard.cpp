#include "dwb/widgets/ImportWizard.h"

#include "ImportKindPage.h"
#include "ImportRunPage.h"
#include "ImportSourcePage.h"

#include <QAbstractButton>

namespace dwb {

ImportWizard::ImportWizard(QWidget* parent)
    : QWizard(parent)
    , m_kindPage(new ImportKindPage(this))
    , m_sourcePage(new ImportSourcePage(m_kindPage, this))
    , m_runPage(new ImportRunPage(m_sourcePage, this))
{
    setWindowTitle(tr("Import Dataset"));
    setOption(QWizard::NoBackButtonOnLastPage);
    setPage(KindPageId, m_kindPage);
    setPage(SourcePageId, m_sourcePage);
    setPage(RunPageId, m_runPage);
    connect(m_runPage, &ImportRunPage::importProgress, this, &ImportWizard::importProgress);
    connect(m_runPage, &ImportRunPage::importFinished, this, &ImportWizard::onImportFinished);
}

ImportWizard::~ImportWizard() = default;

void ImportWizard::setDatasetKind(DatasetKind kind)
{
    m_kindPage->setKind(kind);
}

DatasetKind ImportWizard::datasetKind() const
{
    return m_kindPage->kind();
}

void ImportWizard::setSourceFolder(const QString& folder)
{
    m_sourcePage->setSourceFolder(folder);
}

QString ImportWizard::sourceFolder() const
{
    return m_sourcePage->sourceFolder();
}

void ImportWizard::setNewProjectPath(const QString& path)
{
    m_sourcePage->setProjectPath(path);
}

QString ImportWizard::newProjectPath() const
{
    return m_sourcePage->projectPath();
}

QString ImportWizard::projectPath() const
{
    return m_runPage->createdProject();
}

bool ImportWizard::isImportRunning() const
{
    return m_runPage->isRunning();
}

void ImportWizard::reject()
{
    if (m_runPage->isRunning()) {
        m_closeWhenFinished = true;
        button(QWizard::CancelButton)->setEnabled(false);
        m_runPage->cancel();
        return;
    }
    QWizard::reject();
}

void ImportWizard::done(int /*result*/)
{
    // Whichever way the wizard closes, the caller learns whether a project exists.
    QWizard::done(projectPath().isEmpty() ? QDialog::Rejected : QDialog::Accepted);
}

void ImportWizard::onImportFinished(bool succeeded)
{
    // Once the import ran, there is nothing left to cancel.
    button(QWizard::CancelButton)->setEnabled(!succeeded && !m_closeWhenFinished);
    emit importFinished(succeeded);
    if (m_closeWhenFinished)
        QWizard::reject();
}

} // namespace dwb
