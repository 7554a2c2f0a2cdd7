#include "dwb/widgets/ThumbnailCache.h"

#include "MatImage.h"
#include "dwb/imaging/ClassMask.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/widgets/ClassOverlay.h"
#include "dwb/widgets/SampleListModel.h"

#include <QBuffer>
#include <QImageReader>
#include <QModelIndex>
#include <QThread>

#include <opencv2/imgcodecs.hpp>

#include <mutex>
#include <span>

namespace dwb {

// Connections to one project file for the workers: each call borrows one that no other thread
// uses meanwhile, opening another when all are busy.
class MaskReaderPool {
public:
    explicit MaskReaderPool(std::filesystem::path path)
        : m_path(std::move(path))
    {
    }

    Result<QImage> overlay(qint64 sampleId, const std::vector<ClassInfo>& classes)
    {
        auto project = borrow();
        if (!project)
            return std::unexpected(project.error());
        auto overlay = renderClassOverlay(**project, sampleId, classes);
        giveBack(std::move(*project));
        return overlay;
    }

private:
    Result<std::unique_ptr<ProjectDb>> borrow()
    {
        {
            std::lock_guard lock(m_mutex);
            if (m_error)
                return std::unexpected(*m_error);
            if (!m_idle.empty()) {
                auto project = std::move(m_idle.back());
                m_idle.pop_back();
                return project;
            }
        }
        auto project = ProjectDb::connect(m_path, ProjectDb::Access::ReadOnly);
        if (!project) {
            // Not retried for every thumbnail: the images still show, without overlays.
            std::lock_guard lock(m_mutex);
            m_error = project.error();
            return std::unexpected(project.error());
        }
        return std::make_unique<ProjectDb>(std::move(*project));
    }

    void giveBack(std::unique_ptr<ProjectDb> project)
    {
        std::lock_guard lock(m_mutex);
        m_idle.push_back(std::move(project));
    }

