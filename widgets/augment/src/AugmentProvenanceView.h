#pragma once

#include "dwb/storage/ProjectTypes.h"

#include <QWidget>

#include <vector>

class QLabel;
class QListWidget;

namespace dwb {

class GuidedCropPool;
struct Provenance;

// Where one synthetic image came from: a text (seed, base, drawn class, flips, shift, jitter) and
// a list of its sources, the base image and each pasted blob's image with the blob framed in its
// class colour. Activating a source emits sampleActivated with its sample id.
class AugmentProvenanceView : public QWidget {
    Q_OBJECT

public:
    static constexpr int kIconSide = 128;

    explicit AugmentProvenanceView(QWidget* parent = nullptr);

    // Shows synthetic image number `index` (0-based) made from `pool`.
    void show(int index, const Provenance& provenance, const GuidedCropPool& pool,
              const std::vector<ClassInfo>& classes);
    void clear();
    QListWidget* sources() const { return m_sources; }

signals:
    void sampleActivated(qint64 sampleId);

private:
    void addSource(const GuidedCropPool& pool, std::int64_t id, const QString& text,
                   const QRect& crop, const QColor& colour);

    QLabel* m_text;
    QListWidget* m_sources;
};

} // namespace dwb
