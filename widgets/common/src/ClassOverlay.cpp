#include "dwb/widgets/ClassOverlay.h"

#include "MatImage.h"

#include "dwb/imaging/ClassMask.h"
#include "dwb/storage/ProjectDb.h"

#include <QColor>

#include <array>
#include <bit>

namespace dwb {
namespace {

// The colour of each bit (0 where no visible class has that bit), so that a pixel is one lookup
// of its highest visible bit.
std::array<QRgb, kMaxClasses> colourTable(const std::vector<ClassInfo>& classes,
                                          const OverlayStyle& style)
{
    std::array<QRgb, kMaxClasses> colours{};
    for (const ClassInfo& info : classes) {
        if (info.bit < 0 || info.bit >= kMaxClasses || (style.hiddenBits & (1u << info.bit)))
            continue;
        QColor colour(QString::fromStdString(info.color));
        colour.setAlpha(style.opacity);
        colours[static_cast<std::size_t>(info.bit)] = colour.rgba();
    }
    return colours;
}

std::uint32_t drawnBits(const std::array<QRgb, kMaxClasses>& colours)
{
    std::uint32_t bits = 0;
    for (std::size_t bit = 0; bit < colours.size(); ++bit)
        if (colours[bit] != 0)
            bits |= 1u << bit;
    return bits;
}

QRgb colourOf(std::uint32_t bits, const std::array<QRgb, kMaxClasses>& colours)
{
    if (bits == 0)
        return 0;
    return colours[static_cast<std::size_t>(std::bit_width(bits) - 1)];
}

} // namespace

Result<QImage> renderClassOverlay(const ProjectDb& project, qint64 sampleId,
                                  const std::vector<ClassInfo>& classes, int opacity)
{
    auto mask = project.mask(sampleId);
    if (!mask)
        return std::unexpected(mask.error());
    OverlayStyle style;
    style.opacity = opacity;
    return renderClassOverlay(classMaskImage(*mask), classes, style);
}

QImage renderClassOverlay(const QImage& classMask, const std::vector<ClassInfo>& classes,
                          const OverlayStyle& style)
{
    QImage overlay(classMask.size(), QImage::Format_ARGB32);
    paintClassOverlay(classMask, classMask.rect(), classes, style, overlay);
    return overlay;
}

void paintClassOverlay(const QImage& classMask, const QRect& rect,
                       const std::vector<ClassInfo>& classes, const OverlayStyle& style,
                       QImage& overlay)
{
    Q_ASSERT(classMask.format() == QImage::Format_Grayscale16);
    Q_ASSERT(overlay.format() == QImage::Format_ARGB32 && overlay.size() == classMask.size());
    const QRect area = rect & classMask.rect();
    const auto colours = colourTable(classes, style);
    const std::uint32_t visible = drawnBits(colours);
    const int width = classMask.width();
    const int height = classMask.height();
    auto row = [&](int y) {
        return reinterpret_cast<const std::uint16_t*>(classMask.constScanLine(y));
    };
    for (int y = area.top(); y <= area.bottom(); ++y) {
        const std::uint16_t* in = row(y);
        const std::uint16_t* above = y > 0 ? row(y - 1) : nullptr;
        const std::uint16_t* below = y + 1 < height ? row(y + 1) : nullptr;
        auto* out = reinterpret_cast<QRgb*>(overlay.scanLine(y));
        for (int x = area.left(); x <= area.right(); ++x) {
            std::uint32_t bits = in[x] & visible;
            if (style.outline && bits) {
                // The bits every 4-neighbour shares are interior; the border is the rest.
                std::uint32_t interior = bits;
                interior &= x > 0 ? in[x - 1] : 0u;
                interior &= x + 1 < width ? in[x + 1] : 0u;
                interior &= above ? above[x] : 0u;
                interior &= below ? below[x] : 0u;
                bits &= ~interior;
            }
            out[x] = colourOf(bits, colours);
        }
    }
}

Result<QImage> renderClassOverlay(const QByteArray& classMaskPng,
                                  const std::vector<ClassInfo>& classes, const OverlayStyle& style)
{
    auto mask = decodeClassMaskPng(
        std::span(reinterpret_cast<const std::uint8_t*>(classMaskPng.constData()),
                  static_cast<std::size_t>(classMaskPng.size())));
    if (!mask)
        return std::unexpected(mask.error());
    return renderClassOverlay(classMaskImage(*mask), classes, style);
}

} // namespace dwb
