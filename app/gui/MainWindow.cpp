#include "MainWindow.h"

#include "dwb/dataset/ProjectSummary.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/widgets/AugmentPreviewPanel.h"
#include "dwb/widgets/ClassOverlay.h"
#include "dwb/widgets/ImportWizard.h"
#include "dwb/widgets/MaskEditor.h"
#include "dwb/widgets/PreferencesDialog.h"
#include "dwb/widgets/ReviewPanel.h"
#include "dwb/widgets/SampleFilterModel.h"
#include "dwb/widgets/SampleFilterPanel.h"
#include "dwb/widgets/SampleListModel.h"
#include "dwb/widgets/SamplePreview.h"
#include "dwb/widgets/ThumbnailCache.h"
#include "dwb/widgets/ThumbnailGrid.h"
#include "dwb/widgets/TrainingDashboard.h"
#include "dwb/widgets/TrainingWorker.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>

namespace dwb {
namespace {

constexpr int kMaxRecent = 8;
constexpr auto kRecentKey = "project/recent";

QIcon icon(const char* name)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name)));
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_samples(new SampleListModel(this))
    , m_filter(new SampleFilterModel(this))
{
    setWindowTitle(tr("Defect Workbench"));
    setWindowIcon(icon("defect-workbench"));
    m_filter->setSourceModel(m_samples);

    m_pages = new QTabWidget(this);
    m_pages->setDocumentMode(true);
    m_pages->addTab(createBrowserPage(), icon("grid"), tr("Browse"));
    m_editor = new MaskEditor(this);
    m_pages->addTab(m_editor, icon("edit"), tr("Edit Mask"));
    m_augment = new AugmentPreviewPanel(this);
    m_pages->addTab(m_augment, icon("fill"), tr("Guided Crop"));
    m_training = new TrainingDashboard(this);
    m_pages->addTab(m_training, icon("history"), tr("Train"));
    m_review = new ReviewPanel(this);
    m_pages->addTab(m_review, icon("zoom-in"), tr("Review Errors"));
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
    setCentralWidget(m_pages);
    connect(m_augment, &AugmentPreviewPanel::sampleActivated, this, &MainWindow::editSample);

    connect(m_editor, &MaskEditor::previousSampleRequested, this, [this] { stepSample(-1); });
    connect(m_editor, &MaskEditor::nextSampleRequested, this, [this] { stepSample(1); });
    connect(m_editor, &MaskEditor::sampleSaved, this, [this](qint64 sampleId, int) {
        m_grid->thumbnailCache()->invalidateSample(sampleId);
        refreshSample(sampleId);
    });
    connect(m_editor, &MaskEditor::modifiedChanged, this, [this](bool modified) {
        m_pages->setTabText(1, modified ? tr("Edit Mask *") : tr("Edit Mask"));
        setWindowModified(modified);
    });

    m_counts = new QLabel(this);
    m_counts->setTextFormat(Qt::RichText);
    statusBar()->addPermanentWidget(m_counts);

    createActions();
    applyPreferences();
    updateStatus();

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    setGridView(settings.value(QStringLiteral("browser/grid"), true).toBool());
}

MainWindow::~MainWindow()
{
    // The editor and the cache refer to the project: let them go first.
    m_editor->setProject(nullptr);
}

