#include "dwb/widgets/ThumbnailGrid.h"

#include "ThumbnailDelegate.h"
#include "dwb/widgets/SampleListModel.h"
#include "dwb/widgets/ThumbnailCache.h"

#include <QAbstractProxyModel>
#include <QScrollBar>

#include <algorithm>
#include <vector>

namespace dwb {

ThumbnailGrid::ThumbnailGrid(QWidget* parent)
    : QListView(parent)
    , m_cache(new ThumbnailCache(this))
    , m_delegate(new ThumbnailDelegate(m_cache, this))
{
    setViewMode(QListView::IconMode);
    setMovement(QListView::Static);
    setResizeMode(QListView::Adjust);
    setWrapping(true);
    setUniformItemSizes(true);
    setLayoutMode(QListView::Batched);
    setBatchSize(500);
    setSpacing(4);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setItemDelegate(m_delegate);
    updateGridSize();

    connect(m_cache, &ThumbnailCache::thumbnailReady, this, &ThumbnailGrid::updateThumbnail);
    connect(this, &QAbstractItemView::activated, this, &ThumbnailGrid::activate);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this,
            &ThumbnailGrid::dropStaleRequests);
    connect(horizontalScrollBar(), &QScrollBar::valueChanged, this,
            &ThumbnailGrid::dropStaleRequests);
}

ThumbnailGrid::~ThumbnailGrid() = default;

int ThumbnailGrid::columnsShown() const
{
    return std::max(1, viewport()->width() / std::max(1, gridSize().width()));
}

int ThumbnailGrid::rowsShown() const
{
    return std::max(1, viewport()->height() / std::max(1, gridSize().height()));
}

QModelIndex ThumbnailGrid::moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers)
{
    const QModelIndex current = currentIndex();
    if ((action != MovePageDown && action != MovePageUp) || !current.isValid() || !model())
        return QListView::moveCursor(action, modifiers);
    const int count = model()->rowCount(rootIndex());
    const int step = rowsShown() * columnsShown();
    const int row = action == MovePageDown ? std::min(current.row() + step, count - 1)
                                           : std::max(current.row() - step, 0);
    // Scroll first by the rows moved: the new current item lands where the old one was, and
    // the view's ensure-visible that follows has nothing left to do.
    const int rowsMoved = (row - current.row()) / columnsShown();
    QScrollBar* bar = verticalScrollBar();
    bar->setValue(bar->value() + rowsMoved * gridSize().height());
    return model()->index(row, current.column(), rootIndex());
}

void ThumbnailGrid::setModel(QAbstractItemModel* newModel)
{
    if (newModel == model())
        return;
    for (const QMetaObject::Connection& connection : std::as_const(m_modelConnections))
        disconnect(connection);
    m_modelConnections.clear();
    m_cache->dropQueued();
    QListView::setModel(newModel);
    if (!newModel)
        return;
    // Filtering, sorting and resetting move rows away from the requests queued for them.
    m_modelConnections = {
        connect(newModel, &QAbstractItemModel::modelReset, this, &ThumbnailGrid::dropStaleRequests),
        connect(newModel, &QAbstractItemModel::layoutChanged, this,
                &ThumbnailGrid::dropStaleRequests),
        connect(newModel, &QAbstractItemModel::rowsRemoved, this,
                &ThumbnailGrid::dropStaleRequests),
    };
}

void ThumbnailGrid::setThumbnailSize(int pixels)
{
    m_cache->setThumbnailSize(pixels);
    updateGridSize();
    scheduleDelayedItemsLayout();
    viewport()->update();
}

int ThumbnailGrid::thumbnailSize() const
{
    return m_cache->thumbnailSize();
}

void ThumbnailGrid::setOverlayVisible(bool visible)
{
    m_delegate->setOverlayVisible(visible);
    viewport()->update();
}

bool ThumbnailGrid::overlayVisible() const
{
    return m_delegate->overlayVisible();
}

void ThumbnailGrid::updateGridSize()
{
    const int side = m_cache->thumbnailSize();
    setIconSize({side, side});
    QStyleOptionViewItem option;
    option.initFrom(this);
    setGridSize(m_delegate->sizeHint(option, {}) + QSize(2 * spacing(), 2 * spacing()));
}

void ThumbnailGrid::activate(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    if (index.data(SampleListModel::IsSyntheticRole).toBool())
        emit syntheticSampleActivated(index.data(SampleListModel::SyntheticIdRole).toLongLong());
    else
        emit sampleActivated(index.data(SampleListModel::SampleIdRole).toLongLong());
}

void ThumbnailGrid::dropStaleRequests()
{
    // The rows painted next request their thumbnails again.
    m_cache->dropQueued();
    viewport()->update();
}

void ThumbnailGrid::updateThumbnail(qint64 key)
{
    const QModelIndex index = indexOfKey(key);
    if (index.isValid())
        update(index);
    else
        viewport()->update();
}

QModelIndex ThumbnailGrid::indexOfKey(qint64 key) const
{
    // Down the proxy chain to the samples, then the row back up through every proxy.
    std::vector<const QAbstractProxyModel*> proxies;
    const QAbstractItemModel* current = model();
    while (const auto* proxy = qobject_cast<const QAbstractProxyModel*>(current)) {
        proxies.push_back(proxy);
        current = proxy->sourceModel();
    }
    const auto* samples = qobject_cast<const SampleListModel*>(current);
    if (!samples)
        return {};
    const int row = key < 0 ? samples->rowOfSynthetic(-key) : samples->rowOfSample(key);
    if (row < 0)
        return {};
    QModelIndex index = samples->index(row, modelColumn());
    for (auto it = proxies.rbegin(); it != proxies.rend() && index.isValid(); ++it)
        index = (*it)->mapFromSource(index);
    return index;
}

} // namespace dwb
