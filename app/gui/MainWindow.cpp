#include "MainWindow.h"

#include "dwb/dataset/ProjectSummary.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/widgets/ClassOverlay.h"
#include "dwb/widgets/SampleListModel.h"
#include "dwb/widgets/SamplePreview.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

namespace dwb {
namespace {
constexpr int kMaxRecent = 8;
constexpr auto kRecentKey = "project/recent";
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_samples(new SampleListModel(this))
    , m_filter(new QSortFilterProxyModel(this))
{
    setWindowTitle(tr("Defect Workbench"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/defect-workbench.svg")));

    m_filter->setSourceModel(m_samples);
    m_filter->setFilterKeyColumn(SampleListModel::NameColumn);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    m_search = new QLineEdit(central);
    m_search->setPlaceholderText(tr("Search samples by name"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, m_filter,
            &QSortFilterProxyModel::setFilterFixedString);
    m_table = new QTableView(central);
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(SampleListModel::ClassesColumn,
                                                      QHeaderView::Stretch);
    m_table->sortByColumn(SampleListModel::NameColumn, Qt::AscendingOrder);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addWidget(m_table);

    m_preview = new SamplePreview(this);
    m_preview->showMessage(tr("Open a project to see its samples"));
    m_splitter = new QSplitter(this);
    m_splitter->addWidget(central);
    m_splitter->addWidget(m_preview);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    setCentralWidget(m_splitter);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::showCurrentSample);

    m_counts = new QLabel(this);
    m_counts->setTextFormat(Qt::RichText);
    statusBar()->addPermanentWidget(m_counts);

    createActions();
    updateStatus();

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1100, 720);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(QIcon::fromTheme(QStringLiteral("document-open")),
                                    tr("&Open Project…"), this, &MainWindow::openProjectDialog);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Defect Workbench"), this, &MainWindow::showAbout);
}

void MainWindow::openProjectDialog()
{
    const QString start = m_projectPath.isEmpty() ? QString() : QFileInfo(m_projectPath).path();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Project"), start, tr("Defect Workbench projects (*.dwb);;All files (*)"));
    if (!path.isEmpty())
        openProject(path);
}

bool MainWindow::openProject(const QString& path)
{
    auto loaded = [&]() -> Result<std::pair<std::vector<ClassInfo>, std::vector<SampleRecord>>> {
        auto project = ProjectDb::open(path.toStdString());
        if (!project)
            return std::unexpected(project.error());
        auto classes = project->classes();
        if (!classes)
            return std::unexpected(classes.error());
        auto samples = project->samples();
        if (!samples)
            return std::unexpected(samples.error());
        m_project = std::make_unique<ProjectDb>(std::move(*project));
        return std::pair(std::move(*classes), std::move(*samples));
    }();
    if (!loaded) {
        QMessageBox::warning(this, tr("Cannot open project"),
                             tr("The project could not be opened:\n%1")
                                 .arg(QString::fromStdString(loaded.error().message)));
        return false;
    }
    m_projectPath = QFileInfo(path).absoluteFilePath();
    m_samples->setProject(std::move(loaded->first), std::move(loaded->second));
    m_table->resizeColumnsToContents();
    setWindowTitle(tr("%1 — Defect Workbench").arg(QFileInfo(path).fileName()));
    rememberRecent(m_projectPath);
    updateStatus();
    if (m_filter->rowCount() > 0)
        m_table->setCurrentIndex(m_filter->index(0, SampleListModel::NameColumn));
    else
        m_preview->showMessage(tr("This project has no samples yet"));
    return true;
}

void MainWindow::showCurrentSample(const QModelIndex& current)
{
    if (!current.isValid() || !m_project) {
        m_preview->showMessage(QString());
        return;
    }
    const SampleRecord& sample = m_samples->sampleAt(m_filter->mapToSource(current).row());
    const QImage image(QString::fromStdString(sample.imagePath));
    if (image.isNull()) {
        m_preview->showMessage(tr("Cannot read %1").arg(QString::fromStdString(sample.imagePath)));
        return;
    }
    auto overlay = renderClassOverlay(*m_project, sample.id, m_samples->classes());
    m_preview->showSample(
        image, overlay ? *overlay : QImage(),
        tr("%1 — revision %2").arg(QString::fromStdString(sample.name)).arg(sample.maskRevision));
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
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    event->accept();
}

} // namespace dwb