QWidget* MainWindow::createBrowserPage()
{
    m_filterPanel = new SampleFilterPanel(this);
    m_filterPanel->setFilterModel(m_filter);

    m_grid = new ThumbnailGrid(this);
    m_grid->setModel(m_filter);
    connect(m_grid, &ThumbnailGrid::sampleActivated, this, &MainWindow::editSample);

    m_table = new QTableView(this);
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(SampleListModel::ClassesColumn,
                                                      QHeaderView::Stretch);
    m_table->sortByColumn(SampleListModel::NameColumn, Qt::AscendingOrder);
    connect(m_table, &QTableView::activated, this, &MainWindow::activateIndex);

    // Grid and table share the selection, so switching views keeps the current sample.
    m_table->setSelectionModel(m_grid->selectionModel());
    connect(m_grid->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MainWindow::showCurrentSample);

    m_views = new QStackedWidget(this);
    m_views->addWidget(m_grid);
    m_views->addWidget(m_table);

    m_preview = new SamplePreview(this);
    m_preview->showMessage(tr("Open a project to see its samples"));

    m_splitter = new QSplitter(this);
    m_splitter->addWidget(m_filterPanel);
    m_splitter->addWidget(m_views);
    m_splitter->addWidget(m_preview);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setStretchFactor(2, 2);
    m_splitter->setSizes({230, 640, 410});
    return m_splitter;
}

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* import = file->addAction(icon("import"), tr("&New Project from Dataset…"), this,
                                      &MainWindow::newProjectFromImport);
    import->setShortcut(QKeySequence::New);
    import->setStatusTip(tr("Import a Magnetic Tile, Severstal or image+mask folder"));
    QAction* open =
        file->addAction(icon("open"), tr("&Open Project…"), this, &MainWindow::openProjectDialog);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addSeparator();
    QAction* preferences = file->addAction(icon("preferences"), tr("&Preferences…"), this,
                                           &MainWindow::showPreferences);
    preferences->setShortcut(QKeySequence::Preferences);
    preferences->setMenuRole(QAction::PreferencesRole);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    // The editor's own actions (undo, tools, save) live in its tool bar with shortcuts scoped to
    // it; the Edit menu shows the same undo stack for discoverability.
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_editor->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setIcon(icon("undo"));
    QAction* redo = m_editor->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setIcon(icon("redo"));
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction* find = edit->addAction(tr("&Find Samples"), this, [this] {
        showPage(Page::Browser);
        m_filterPanel->focusSearch();
    });
    find->setShortcut(QKeySequence::Find);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* browse =
        view->addAction(icon("grid"), tr("&Browse"), this, [this] { showPage(Page::Browser); });
    browse->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    QAction* editPage = view->addAction(icon("edit"), tr("&Edit Mask"), this, [this] {
        if (m_editor->sampleId() > 0)
            showPage(Page::Editor);
        else if (const QModelIndex current = m_grid->currentIndex(); current.isValid())
            activateIndex(current);
    });
    editPage->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    QAction* augmentPage = view->addAction(icon("fill"), tr("&Guided Crop"), this,
                                           [this] { showPage(Page::Augment); });
    augmentPage->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    QAction* trainingPage =
        view->addAction(icon("history"), tr("T&rain"), this, [this] { showPage(Page::Training); });
    trainingPage->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_4));
    QAction* reviewPage = view->addAction(icon("zoom-in"), tr("Re&view Errors"), this,
                                          [this] { showPage(Page::Review); });
    reviewPage->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_5));
    view->addSeparator();
    auto* layoutGroup = new QActionGroup(this);
    m_gridAction =
        view->addAction(icon("grid"), tr("&Thumbnails"), this, [this] { setGridView(true); });
    m_listAction =
        view->addAction(icon("list"), tr("&Table"), this, [this] { setGridView(false); });
    for (QAction* a : {m_gridAction, m_listAction}) {
        a->setCheckable(true);
        layoutGroup->addAction(a);
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Defect Workbench"), this, &MainWindow::showAbout);

    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(import);
    bar->addAction(open);
    bar->addSeparator();
    bar->addAction(m_gridAction);
    bar->addAction(m_listAction);
}

void MainWindow::showPage(Page page)
{
    m_pages->setCurrentIndex(static_cast<int>(page));
}

MainWindow::Page MainWindow::currentPage() const
{
    return static_cast<Page>(m_pages->currentIndex());
}

