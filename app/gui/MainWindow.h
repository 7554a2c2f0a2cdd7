#pragma once

#include <QMainWindow>
#include <QString>

#include <memory>

class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QModelIndex;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;

namespace dwb {

class ProjectDb;
class SampleListModel;
class SamplePreview;

// Wires the workbench's panels and actions together; the work itself lives in widgets/ and core/.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a project, replacing the current one. Shows the error and returns false on failure.
    bool openProject(const QString& path);
    QString projectPath() const { return m_projectPath; }
    const SampleListModel* sampleModel() const { return m_samples; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void openProjectDialog();
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    void updateStatus();
    void showAbout();
    void showCurrentSample(const QModelIndex& current);

    std::unique_ptr<ProjectDb> m_project;
    QString m_projectPath;
    SampleListModel* m_samples = nullptr;
    QSortFilterProxyModel* m_filter = nullptr;
    QTableView* m_table = nullptr;
    SamplePreview* m_preview = nullptr;
    QSplitter* m_splitter = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_counts = nullptr;
    QMenu* m_recentMenu = nullptr;
};

} // namespace dwb
