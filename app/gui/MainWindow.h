#pragma once

#include <QMainWindow>
#include <QString>

class QAction;
class QTabWidget;
class QToolBar;

namespace dwb {

class AugmentPreviewPanel;
class BrowsePage;
class MaskEditor;
class ProjectContext;
class ProjectStatusLabel;
class RecentProjectsMenu;
class ReviewPanel;
class SampleFilterModel;
class SampleListModel;
class TrainingDashboard;

// Wires the workbench's pages and actions together; the work itself lives in widgets/ and core/.
// Five pages share one ProjectContext: Browse, Edit Mask, Guided Crop, Train and Review Errors.
// The editor keeps its own shortcuts (tools, undo, save, previous/next sample).
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    enum class Page { Browser, Editor, Augment, Training, Review };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a project, replacing the current one (after asking to save an edited mask). Shows
    // the error and returns false on failure.
    bool openProject(const QString& path);
    QString projectPath() const;
    ProjectContext* context() const { return m_context; }
    const SampleListModel* sampleModel() const { return m_samples; }
    SampleFilterModel* filterModel() const { return m_filter; }
    BrowsePage* browsePage() const { return m_browse; }
    MaskEditor* editor() const { return m_editor; }
    AugmentPreviewPanel* augment() const { return m_augment; }
    ReviewPanel* review() const { return m_review; }
    QTabWidget* pages() const { return m_pages; }

    void showPage(Page page);
    Page currentPage() const;
    // Opens a sample in the mask editor and shows it. False when it cannot be opened or the
    // user keeps the current unsaved edits.
    bool editSample(qint64 sampleId);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createPages();
    void connectEditor();
    void createActions();
    void createFileMenu();
    void createEditMenu();
    void createViewMenu();
    void createToolBar();
    void showLayoutBar();
    void projectOpened();
    void newProjectFromImport();
    void openProjectDialog();
    void showPreferences();
    void applyPreferences();
    void refreshSample(qint64 sampleId);
    void showAbout();
    void stepSample(int offset);
    void setGridView(bool grid);
    // True when no training runs, or the user agrees to stop it (with a checkpoint).
    bool confirmStopTraining();

    ProjectContext* m_context;
    SampleListModel* m_samples;
    SampleFilterModel* m_filter;
    QTabWidget* m_pages = nullptr;
    BrowsePage* m_browse = nullptr;
    MaskEditor* m_editor = nullptr;
    AugmentPreviewPanel* m_augment = nullptr;
    TrainingDashboard* m_training = nullptr;
    ReviewPanel* m_review = nullptr;
    ProjectStatusLabel* m_status = nullptr;
    RecentProjectsMenu* m_recentMenu = nullptr;
    QAction* m_importAction = nullptr;
    QAction* m_openAction = nullptr;
    QToolBar* m_layoutBar = nullptr;
    QAction* m_gridAction = nullptr;
    QAction* m_listAction = nullptr;
};

} // namespace dwb
