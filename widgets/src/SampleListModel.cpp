#include "dwb/widgets/SampleListModel.h"

#include <QFileInfo>
#include <QStringList>

namespace dwb {

SampleListModel::SampleListModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void SampleListModel::setProject(std::vector<ClassInfo> classes, std::vector<SampleRecord> samples)
{
    beginResetModel();
    m_classes = std::move(classes);
    m_samples = std::move(samples);
    endResetModel();
}

void SampleListModel::clear()
{
    setProject({}, {});
}

int SampleListModel::rowOfSample(qint64 sampleId) const
{
    for (std::size_t i = 0; i < m_samples.size(); ++i)
        if (m_samples[i].id == sampleId)
            return static_cast<int>(i);
    return -1;
}

int SampleListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_samples.size());
}

int SampleListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SampleListModel::classNames(std::uint32_t bits) const
{
    if (bits == 0)
        return tr("defect-free");
    QStringList names;
    for (const auto& c : m_classes)
        if (bits & (1u << c.bit))
            names << QString::fromStdString(c.name);
    return names.join(QStringLiteral(", "));
}

QVariant SampleListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const SampleRecord& sample = m_samples[static_cast<std::size_t>(index.row())];
    switch (role) {
    case SampleIdRole:
        return QVariant::fromValue<qint64>(sample.id);
    case ClassBitsRole:
        return QVariant::fromValue<uint>(sample.classBits);
    case SplitRole:
        return static_cast<int>(sample.split);
    case ImagePathRole:
        return QString::fromStdString(sample.imagePath);
    case Qt::ToolTipRole:
        return QString::fromStdString(sample.imagePath);
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case NameColumn:
        return QString::fromStdString(sample.name);
    case SplitColumn:
        switch (sample.split) {
        case Split::Train:
            return tr("train");
        case Split::Validation:
            return tr("val");
        case Split::Test:
            return tr("test");
        case Split::Unassigned:
            return tr("unassigned");
        }
        return {};
    case ClassesColumn:
        return classNames(sample.classBits);
    case SizeColumn:
        return tr("%1 × %2").arg(sample.width).arg(sample.height);
    case RevisionColumn:
        return sample.maskRevision;
    default:
        return {};
    }
}

QVariant SampleListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case SplitColumn:
        return tr("Split");
    case ClassesColumn:
        return tr("Classes");
    case SizeColumn:
        return tr("Size");
    case RevisionColumn:
        return tr("Revision");
    default:
        return {};
    }
}

} // namespace dwb
