#include "MainWindow.h"

#include "ProjectStatusLabel.h"
#include "RecentProjectsMenu.h"

#include "dwb/widgets/AugmentPreviewPanel.h"
#include "dwb/widgets/BrowsePage.h"
#include "dwb/widgets/ImportWizard.h"
#include "dwb/widgets/MaskEditor.h"
#include "dwb/widgets/PreferencesDialog.h"
#include "dwb/widgets/ProjectContext.h"
#include "dwb/widgets/ReviewPanel.h"
#include "dwb/widgets/SampleFilterModel.h"
#include "dwb/widgets/SampleFilterPanel.h"
#include "dwb/widgets/SampleListModel.h"
#include "dwb/widgets/ThumbnailCache.h"
#include "dwb/widgets/ThumbnailGrid.h"
#include "dwb/widgets/TrainingDashboard.h"
#include "dwb/widgets/TrainingWorker.h"
#include "dwb/widgets/UiHelpers.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QUndoStack>

namespace dwb {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_context(new ProjectContext(this))
    , m_samples(new SampleListModel(this))
    , m_filter(new SampleFilterModel(this))
{
    setWindowTitle(tr("Defect Workbench"));
    setWindowIcon(appIcon("defect-workbench"));
    m_filter->setSourceModel(m_samples);
    // First of all listeners: the pages below expect the sample list loaded when they hear.
    connect(m_context, &ProjectContext::opened, this, &MainWindow::projectOpened);
    createPages();
    connectEditor();
    m_status = new ProjectStatusLabel(m_context, this);
    statusBar()->addPermanentWidget(m_status);
    createActions();
    applyPreferences();

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    showLayoutBar(); // the saved state may hold it shown or hidden from another page
    m_browse->restoreLayout(settings.value(QStringLiteral("window/splitter")).toByteArray());
    setGridView(settings.value(QStringLiteral("browser/grid"), true).toBool());
}

MainWindow::~MainWindow()
{
    // The editor refers to the project's connection: let it go first.
    m_editor->setProject(nullptr);
}

QString MainWindow::projectPath() const
{
    return m_context->path();
}

void MainWindow::showPage(Page page)
{
    m_pages->setCurrentIndex(static_cast<int>(page));
}

MainWindow::Page MainWindow::currentPage() const
{
    return static_cast<Page>(m_pages->currentIndex());
}

void MainWindow::newProjectFromImport()
{
    if (!m_editor->maybeSave())
        return;
    ImportWizard wizard(this);
    if (wizard.exec() == QDialog::Accepted && !wizard.projectPath().isEmpty())
        openProject(wizard.projectPath());
}

void MainWindow::openProjectDialog()
{
    const QString current = m_context->path();
    const QString start = current.isEmpty() ? QString() : QFileInfo(current).path();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Project"), start, tr("Defect Workbench projects (*.dwb);;All files (*)"));
    if (!path.isEmpty())
        openProject(path);
}

void MainWindow::showPreferences()
{
    PreferencesDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        applyPreferences();
}

void MainWindow::applyPreferences()
{
    m_editor->setUndoLimit(PreferencesDialog::undoLimit());
    m_browse->grid()->setThumbnailSize(PreferencesDialog::thumbnailSize());
}

bool MainWindow::confirmStopTraining()
{
    if (!m_training->isTraining())
        return true;
    const auto answer = QMessageBox::question(
        this, tr("Training is running"),
        tr("A training run is in progress. Stop it? Its last completed epoch is kept in a "
           "checkpoint, and the run can be continued later."),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return false;
    m_training->stopTraining();
    m_training->worker()->wait(-1);
    return true;
}

bool MainWindow::openProject(const QString& path)
{
    if (!m_editor->maybeSave() || !confirmStopTraining())
        return false;
    if (auto opened = m_context->open(path); !opened) {
        QMessageBox::warning(this, tr("Cannot open project"),
                             tr("The project could not be opened:\n%1")
                                 .arg(QString::fromStdString(opened.error().message)));
        return false;
    }
    return m_context->isOpen();
}

// The first to hear of a new project: loads the sample list the pages show, then hands the
// project to the pages that take it by path.
void MainWindow::projectOpened()
{
    if (auto loaded = m_samples->loadProject(*m_context->db()); !loaded) {
        QMessageBox::warning(this, tr("Cannot open project"),
                             tr("The project could not be read:\n%1")
                                 .arg(QString::fromStdString(loaded.error().message)));
        m_context->close();
        return;
    }
    const QString path = m_context->path();
    m_editor->setProject(m_context->db());
    m_augment->setProject(path, m_context->classes());
    m_training->setProject(path, m_context->classes());
    m_review->setProject(path, m_context->classes());
    setWindowTitle(tr("%1[*] — Defect Workbench").arg(QFileInfo(path).fileName()));
    m_recentMenu->remember(path);
    showPage(Page::Browser);
}

// After a save the sample's revision and classes changed: re-read that one record rather than
// the whole project (whose synthetic samples carry their PNGs).
void MainWindow::refreshSample(qint64 sampleId)
{
    if (!m_context->isOpen())
        return;
    auto record = m_context->db()->sample(sampleId);
    if (!record) {
        statusBar()->showMessage(QString::fromStdString(record.error().message), 5000);
        return;
    }
    m_samples->updateSample(*record);
    m_context->notifySampleChanged(sampleId);
}

bool MainWindow::editSample(qint64 sampleId)
{
    if (!m_context->isOpen())
        return false;
    if (m_editor->sampleId() != sampleId && !m_editor->openSample(sampleId))
        return false;
    m_browse->selectSample(sampleId);
    showPage(Page::Editor);
    m_editor->canvas()->setFocus();
    return true;
}

// Previous or next sample of the browser's current order and filters.
void MainWindow::stepSample(int offset)
{
    const int row = m_samples->rowOfSample(m_editor->sampleId());
    const QModelIndex here =
        row >= 0 ? m_filter->mapFromSource(m_samples->index(row, 0)) : QModelIndex();
    const int next = here.isValid() ? here.row() + offset : 0;
    for (int r = next; r >= 0 && r < m_filter->rowCount(); r += offset) {
        const QVariant id = m_filter->index(r, 0).data(SampleListModel::SampleIdRole);
        if (id.isValid()) { // synthetic rows are not editable
            editSample(id.toLongLong());
            return;
        }
    }
    statusBar()->showMessage(
        offset < 0 ? tr("This is the first sample") : tr("This is the last sample"), 3000);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Defect Workbench"),
                       tr("<b>Defect Workbench %1</b><p>Import, label, augment, train and review "
                          "surface-defect datasets.</p>")
                           .arg(QApplication::applicationVersion()));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_editor->maybeSave() || !confirmStopTraining()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_browse->saveLayout());
    event->accept();
}

} // namespace dwb
