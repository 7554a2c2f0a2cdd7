// MainWindow's set-up: the pages and how they talk, the menus, tool bar and shortcuts.

#include "MainWindow.h"

#include "RecentProjectsMenu.h"

#include "dwb/widgets/AugmentPreviewPanel.h"
#include "dwb/widgets/BrowsePage.h"
#include "dwb/widgets/MaskEditor.h"
#include "dwb/widgets/ProjectContext.h"
#include "dwb/widgets/ReviewPanel.h"
#include "dwb/widgets/SampleFilterPanel.h"
#include "dwb/widgets/SampleListModel.h"
#include "dwb/widgets/ThumbnailCache.h"
#include "dwb/widgets/ThumbnailGrid.h"
#include "dwb/widgets/TrainingDashboard.h"
#include "dwb/widgets/UiHelpers.h"

#include <QAction>
#include <QActionGroup>
#include <QMenuBar>
#include <QSettings>
#include <QTabWidget>
#include <QToolBar>
#include <QUndoStack>

namespace dwb {

void MainWindow::createPages()
{
    m_pages = new QTabWidget(this);
    m_pages->setDocumentMode(true);
    m_browse = new BrowsePage(m_context, m_samples, m_filter, this);
    m_pages->addTab(m_browse, appIcon("grid"), tr("Browse"));
    m_editor = new MaskEditor(this);
    m_pages->addTab(m_editor, appIcon("edit"), tr("Edit Mask"));
    m_augment = new AugmentPreviewPanel(this);
    m_pages->addTab(m_augment, appIcon("fill"), tr("Guided Crop"));
    m_training = new TrainingDashboard(this);
    m_pages->addTab(m_training, appIcon("history"), tr("Train"));
    m_review = new ReviewPanel(this);
    m_pages->addTab(m_review, appIcon("zoom-in"), tr("Review Errors"));
    setCentralWidget(m_pages);
    // Runs trained on the Train page reach the Review page as they happen.
    m_training->followProject(m_context);
    m_review->followProject(m_context);

    connect(m_browse, &BrowsePage::sampleActivated, this, &MainWindow::editSample);
    connect(m_augment, &AugmentPreviewPanel::sampleActivated, this, &MainWindow::editSample);
    connect(m_review, &ReviewPanel::sampleActivated, this, &MainWindow::editSample);
    // Emitted right after sampleActivated: the editor has the sample open (or kept the user's
    // unsaved one), and shows the prediction as a layer to accept or reject.
    connect(m_review, &ReviewPanel::reviewSampleActivated, this,
            [this](qint64 sampleId, int classIndex, const QImage& predicted) {
                if (m_editor->sampleId() != sampleId)
                    return;
                m_editor->setCurrentClass(classIndex);
                m_editor->setPredictionLayer(predicted);
            });
}

void MainWindow::connectEditor()
{
    connect(m_context, &ProjectContext::aboutToClose, this,
            [this] { m_editor->setProject(nullptr); });
    // The Browse page shows and filters the flag as soon as the editor stores it.
    connect(m_editor, &MaskEditor::ambiguousChanged, m_samples, &SampleListModel::setAmbiguous);
    connect(m_editor, &MaskEditor::previousSampleRequested, this, [this] { stepSample(-1); });
    connect(m_editor, &MaskEditor::nextSampleRequested, this, [this] { stepSample(1); });
    connect(m_editor, &MaskEditor::sampleSaved, this, [this](qint64 sampleId, int) {
        m_browse->grid()->thumbnailCache()->invalidateSample(sampleId);
        refreshSample(sampleId);
    });
    connect(m_editor, &MaskEditor::modifiedChanged, this, [this](bool modified) {
        m_pages->setTabText(1, modified ? tr("Edit Mask *") : tr("Edit Mask"));
        setWindowModified(modified);
    });
}

void MainWindow::createActions()
{
    createFileMenu();
    createEditMenu();
    createViewMenu();
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Defect Workbench"), this, &MainWindow::showAbout);
    createToolBar();
}

void MainWindow::createFileMenu()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_importAction = file->addAction(appIcon("import"), tr("&New Project from Dataset…"), this,
                                     &MainWindow::newProjectFromImport);
    m_importAction->setShortcut(QKeySequence::New);
    m_importAction->setStatusTip(tr("Import a Magnetic Tile, Severstal or image+mask folder"));
    m_openAction = file->addAction(appIcon("open"), tr("&Open Project…"), this,
                                   &MainWindow::openProjectDialog);
    m_openAction->setShortcut(QKeySequence::Open);
    m_recentMenu = new RecentProjectsMenu(this);
    file->addMenu(m_recentMenu);
    file->addSeparator();
    QAction* save = m_editor->saveAction();
    save->setText(tr("&Save Mask"));
    file->addAction(save);
    connect(m_recentMenu, &RecentProjectsMenu::projectChosen, this, &MainWindow::openProject);
    file->addSeparator();
    QAction* preferences = file->addAction(appIcon("preferences"), tr("&Preferences…"), this,
                                           &MainWindow::showPreferences);
    preferences->setShortcuts(
        standardShortcuts(QKeySequence::Preferences, QKeySequence(Qt::CTRL | Qt::Key_Comma)));
    preferences->setMenuRole(QAction::PreferencesRole);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
}

