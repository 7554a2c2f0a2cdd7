#pragma once

#include <QMainWindow>
#include <QString>

#include <memory>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QModelIndex;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTabWidget;

namespace dwb {

class AugmentPreviewPanel;
class MaskEditor;
class ProjectDb;
class SampleFilterModel;
class SampleFilterPanel;
class SampleListModel;
class ReviewPanel;
class SamplePreview;
class TrainingDashboard;
class ThumbnailGrid;

// Wires the workbench's panels and actions together; the work itself lives in widgets/ and core/.
// Two pages: the dataset browser (filters, thumbnail grid or table, preview) and the mask
// editor. The editor keeps its own shortcuts (tools, undo, save, previous/next sample).
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    enum class Page { Browser, Editor, Augment, Training, Review };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a project, replacing the current one (after asking to save an edited mask). Shows
    // the error and returns false on failure.
    bool openProject(const QString& path);
    QString projectPath() const { return m_projectPath; }
    const SampleListModel* sampleModel() const { return m_samples; }
    SampleFilterModel* filterModel() const { return m_filter; }
    MaskEditor* editor() const { return m_editor; }

    void showPage(Page page);
    Page currentPage() const;
    // Opens a sample in the mask editor and shows it. False when it cannot be opened or the
    // user keeps the current unsaved edits.
    bool editSample(qint64 sampleId);
    // The widget that `--screenshot --panel NAME` renders: "browser", "editor" (opening the
    // current or first sample), "augment" (after generating a preview), "training" (the
    // newest stored run) or "review" (the newest cached evaluation); nullptr for an unknown
    // name.
    QWidget* panel(const QString& name);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    QWidget* createBrowserPage();
    void newProjectFromImport();
    void openProjectDialog();
    void showPreferences();
    void applyPreferences();
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    void refreshSample(qint64 sampleId);
    void updateStatus();
    void showAbout();
    void showCurrentSample(const QModelIndex& current);
    void activateIndex(const QModelIndex& index);
    void stepSample(int offset);
    void setGridView(bool grid);
    // True when no training runs, or the user agrees to stop it (with a checkpoint).
    bool confirmStopTraining();

    std::unique_ptr<ProjectDb> m_project;
    QString m_projectPath;
    SampleListModel* m_samples = nullptr;
    SampleFilterModel* m_filter = nullptr;
    QTabWidget* m_pages = nullptr;
    SampleFilterPanel* m_filterPanel = nullptr;
    QStackedWidget* m_views = nullptr;
    ThumbnailGrid* m_grid = nullptr;
    QTableView* m_table = nullptr;
    SamplePreview* m_preview = nullptr;
    QSplitter* m_splitter = nullptr;
    MaskEditor* m_editor = nullptr;
    AugmentPreviewPanel* m_augment = nullptr;
    TrainingDashboard* m_training = nullptr;
    ReviewPanel* m_review = nullptr;
    QLabel* m_counts = nullptr;
    QMenu* m_recentMenu = nullptr;
    QAction* m_gridAction = nullptr;
    QAction* m_listAction = nullptr;
};

} // namespace dwb
