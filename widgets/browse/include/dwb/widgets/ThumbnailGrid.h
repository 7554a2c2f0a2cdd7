#pragma once

#include <QListView>

namespace dwb {

class ThumbnailCache;
class ThumbnailDelegate;

// The dataset browser's grid: every row of a SampleListModel (usually through a
// SampleFilterModel) as a thumbnail with its class overlay and name. Only the rows painted are
// requested from the cache; scrolling or filtering forgets the requests not yet started, and a
// thumbnail that arrives repaints just its item.
class ThumbnailGrid : public QListView {
    Q_OBJECT

public:
    explicit ThumbnailGrid(QWidget* parent = nullptr);
    ~ThumbnailGrid() override;

    // Owned by the grid; point it at the project with ThumbnailCache::setProject.
    ThumbnailCache* thumbnailCache() const { return m_cache; }

    void setModel(QAbstractItemModel* model) override;

    void setThumbnailSize(int pixels);
    int thumbnailSize() const;
    void setOverlayVisible(bool visible);
    bool overlayVisible() const;

    // Thumbnails per row and whole rows the viewport shows (at least 1 each).
    int columnsShown() const;
    int rowsShown() const;

signals:
    // Double-click or Enter on a sample.
    void sampleActivated(qint64 sampleId);
    // Double-click or Enter on a synthetic sample.
    void syntheticSampleActivated(qint64 syntheticId);

protected:
    // Page Up/Down move by the whole rows shown and scroll by as much, so the current thumbnail
    // keeps its place on the screen (as file managers page); QListView moved by what fitted
    // below the current item, often a row or two less.
    QModelIndex moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) override;

private:
    void activate(const QModelIndex& index);
    void updateThumbnail(qint64 key);
    void dropStaleRequests();
    QModelIndex indexOfKey(qint64 key) const;
    void updateGridSize();

    ThumbnailCache* m_cache;
    ThumbnailDelegate* m_delegate;
    QList<QMetaObject::Connection> m_modelConnections;
};

} // namespace dwb
