#pragma once

#include "dwb/core/Error.h"
#include "dwb/storage/ProjectTypes.h"

#include <QAbstractTableModel>
#include <QByteArray>
#include <QColor>
#include <QHash>
#include <QSize>

#include <vector>

namespace dwb {

class ProjectDb;
struct SyntheticSampleRecord;

// A thin table adapter over a project's samples: one row a sample, columns for name, split,
// classes, size and mask revision. The data stays core's SampleRecord values. Stored synthetic
// samples may follow as extra rows (after every real sample), flagged by IsSyntheticRole: they
// have no split and no sample id of their own.
class SampleListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { NameColumn, SplitColumn, ClassesColumn, SizeColumn, RevisionColumn, ColumnCount };
    enum Role {
        SampleIdRole = Qt::UserRole + 1, // qint64; none on synthetic rows
        ClassBitsRole,                   // uint
        SplitRole,                       // int (Split); none on synthetic rows
        ImagePathRole,                   // QString; empty on synthetic rows
        IsSyntheticRole,                 // bool
        SyntheticIdRole,                 // qint64; none on real rows
        MaskRevisionRole,                // int; 0 on synthetic rows
        ImageSizeRole,                   // QSize
        ImagePngRole,                    // QByteArray; synthetic rows only
        MaskPngRole,                     // QByteArray (class-mask PNG); synthetic rows only
        AmbiguousRole,                   // bool: flagged ambiguous in the error review
    };

    explicit SampleListModel(QObject* parent = nullptr);
    ~SampleListModel() override;

    void setProject(std::vector<ClassInfo> classes, std::vector<SampleRecord> samples);
    // Replaces the synthetic rows with those of `synthetic` that hold an image PNG.
    void setSyntheticSamples(const std::vector<SyntheticSampleRecord>& synthetic);
    // Reads classes, samples and the stored synthetic samples (with their PNGs) from `project`.
    // On failure the model is left as it was.
    Status loadProject(const ProjectDb& project);
    // Replaces one sample's record (after a mask edit, say) in place; false when it is not in the
    // model. Views and proxies see a change of that row only.
    bool updateSample(const SampleRecord& sample);
    // Marks a sample flagged ambiguous or not (after the editor changed the flag); false when it
    // is not in the model.
    bool setAmbiguous(qint64 sampleId, bool ambiguous);
    void clear();

    const std::vector<ClassInfo>& classes() const { return m_classes; }
    // Requires row < realSampleCount().
    const SampleRecord& sampleAt(int row) const
    {
        return m_samples.at(static_cast<std::size_t>(row));
    }
    int realSampleCount() const { return static_cast<int>(m_samples.size()); }
    int syntheticSampleCount() const { return static_cast<int>(m_synthetic.size()); }
    bool isSyntheticRow(int row) const { return row >= realSampleCount(); }
    // The row of a sample id, or -1.
    int rowOfSample(qint64 sampleId) const;
    // The row of a synthetic sample id, or -1.
    int rowOfSynthetic(qint64 syntheticId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct SyntheticRow {
        qint64 id = 0;
        qint64 baseSampleId = 0;
        std::uint32_t classBits = 0;
        QSize size;
        QByteArray imagePng;
        QByteArray maskPng;
    };

    QString classNames(std::uint32_t bits) const;
    QVariant sampleData(const SampleRecord& sample, int column, int role) const;
    QVariant syntheticData(const SyntheticRow& sample, int column, int role) const;
    void assignSynthetic(const std::vector<SyntheticSampleRecord>& synthetic);
    void rebuildIndex();

    std::vector<ClassInfo> m_classes;
    std::vector<SampleRecord> m_samples;
    std::vector<SyntheticRow> m_synthetic;
    QHash<qint64, int> m_rowOfSample;
    QHash<qint64, int> m_rowOfSynthetic;
    QHash<qint64, QString> m_ambiguous; // flagged sample -> its note
};

} // namespace dwb
