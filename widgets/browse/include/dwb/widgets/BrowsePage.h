#pragma once

#include <QWidget>

class QComboBox;
class QModelIndex;
class QToolButton;
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
    // The order of both views: a table column and its direction. The bar above the views shows
    // it and sets it, so a sort chosen in the table is visible in the grid too.
    void sortBy(int column, Qt::SortOrder order);
    int sortColumn() const;
    Qt::SortOrder sortOrder() const;
    // The sort bar's text, e.g. "Sorted by Name, ascending".
    QString sortDescription() const;

signals:
    // Enter or a double click on a real (editable) sample.
    void sampleActivated(qint64 sampleId);

private:
    void projectOpened();
    void showCurrentSample(const QModelIndex& current);
    void activateIndex(const QModelIndex& index);
    QTableView* createTable();
    QWidget* createSortBar();
    void showSort();

    ProjectContext* m_context;
    SampleListModel* m_samples;
    SampleFilterModel* m_filter;
    SampleFilterPanel* m_filterPanel = nullptr;
    QStackedWidget* m_views = nullptr;
    ThumbnailGrid* m_grid = nullptr;
    QTableView* m_table = nullptr;
    QComboBox* m_sortColumn = nullptr;
    QToolButton* m_sortOrder = nullptr;
    SamplePreview* m_preview = nullptr;
    QSplitter* m_splitter = nullptr;
};

} // namespace dwb