void MainWindow::setGridView(bool grid)
{
    m_views->setCurrentWidget(grid ? static_cast<QWidget*>(m_grid) : m_table);
    m_gridAction->setChecked(grid);
    m_listAction->setChecked(!grid);
    QSettings().setValue(QStringLiteral("browser/grid"), grid);
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
    const QString start = m_projectPath.isEmpty() ? QString() : QFileInfo(m_projectPath).path();
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
    m_grid->setThumbnailSize(PreferencesDialog::thumbnailSize());
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
    auto project = ProjectDb::open(path.toStdString());
    if (!project) {
        QMessageBox::warning(this, tr("Cannot open project"),
                             tr("The project could not be opened:\n%1")
                                 .arg(QString::fromStdString(project.error().message)));
        return false;
    }
    auto opened = std::make_unique<ProjectDb>(std::move(*project));
    if (auto loaded = m_samples->loadProject(*opened); !loaded) {
        QMessageBox::warning(this, tr("Cannot open project"),
                             tr("The project could not be read:\n%1")
                                 .arg(QString::fromStdString(loaded.error().message)));
        return false;
    }
    m_editor->setProject(nullptr);
    m_project = std::move(opened);
    m_projectPath = QFileInfo(path).absoluteFilePath();
    m_editor->setProject(m_project.get());
    m_grid->thumbnailCache()->setProject(m_projectPath, m_samples->classes());
    m_augment->setProject(m_projectPath, m_samples->classes());
    m_training->setProject(m_projectPath, m_samples->classes());
    m_review->setProject(m_projectPath, m_samples->classes());
    m_filterPanel->setClasses(m_samples->classes());
    m_filterPanel->resetFilters();
    m_table->resizeColumnsToContents();
    setWindowTitle(tr("%1[*] — Defect Workbench").arg(QFileInfo(path).fileName()));
    rememberRecent(m_projectPath);
    updateStatus();
    showPage(Page::Browser);
    if (m_filter->rowCount() > 0)
        m_grid->setCurrentIndex(m_filter->index(0, SampleListModel::NameColumn));
    else
        m_preview->showMessage(tr("This project has no samples yet"));
    return true;
}

// After a save the sample's revision and classes changed: re-read that one record rather than
// the whole project (whose synthetic samples carry their PNGs).
void MainWindow::refreshSample(qint64 sampleId)
{
    if (!m_project)
        return;
    auto record = m_project->sample(sampleId);
    if (!record) {
        statusBar()->showMessage(QString::fromStdString(record.error().message), 5000);
        return;
    }
    m_samples->updateSample(*record);
    updateStatus();
}

void MainWindow::activateIndex(const QModelIndex& index)
{
    const QVariant id = index.data(SampleListModel::SampleIdRole);
    if (id.isValid())
        editSample(id.toLongLong());
}