    std::filesystem::path m_path;
    std::mutex m_mutex;
    std::vector<std::unique_ptr<ProjectDb>> m_idle;
    std::optional<Error> m_error;
};

namespace {

// Decodes straight to the thumbnail size where the format allows (JPEG scales while decoding).
QImage readScaled(QImageReader& reader, int size)
{
    const QSize full = reader.size();
    if (full.isValid())
        reader.setScaledSize(full.scaled(size, size, Qt::KeepAspectRatio).expandedTo({1, 1}));
    QImage image = reader.read();
    if (!image.isNull() && (image.width() > size || image.height() > size))
        image = image.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    return image;
}

// Formats Qt has no reader for here (TIFF without its plugin) go through OpenCV.
QImage readWithOpenCv(const QString& path, int size)
{
    const cv::Mat bgr = cv::imread(path.toStdString(), cv::IMREAD_COLOR);
    if (bgr.empty())
        return {};
    const QImage view(bgr.data, bgr.cols, bgr.rows, static_cast<qsizetype>(bgr.step),
                      QImage::Format_BGR888);
    return view.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

QImage readImage(const QString& path, const QByteArray& png, int size)
{
    if (!png.isEmpty()) {
        QBuffer buffer;
        buffer.setData(png);
        buffer.open(QIODevice::ReadOnly);
        QImageReader reader(&buffer, "png");
        return readScaled(reader, size);
    }
    QImageReader reader(path);
    QImage image = readScaled(reader, size);
    if (image.isNull() && reader.error() == QImageReader::UnsupportedFormatError)
        image = readWithOpenCv(path, size);
    return image;
}

} // namespace

ThumbnailCache::ThumbnailCache(QObject* parent)
    : QObject(parent)
    , m_classes(std::make_shared<const std::vector<ClassInfo>>())
{
    // Leave a core to the GUI thread; decoding is I/O- and memory-bound beyond a few threads.
    m_pool.setMaxThreadCount(qBound(1, QThread::idealThreadCount() - 1, 4));
    setMaxBytes(kDefaultMaxBytes);
}

ThumbnailCache::~ThumbnailCache()
{
    m_queue.clear();
    m_pool.clear();
    // Results still posted to this object are discarded with it.
    m_pool.waitForDone();
}

void ThumbnailCache::setProject(const QString& projectPath, std::vector<ClassInfo> classes)
{
    m_classes = std::make_shared<const std::vector<ClassInfo>>(std::move(classes));
    m_masks =
        projectPath.isEmpty()
            ? nullptr
            : std::make_shared<MaskReaderPool>(std::filesystem::path(projectPath.toStdString()));
    resetCache();
}

void ThumbnailCache::clear()
{
    setProject({}, {});
}

void ThumbnailCache::setThumbnailSize(int pixels)
{
    pixels = qBound(16, pixels, 1024);
    if (pixels == m_size)
        return;
    m_size = pixels;
    resetCache();
}

void ThumbnailCache::setMaxBytes(qint64 bytes)
{
    m_cache.setMaxCost(static_cast<qsizetype>(qMax<qint64>(bytes >> 10, 1)));
}

void ThumbnailCache::resetCache()
{
    ++m_generation; // results of jobs already running are dropped when they arrive
    m_cache.clear();
    m_queue.clear();
    m_queued.clear();
    m_running.clear();
}

qint64 ThumbnailCache::keyOf(const QModelIndex& index)
{
    if (index.data(SampleListModel::IsSyntheticRole).toBool())
        return -index.data(SampleListModel::SyntheticIdRole).toLongLong();
    return index.data(SampleListModel::SampleIdRole).toLongLong();
}

std::optional<Thumbnail> ThumbnailCache::cached(qint64 key) const
{
    if (const Thumbnail* thumbnail = m_cache.object(key))
        return *thumbnail;
    return std::nullopt;
}

std::optional<Thumbnail> ThumbnailCache::thumbnail(const QModelIndex& index)
{
    if (!index.isValid())
        return std::nullopt;
    const qint64 key = keyOf(index);
    if (auto hit = cached(key))
        return hit;
    if (m_queued.contains(key) || m_running.contains(key))
        return std::nullopt;
    Job job;
    job.key = key;
    if (key < 0) {
        job.imagePng = index.data(SampleListModel::ImagePngRole).toByteArray();
        job.maskPng = index.data(SampleListModel::MaskPngRole).toByteArray();
    } else {
        job.sampleId = key;
        job.imagePath = index.data(SampleListModel::ImagePathRole).toString();
    }
    m_queue.push_back(std::move(job));
    m_queued.insert(key);
    pump();
    return std::nullopt;
}

void ThumbnailCache::invalidateSample(qint64 sampleId)
{
    m_cache.remove(sampleId);
}

void ThumbnailCache::dropQueued()
{
    m_queue.clear();
    m_queued.clear();
}

void ThumbnailCache::pump()
{
    while (m_inFlight < m_pool.maxThreadCount() && !m_queue.empty()) {
        Job job = std::move(m_queue.front());
        m_queue.pop_front();
        m_queued.remove(job.key);
        m_running.insert(job.key);
        ++m_inFlight;
        m_pool.start([this, job = std::move(job), generation = m_generation, size = m_size,
                      classes = m_classes, masks = m_masks] {
            const Thumbnail thumbnail = decode(job, size, *classes, masks.get());
            QMetaObject::invokeMethod(
                this,
                [this, generation, key = job.key, thumbnail] {
                    finished(generation, key, thumbnail);
                },
                Qt::QueuedConnection);
        });
    }
}

Thumbnail ThumbnailCache::decode(const Job& job, int size, const std::vector<ClassInfo>& classes,
                                 MaskReaderPool* masks)
{
    Thumbnail thumbnail;
    thumbnail.image = readImage(job.imagePath, job.imagePng, size);
    thumbnail.failed = thumbnail.image.isNull();
    if (thumbnail.failed)
        return thumbnail;
    Result<QImage> overlay = QImage();
    if (!job.maskPng.isEmpty())
        overlay = renderClassOverlay(job.maskPng, classes);
    else if (masks && job.sampleId > 0)
        overlay = masks->overlay(job.sampleId, classes);
    if (overlay && !overlay->isNull())
        thumbnail.overlay = overlay->scaled(thumbnail.image.size(), Qt::IgnoreAspectRatio,
                                            Qt::SmoothTransformation);
    return thumbnail;
}

void ThumbnailCache::finished(quint64 generation, qint64 key, const Thumbnail& thumbnail)
{
    --m_inFlight;
    if (generation == m_generation) {
        m_running.remove(key);
        ++m_decoded;
        const qint64 bytes = thumbnail.image.sizeInBytes() + thumbnail.overlay.sizeInBytes();
        m_cache.insert(key, new Thumbnail(thumbnail),
                       static_cast<qsizetype>(qMax<qint64>(bytes >> 10, 1)));
        emit thumbnailReady(key);
    }
    pump();
}

} // namespace dwb