// The editor's own actions (undo, tools, save) live in its tool bar with shortcuts scoped to it;
// the Edit menu shows the same undo stack for discoverability.
void MainWindow::createEditMenu()
{
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_editor->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setIcon(appIcon("undo"));
    QAction* redo = m_editor->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setIcon(appIcon("redo"));
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction* find = edit->addAction(tr("&Find Samples"), this, [this] {
        showPage(Page::Browser);
        m_browse->filterPanel()->focusSearch();
    });
    find->setShortcut(QKeySequence::Find);
}

void MainWindow::createViewMenu()
{
    QMenu* view = menuBar()->addMenu(tr("&View"));
    const auto addPage = [&](const char* iconName, const QString& text, int key, auto slot) {
        view->addAction(appIcon(iconName), text, this, slot)
            ->setShortcut(QKeySequence(Qt::CTRL | key));
    };
    addPage("grid", tr("&Browse"), Qt::Key_1, [this] { showPage(Page::Browser); });
    addPage("edit", tr("&Edit Mask"), Qt::Key_2, [this] {
        if (m_editor->sampleId() > 0)
            showPage(Page::Editor);
        else if (const QVariant id = m_browse->currentIndex().data(SampleListModel::SampleIdRole);
                 id.isValid())
            editSample(id.toLongLong());
    });
    addPage("fill", tr("&Guided Crop"), Qt::Key_3, [this] { showPage(Page::Augment); });
    addPage("history", tr("T&rain"), Qt::Key_4, [this] { showPage(Page::Training); });
    addPage("zoom-in", tr("Re&view Errors"), Qt::Key_5, [this] { showPage(Page::Review); });
    view->addSeparator();
    auto* layoutGroup = new QActionGroup(this);
    m_gridAction = view->addAction(appIcon("grid"), tr("&Thumbnails"), this, [this] {
        setGridView(true);
        showPage(Page::Browser);
    });
    m_listAction = view->addAction(appIcon("list"), tr("&Table"), this, [this] {
        setGridView(false);
        showPage(Page::Browser);
    });
    for (QAction* a : {m_gridAction, m_listAction}) {
        a->setCheckable(true);
        layoutGroup->addAction(a);
    }
}

void MainWindow::createToolBar()
{
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_importAction);
    bar->addAction(m_openAction);
    // The layout switch only does something on the Browse page: it has its own tool bar, shown
    // there alone (the View menu keeps the actions; choosing one shows the Browse page). Hiding
    // a tool bar's buttons one by one does not last: the bar's layout shows them again.
    m_layoutBar = addToolBar(tr("Layout"));
    m_layoutBar->setObjectName(QStringLiteral("layoutToolBar"));
    m_layoutBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_layoutBar->addAction(m_gridAction);
    m_layoutBar->addAction(m_listAction);
    m_layoutBar->toggleViewAction()->setVisible(false); // not the user's to hide or show
    connect(m_pages, &QTabWidget::currentChanged, this, &MainWindow::showLayoutBar);
}

void MainWindow::showLayoutBar()
{
    m_layoutBar->setVisible(m_pages->currentIndex() == static_cast<int>(Page::Browser));
}

void MainWindow::setGridView(bool grid)
{
    m_browse->setGridView(grid);
    m_gridAction->setChecked(grid);
    m_listAction->setChecked(!grid);
    QSettings().setValue(QStringLiteral("browser/grid"), grid);
}

} // namespace dwb
