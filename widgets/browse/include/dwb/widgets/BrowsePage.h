#pragma once

#include <QWidget>

class QModelIndex;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace dwb {

class ProjectContext;
class SampleFilterModel;
class SampleFilterPanel;
class SampleListModel;
class SamplePreview;
class ThumbnailGrid;

// The Browse page: the filter column, the samples as a thumbnail grid or a table (sharing one
// selection, so switching views keeps the current sample) and a preview of the current one.
// Shows the samples of `samples` through `filter`; overlays come from the context's project.
class BrowsePage : public QWidget {
    Q_OBJECT

public:
    BrowsePage(ProjectContext* context, SampleListModel* samples, SampleFilterModel* filter,
               QWidget* parent = nullptr);

    ThumbnailGrid* grid() const { return m_grid; }
    SampleFilterPanel* filterPanel() const { return m_filterPanel; }

    void setGridView(bool grid);
    bool isGridView() const;
    // The current row of the grid and table (of the filter model).
    QModelIndex currentIndex() const;
    // Makes the sample current when the filters show it; false otherwise.
    bool selectSample(qint64 sampleId);
    // The splitter's sizes, for the window's settings.
    QByteArray saveLayout() const;
    void restoreLayout(const QByteArray& state);

signals:
    // Enter or a double click on a real (editable) sample.
    void sampleActivated(qint64 sampleId);

private:
    void projectOpened();
    void showCurrentSample(const QModelIndex& current);
    void activateIndex(const QModelIndex& index);
    QTableView* createTable();

    ProjectContext* m_context;
    SampleListModel* m_samples;
    SampleFilterModel* m_filter;
    SampleFilterPanel* m_filterPanel = nullptr;
    QStackedWidget* m_views = nullptr;
    ThumbnailGrid* m_grid = nullptr;
    QTableView* m_table = nullptr;
    SamplePreview* m_preview = nullptr;
    QSplitter* m_splitter = nullptr;
};

} // namespace dwb
