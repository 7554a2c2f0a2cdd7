#pragma once

#include <QStyledItemDelegate>

namespace dwb {

class ThumbnailCache;

// Paints one ThumbnailGrid item: the cached thumbnail (a placeholder until it arrives), its
// class overlay, a mark on synthetic samples and the name below.
class ThumbnailDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    ThumbnailDelegate(ThumbnailCache* cache, QObject* parent = nullptr);

    void setOverlayVisible(bool visible) { m_overlayVisible = visible; }
    bool overlayVisible() const { return m_overlayVisible; }

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    QRect thumbnailRect(const QRect& item) const;

    ThumbnailCache* m_cache;
    bool m_overlayVisible = true;
};

} // namespace dwb
