#pragma once

#include "dwb/storage/ProjectTypes.h"

#include <QCache>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QThreadPool>

#include <deque>
#include <memory>
#include <optional>
#include <vector>

class QModelIndex;

namespace dwb {

class MaskReaderPool;

// One sample's thumbnail: the image scaled to fit a square of the thumbnail size, and its class
// overlay (renderClassOverlay) scaled to the same size.
struct Thumbnail {
    QImage image;
    QImage overlay;      // null when the sample has no readable mask
    bool failed = false; // the image could not be read; `image` is null
};

// Decodes thumbnails of SampleListModel rows off the GUI thread and keeps them in a cache bounded
// by memory. Requests queue on the GUI thread and at most one per worker runs at a time, so that
// dropQueued() can forget those for rows scrolled away before they cost anything. Masks are read
// on the workers through connections of their own to the project file (ProjectDb is not
// thread-safe): a small pool, each connection used by one worker at a time.
class ThumbnailCache : public QObject {
    Q_OBJECT

public:
    static constexpr int kDefaultSize = 128;
    static constexpr qint64 kDefaultMaxBytes = 96ll << 20;

    explicit ThumbnailCache(QObject* parent = nullptr);
    ~ThumbnailCache() override;

    // The project whose masks the overlays show, and its classes (for their colours). An empty
    // path shows images without overlays. Drops every cached thumbnail.
    void setProject(const QString& projectPath, std::vector<ClassInfo> classes);
    // Forgets the project, the cached thumbnails and the queued requests.
    void clear();

    // The side of the square thumbnails fit in, in pixels; changing it drops the cache.
    void setThumbnailSize(int pixels);
    int thumbnailSize() const { return m_size; }
    void setMaxBytes(qint64 bytes);
    qint64 maxBytes() const { return qint64(m_cache.maxCost()) << 10; }

    // The key a row's thumbnail is filed under: the sample id, or minus the synthetic id.
    static qint64 keyOf(const QModelIndex& index);

    // The thumbnail of a SampleListModel row (through any proxies) when cached; otherwise
    // queues its decoding (once) and returns nullopt. thumbnailReady follows.
    std::optional<Thumbnail> thumbnail(const QModelIndex& index);
    // The cached thumbnail under `key`, requesting nothing.
    std::optional<Thumbnail> cached(qint64 key) const;
    // Drops a sample's thumbnail, e.g. after its mask was edited.
    void invalidateSample(qint64 sampleId);
    // Forgets the requests that have not started yet.
    void dropQueued();

    int queuedCount() const { return static_cast<int>(m_queue.size()); }
    int runningCount() const { return m_inFlight; }
    // Thumbnails decoded since construction; a cache hit decodes nothing.
    int decodedCount() const { return m_decoded; }

signals:
    void thumbnailReady(qint64 key);

private:
    struct Job {
        qint64 key = 0;
        qint64 sampleId = 0; // 0 for synthetic samples
        QString imagePath;
        QByteArray imagePng;
        QByteArray maskPng;
    };

    // On a worker thread.
    static Thumbnail decode(const Job& job, int size, const std::vector<ClassInfo>& classes,
                            MaskReaderPool* masks);
    void resetCache();
    void pump();
    void finished(quint64 generation, qint64 key, const Thumbnail& thumbnail);

    QThreadPool m_pool;
    QCache<qint64, Thumbnail> m_cache; // cost in KiB
    std::deque<Job> m_queue;
    QSet<qint64> m_queued;
    QSet<qint64> m_running; // keys of this generation being decoded
    int m_inFlight = 0;     // jobs on the workers, of any generation
    std::shared_ptr<const std::vector<ClassInfo>> m_classes;
    std::shared_ptr<MaskReaderPool> m_masks;
    quint64 m_generation = 0;
    int m_size = kDefaultSize;
    int m_decoded = 0;
};

} // namespace dwb
