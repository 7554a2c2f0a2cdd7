#include "dwb/widgets/BrowsePage.h"

#include "dwb/widgets/ClassOverlay.h"
#include "dwb/widgets/ProjectContext.h"
#include "dwb/widgets/SampleFilterModel.h"
#include "dwb/widgets/SampleFilterPanel.h"
#include "dwb/widgets/SampleListModel.h"
#include "dwb/widgets/SamplePreview.h"
#include "dwb/widgets/ThumbnailCache.h"
#include "dwb/widgets/ThumbnailGrid.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace dwb {

BrowsePage::BrowsePage(ProjectContext* context, SampleListModel* samples, SampleFilterModel* filter,
                       QWidget* parent)
    : QWidget(parent)
    , m_context(context)
    , m_samples(samples)
    , m_filter(filter)
{
    m_filterPanel = new SampleFilterPanel(this);
    m_filterPanel->setFilterModel(m_filter);

    m_grid = new ThumbnailGrid(this);
    m_grid->setModel(m_filter);
    connect(m_grid, &ThumbnailGrid::sampleActivated, this, &BrowsePage::sampleActivated);
    m_table = createTable();
    m_table->setSelectionModel(m_grid->selectionModel());
    connect(m_grid->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &BrowsePage::showCurrentSample);

    m_views = new QStackedWidget(this);
    m_views->addWidget(m_grid);
    m_views->addWidget(m_table);
    auto* viewColumn = new QWidget(this);
    auto* viewLayout = new QVBoxLayout(viewColumn);
    viewLayout->setContentsMargins(0, 0, 0, 0);
    viewLayout->setSpacing(2);
    viewLayout->addWidget(createSortBar());
    viewLayout->addWidget(m_views);

    m_preview = new SamplePreview(this);
    m_preview->showMessage(tr("Open a project to see its samples"));

    m_splitter = new QSplitter(this);
    m_splitter->addWidget(m_filterPanel);
    m_splitter->addWidget(viewColumn);
    m_splitter->addWidget(m_preview);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setStretchFactor(2, 2);
    m_splitter->setSizes({230, 640, 410});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    connect(m_context, &ProjectContext::opened, this, &BrowsePage::projectOpened);
}

QTableView* BrowsePage::createTable()
{
    auto* table = new QTableView(this);
    table->setModel(m_filter);
    table->setSortingEnabled(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setSectionResizeMode(SampleListModel::ClassesColumn,
                                                    QHeaderView::Stretch);
    table->sortByColumn(SampleListModel::NameColumn, Qt::AscendingOrder);
    connect(table, &QTableView::activated, this, &BrowsePage::activateIndex);
    return table;
}

QWidget* BrowsePage::createSortBar()
{
    auto* bar = new QWidget(this);
    auto* layout = new QHBoxLayout(bar);
    layout->setContentsMargins(4, 0, 0, 0);
    auto* label = new QLabel(tr("Sort &by"), bar);
    m_sortColumn = new QComboBox(bar);
    for (int column = 0; column < SampleListModel::ColumnCount; ++column)
        m_sortColumn->addItem(
            m_samples->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString());
    label->setBuddy(m_sortColumn);
    m_sortOrder = new QToolButton(bar);
    m_sortOrder->setAutoRaise(true);
    layout->addWidget(label);
    layout->addWidget(m_sortColumn);
    layout->addWidget(m_sortOrder);
    layout->addStretch();

    connect(m_sortColumn, &QComboBox::activated, this,
            [this](int column) { sortBy(column, sortOrder()); });
    connect(m_sortOrder, &QToolButton::clicked, this, [this] {
        sortBy(sortColumn(),
               sortOrder() == Qt::AscendingOrder ? Qt::DescendingOrder : Qt::AscendingOrder);
    });
    // A click on a table header sorts both views: the bar follows it.
    connect(m_table->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
            &BrowsePage::showSort);
    showSort();
    return bar;
}

void BrowsePage::sortBy(int column, Qt::SortOrder order)
{
    m_table->sortByColumn(column, order);
    showSort();
}

int BrowsePage::sortColumn() const
{
    return m_table->horizontalHeader()->sortIndicatorSection();
}

Qt::SortOrder BrowsePage::sortOrder() const
{
    return m_table->horizontalHeader()->sortIndicatorOrder();
}

QString BrowsePage::sortDescription() const
{
    return tr("Sorted by %1, %2")
        .arg(m_sortColumn->itemText(sortColumn()),
             sortOrder() == Qt::AscendingOrder ? tr("ascending") : tr("descending"));
}

void BrowsePage::showSort()
{
    const bool ascending = sortOrder() == Qt::AscendingOrder;
    m_sortColumn->setCurrentIndex(sortColumn());
    m_sortOrder->setArrowType(ascending ? Qt::UpArrow : Qt::DownArrow);
    m_sortOrder->setToolTip(ascending ? tr("Ascending: click for descending")
                                      : tr("Descending: click for ascending"));
    m_sortColumn->setToolTip(sortDescription());
}

// The sample list is loaded by whoever opened the project; this page follows.
void BrowsePage::projectOpened()
{
    m_grid->thumbnailCache()->setProject(m_context->path(), m_context->classes());
    m_filterPanel->setClasses(m_context->classes());
    m_filterPanel->resetFilters();
    m_table->resizeColumnsToContents();
    if (m_filter->rowCount() > 0)
        m_grid->setCurrentIndex(m_filter->index(0, SampleListModel::NameColumn));
    else
        m_preview->showMessage(tr("This project has no samples yet"));
}

void BrowsePage::setGridView(bool grid)
{
    m_views->setCurrentWidget(grid ? static_cast<QWidget*>(m_grid) : m_table);
}

bool BrowsePage::isGridView() const
{
    return m_views->currentWidget() == m_grid;
}

QModelIndex BrowsePage::currentIndex() const
{
    return m_grid->currentIndex();
}

bool BrowsePage::selectSample(qint64 sampleId)
{
    const int row = m_samples->rowOfSample(sampleId);
    if (row < 0)
        return false;
    const QModelIndex index = m_filter->mapFromSource(m_samples->index(row, 0));
    if (!index.isValid())
        return false;
    m_grid->setCurrentIndex(index);
    return true;
}

QByteArray BrowsePage::saveLayout() const
{
    return m_splitter->saveState();
}

void BrowsePage::restoreLayout(const QByteArray& state)
{
    m_splitter->restoreState(state);
}

void BrowsePage::activateIndex(const QModelIndex& index)
{
    const QVariant id = index.data(SampleListModel::SampleIdRole);
    if (id.isValid())
        emit sampleActivated(id.toLongLong());
}

void BrowsePage::showCurrentSample(const QModelIndex& current)
{
    if (!current.isValid() || !m_context->isOpen()) {
        m_preview->showMessage(QString());
        return;
    }
    // A filter that hides the current row moves the current index without selecting the new
    // one: select it, so that the sample previewed is the sample highlighted.
    QItemSelectionModel* selection = m_grid->selectionModel();
    if (!selection->isSelected(current))
        selection->select(current, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
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
    auto overlay = renderClassOverlay(*m_context->db(), sampleId, m_samples->classes());
    m_preview->showSample(image, overlay ? *overlay : QImage(),
                          tr("%1 — revision %2")
                              .arg(name)
                              .arg(current.data(SampleListModel::MaskRevisionRole).toInt()));
}

} // namespace dwb
