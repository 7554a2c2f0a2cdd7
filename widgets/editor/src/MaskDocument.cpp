#include "dwb/widgets/MaskDocument.h"

#include "MatImage.h"

#include "dwb/imaging/MaskEditing.h"
#include "dwb/widgets/MaskEditCommand.h"

#include <vector>

namespace dwb {
namespace {

QRect toQRect(const cv::Rect& rect)
{
    return {rect.x, rect.y, rect.width, rect.height};
}

cv::Rect toCvRect(const QRect& rect)
{
    return {rect.x(), rect.y(), rect.width(), rect.height()};
}

cv::Point toCvPoint(QPoint point)
{
    return {point.x(), point.y()};
}

} // namespace

MaskDocument::MaskDocument(QObject* parent)
    : QObject(parent)
{
}

MaskDocument::~MaskDocument() = default;

void MaskDocument::setMask(const QImage& mask)
{
    m_mask = mask.convertToFormat(QImage::Format_Grayscale16);
    m_stroking = false;
    m_strokeStart = QImage();
    emit reset();
}

void MaskDocument::clear()
{
    setMask(QImage());
}

quint16 MaskDocument::value(QPoint pixel) const
{
    if (!m_mask.rect().contains(pixel))
        return 0;
    return reinterpret_cast<const quint16*>(m_mask.constScanLine(pixel.y()))[pixel.x()];
}

void MaskDocument::beginStroke(QPoint pixel, int diameter, int classIndex, bool erase)
{
    if (m_mask.isNull())
        return;
    m_strokeStart = m_mask.copy();
    m_strokeRect = QRect();
    m_lastPixel = pixel;
    m_diameter = diameter;
    m_classIndex = classIndex;
    m_erase = erase;
    m_stroking = true;
    extendStroke(pixel);
}

void MaskDocument::extendStroke(QPoint pixel)
{
    if (!m_stroking)
        return;
    const cv::Point segment[] = {toCvPoint(m_lastPixel), toCvPoint(pixel)};
    m_lastPixel = pixel;
    const cv::Size size(m_mask.width(), m_mask.height());
    cv::Mat mask = classMaskView(m_mask);
    const MaskDiff diff =
        paintRegion(mask, strokeRegion(segment, m_diameter, size), m_classIndex, m_erase);
    if (diff.empty())
        return;
    const QRect rect = toQRect(diff.rect);
    m_strokeRect |= rect;
    emit changed(rect);
}

std::unique_ptr<MaskEditCommand> MaskDocument::finishStroke()
{
    if (!m_stroking)
        return nullptr;
    m_stroking = false;
    const QImage start = std::exchange(m_strokeStart, QImage());
    if (m_strokeRect.isEmpty())
        return nullptr;
    // Only the rect the stroke painted can differ from the mask at press.
    const cv::Rect rect = toCvRect(m_strokeRect);
    MaskDiff diff =
        diffMasks(classMaskView(start)(rect), classMaskView(std::as_const(m_mask))(rect));
    if (diff.empty())
        return nullptr;
    diff.rect += rect.tl();
    return commandFor(std::move(diff), m_erase ? tr("Erase stroke") : tr("Brush stroke"));
}

std::unique_ptr<MaskEditCommand> MaskDocument::floodFill(QPoint seed, int classIndex, bool erase)
{
    if (m_mask.isNull())
        return nullptr;
    cv::Mat mask = classMaskView(m_mask);
    const MaskRegion region = floodRegion(mask, toCvPoint(seed), classIndex);
    return commandFor(paintRegion(mask, region, classIndex, erase),
                      erase ? tr("Erase fill") : tr("Fill"));
}

std::unique_ptr<MaskEditCommand> MaskDocument::fillPolygon(const QPolygon& pixels, int classIndex,
                                                           bool erase)
{
    if (m_mask.isNull())
        return nullptr;
    std::vector<cv::Point> points;
    points.reserve(static_cast<std::size_t>(pixels.size()));
    for (const QPoint& pixel : pixels)
        points.push_back(toCvPoint(pixel));
    cv::Mat mask = classMaskView(m_mask);
    const MaskRegion region = polygonRegion(points, mask.size());
    return commandFor(paintRegion(mask, region, classIndex, erase),
                      erase ? tr("Erase polygon") : tr("Polygon"));
}

std::unique_ptr<MaskEditCommand> MaskDocument::replace(const QImage& mask, const QString& text)
{
    if (m_mask.isNull() || mask.size() != m_mask.size())
        return nullptr;
    const QImage next = mask.convertToFormat(QImage::Format_Grayscale16);
    MaskDiff diff = diffMasks(classMaskView(std::as_const(m_mask)), classMaskView(next));
    cv::Mat target = classMaskView(m_mask);
    diff.apply(target);
    return commandFor(std::move(diff), text);
}

std::unique_ptr<MaskEditCommand> MaskDocument::acceptPrediction(const QImage& prediction,
                                                                int classIndex)
{
    if (m_mask.isNull() || prediction.size() != m_mask.size() || classIndex < 0 || classIndex >= 16)
        return nullptr;
    const QImage predicted = prediction.convertToFormat(QImage::Format_Grayscale16);
    const auto bit = static_cast<quint16>(1u << classIndex);
    QImage next = m_mask.copy();
    for (int y = 0; y < next.height(); ++y) {
        const auto* in = reinterpret_cast<const quint16*>(predicted.constScanLine(y));
        auto* out = reinterpret_cast<quint16*>(next.scanLine(y));
        for (int x = 0; x < next.width(); ++x)
            out[x] = static_cast<quint16>((out[x] & ~bit) | (in[x] & bit));
    }
    return replace(next, tr("Accept prediction"));
}

std::unique_ptr<MaskEditCommand> MaskDocument::clearClass(int classIndex)
{
    if (m_mask.isNull() || classIndex < 0 || classIndex >= 16)
        return nullptr;
    const auto keep = static_cast<quint16>(~(1u << classIndex));
    QImage next = m_mask.copy();
    for (int y = 0; y < next.height(); ++y) {
        auto* out = reinterpret_cast<quint16*>(next.scanLine(y));
        for (int x = 0; x < next.width(); ++x)
            out[x] = static_cast<quint16>(out[x] & keep);
    }
    return replace(next, tr("Mark as background"));
}

std::unique_ptr<MaskEditCommand> MaskDocument::commandFor(MaskDiff diff, const QString& text)
{
    if (diff.empty())
        return nullptr;
    emit changed(toQRect(diff.rect));
    return std::make_unique<MaskEditCommand>(this, std::move(diff), text);
}

void MaskDocument::applyDiff(const MaskDiff& diff, bool revert)
{
    if (diff.empty())
        return;
    cv::Mat mask = classMaskView(m_mask);
    if (revert)
        diff.revert(mask);
    else
        diff.apply(mask);
    emit changed(toQRect(diff.rect));
}

} // namespace dwb
