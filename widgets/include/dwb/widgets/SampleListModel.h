#pragma once

#include "dwb/storage/ProjectTypes.h"

#include <QAbstractTableModel>
#include <QColor>

#include <vector>

namespace dwb {

// A thin table adapter over a project's samples: one row a sample, columns for name, split,
// classes, size and mask revision. The data stays core's SampleRecord values.
class SampleListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { NameColumn, SplitColumn, ClassesColumn, SizeColumn, RevisionColumn, ColumnCount };
    enum Role {
        SampleIdRole = Qt::UserRole + 1,
        ClassBitsRole,
        SplitRole,
        ImagePathRole,
    };

    explicit SampleListModel(QObject* parent = nullptr);

    void setProject(std::vector<ClassInfo> classes, std::vector<SampleRecord> samples);
    void clear();

    const std::vector<ClassInfo>& classes() const { return m_classes; }
    const SampleRecord& sampleAt(int row) const
    {
        return m_samples.at(static_cast<std::size_t>(row));
    }
    // The row of a sample id, or -1.
    int rowOfSample(qint64 sampleId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString classNames(std::uint32_t bits) const;

    std::vector<ClassInfo> m_classes;
    std::vector<SampleRecord> m_samples;
};

} // namespace dwb