bool MainWindow::editSample(qint64 sampleId)
{
    if (!m_project)
        return false;
    if (m_editor->sampleId() != sampleId && !m_editor->openSample(sampleId))
        return false;
    const int row = m_samples->rowOfSample(sampleId);
    if (row >= 0) {
        const QModelIndex index = m_filter->mapFromSource(m_samples->index(row, 0));
        if (index.isValid())
            m_grid->setCurrentIndex(index);
    }
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

void MainWindow::showCurrentSample(const QModelIndex& current)
{
    if (!current.isValid() || !m_project) {
        m_preview->showMessage(QString());
        return;
    }
    const QString name = current.siblingAtColumn(SampleListModel::NameColumn).data().toString();
    if (current.data(SampleListModel::IsSyntheticRole).toBool()) {
        const QImage image =
            QImage::fromData(current.data(SampleListModel::ImagePngRole).toByteArray(), "PNG");
        auto overlay = renderClassOverlay(current.data(SampleListModel::MaskPngRole).toByteArray(),
                                          m_samples->classes());
        m_preview->showSample(image, overlay ? *overlay : QImage(), tr("%1 — synthetic").arg(name));
        return;
    }
    const qint64 sampleId = current.data(SampleListModel::SampleIdRole).toLongLong();
    const QString path = current.data(SampleListModel::ImagePathRole).toString();
    const QImage image(path);
    if (image.isNull()) {
        m_preview->showMessage(tr("Cannot read %1").arg(path));
        return;
    }
    auto overlay = renderClassOverlay(*m_project, sampleId, m_samples->classes());
    m_preview->showSample(image, overlay ? *overlay : QImage(),
                          tr("%1 — revision %2")
                              .arg(name)
                              .arg(current.data(SampleListModel::MaskRevisionRole).toInt()));
}

QWidget* MainWindow::panel(const QString& name)
{
    if (name == QLatin1String("browser")) {
        showPage(Page::Browser);
        return m_pages;
    }
    if (name == QLatin1String("editor")) {
        if (m_editor->sampleId() <= 0) {
            const QModelIndex current = m_grid->currentIndex();
            if (current.isValid())
                activateIndex(current);
        }
        showPage(Page::Editor);
        return m_pages;
    }
    if (name == QLatin1String("review")) {
        showPage(Page::Review);
        if (!m_review->isLoaded() && m_review->emptyText().isEmpty()) {
            QEventLoop loop;
            connect(m_review, &ReviewPanel::loaded, &loop, &QEventLoop::quit);
            connect(m_review, &ReviewPanel::failed, &loop, &QEventLoop::quit);
            QTimer::singleShot(60'000, &loop, &QEventLoop::quit);
            loop.exec();
        }
        // Something to look at: the false negatives when the first class has no false positive.
        if (m_review->isLoaded() && m_review->galleryCount() == 0)
            m_review->setShowing(false, false);
        return m_pages;
    }
    if (name == QLatin1String("training")) {
        showPage(Page::Training);
        return m_pages;
    }
    if (name == QLatin1String("augment")) {
        showPage(Page::Augment);
        if (m_augment->resultCount() == 0 && m_project) {
            QEventLoop loop;
            connect(m_augment, &AugmentPreviewPanel::generated, &loop, &QEventLoop::quit);
            connect(m_augment, &AugmentPreviewPanel::failed, &loop, &QEventLoop::quit);
            QTimer::singleShot(60'000, &loop, &QEventLoop::quit);
            m_augment->generate();
            loop.exec();
        }
        return m_pages;
    }
    return nullptr;
}

void MainWindow::rememberRecent(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(QLatin1String(kRecentKey)).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QLatin1String(kRecentKey), recent);
    settings.setValue(QStringLiteral("project/last"), path);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QLatin1String(kRecentKey)).toStringList();
    for (const QString& path : recent)
        m_recentMenu
            ->addAction(QFileInfo(path).fileName(), this, [this, path] { openProject(path); })
            ->setToolTip(path);
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::updateStatus()
{
    if (!m_project) {
        m_counts->setText(tr("No project open"));
        return;
    }
    auto summary = summarizeProject(*m_project);
    if (!summary) {
        m_counts->setText(QString::fromStdString(summary.error().message));
        return;
    }
    QStringList parts;
    parts << tr("%n sample(s)", nullptr, static_cast<int>(summary->samples));
    for (const auto& c : summary->classes)
        parts << QStringLiteral("<span style=\"color:%1\">&#9632;</span> %2 %3")
                     .arg(QString::fromStdString(c.info.color),
                          QString::fromStdString(c.info.name).toHtmlEscaped())
                     .arg(c.samples);
    parts << tr("defect-free %1").arg(summary->defectFree);
    parts << tr("train %1 · val %2 · test %3")
                 .arg(summary->perSplit[1])
                 .arg(summary->perSplit[2])
                 .arg(summary->perSplit[3]);
    m_counts->setText(parts.join(QStringLiteral("&emsp;")));
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
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    event->accept();
}

} // namespace dwb
