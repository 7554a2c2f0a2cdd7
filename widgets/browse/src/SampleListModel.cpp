#include "dwb/widgets/SampleListModel.h"

#include "dwb/storage/ProjectDb.h"

#include <QBuffer>
#include <QColor>
#include <QFileInfo>
#include <QImageReader>
#include <QStringList>

namespace dwb {
namespace {

QByteArray toByteArray(const std::vector<std::uint8_t>& bytes)
{
    return QByteArray(reinterpret_cast<const char*>(bytes.data()),
                      static_cast<qsizetype>(bytes.size()));
}

// Reads only the PNG header.
QSize pngSize(const QByteArray& png)
{
    QBuffer buffer;
    buffer.setData(png);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, "png");
    return reader.size();
}

} // namespace

SampleListModel::SampleListModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

SampleListModel::~SampleListModel() = default;

void SampleListModel::setProject(std::vector<ClassInfo> classes, std::vector<SampleRecord> samples)
{
    beginResetModel();
    m_classes = std::move(classes);
    m_samples = std::move(samples);
    m_synthetic.clear();
    m_ambiguous.clear();
    rebuildIndex();
    endResetModel();
}

void SampleListModel::setSyntheticSamples(const std::vector<SyntheticSampleRecord>& synthetic)
{
    beginResetModel();
    assignSynthetic(synthetic);
    rebuildIndex();
    endResetModel();
}

void SampleListModel::assignSynthetic(const std::vector<SyntheticSampleRecord>& synthetic)
{
    m_synthetic.clear();
    for (const auto& record : synthetic) {
        if (record.imagePng.empty())
            continue;
        SyntheticRow row;
        row.id = record.id;
        row.baseSampleId = record.baseSampleId;
        row.classBits = record.classBits;
        row.imagePng = toByteArray(record.imagePng);
        row.maskPng = toByteArray(record.maskPng);
        row.size = pngSize(row.imagePng);
        m_synthetic.push_back(std::move(row));
    }
}

Status SampleListModel::loadProject(const ProjectDb& project)
{
    auto classes = project.classes();
    if (!classes)
        return std::unexpected(classes.error());
    auto samples = project.samples();
    if (!samples)
        return std::unexpected(samples.error());
    auto synthetic = project.syntheticSamples(std::nullopt, true);
    if (!synthetic)
        return std::unexpected(synthetic.error());
    auto flagged = project.ambiguousSamples();
    if (!flagged)
        return std::unexpected(flagged.error());
    // One reset for the whole project, so that views never see it half loaded.
    beginResetModel();
    m_classes = std::move(*classes);
    m_samples = std::move(*samples);
    m_ambiguous.clear();
    for (const AmbiguousSample& sample : *flagged)
        m_ambiguous.insert(sample.sampleId, QString::fromStdString(sample.note));
    assignSynthetic(*synthetic);
    rebuildIndex();
    endResetModel();
    return {};
}

bool SampleListModel::setAmbiguous(qint64 sampleId, bool ambiguous)
{
    const int row = rowOfSample(sampleId);
    if (row < 0)
        return false;
    if (ambiguous)
        m_ambiguous.insert(sampleId, m_ambiguous.value(sampleId));
    else
        m_ambiguous.remove(sampleId);
    // Every role: the filter proxy then checks the row against its filters again.
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    return true;
}

void SampleListModel::clear()
{
    setProject({}, {});
}

void SampleListModel::rebuildIndex()
{
    m_rowOfSample.clear();
    m_rowOfSynthetic.clear();
    m_rowOfSample.reserve(static_cast<qsizetype>(m_samples.size()));
    for (std::size_t i = 0; i < m_samples.size(); ++i)
        m_rowOfSample.insert(m_samples[i].id, static_cast<int>(i));
    for (std::size_t i = 0; i < m_synthetic.size(); ++i)
        m_rowOfSynthetic.insert(m_synthetic[i].id, static_cast<int>(m_samples.size() + i));
}

bool SampleListModel::updateSample(const SampleRecord& sample)
{
    const int row = rowOfSample(sample.id);
    if (row < 0)
        return false;
    m_samples[static_cast<std::size_t>(row)] = sample;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    return true;
}

int SampleListModel::rowOfSample(qint64 sampleId) const
{
    return m_rowOfSample.value(sampleId, -1);
}

int SampleListModel::rowOfSynthetic(qint64 syntheticId) const
{
    return m_rowOfSynthetic.value(syntheticId, -1);
}

int SampleListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_samples.size() + m_synthetic.size());
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
    const auto row = static_cast<std::size_t>(index.row());
    if (row < m_samples.size())
        return sampleData(m_samples[row], index.column(), role);
    return syntheticData(m_synthetic[row - m_samples.size()], index.column(), role);
}

QVariant SampleListModel::sampleData(const SampleRecord& sample, int column, int role) const
{
    switch (role) {
    case SampleIdRole:
        return QVariant::fromValue<qint64>(sample.id);
    case ClassBitsRole:
        return QVariant::fromValue<uint>(sample.classBits);
    case SplitRole:
        return static_cast<int>(sample.split);
    case ImagePathRole:
        return QString::fromStdString(sample.imagePath);
    case Qt::ToolTipRole: {
        const auto flag = m_ambiguous.constFind(sample.id);
        if (flag == m_ambiguous.cend())
            return QString::fromStdString(sample.imagePath);
        return tr("%1\nFlagged ambiguous%2")
            .arg(QString::fromStdString(sample.imagePath),
                 flag->isEmpty() ? QString() : QStringLiteral(": ") + *flag);
    }
    case Qt::ForegroundRole:
        // Flagged samples stand out in the table and under the thumbnails.
        return m_ambiguous.contains(sample.id) ? QVariant(QColor(0xb3, 0x5c, 0x00)) : QVariant();
    case AmbiguousRole:
        return m_ambiguous.contains(sample.id);
    case IsSyntheticRole:
        return false;
    case MaskRevisionRole:
        return sample.maskRevision;
    case ImageSizeRole:
        return QSize(sample.width, sample.height);
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (column) {
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

QVariant SampleListModel::syntheticData(const SyntheticRow& sample, int column, int role) const
{
    switch (role) {
    case ClassBitsRole:
        return QVariant::fromValue<uint>(sample.classBits);
    case IsSyntheticRole:
        return true;
    case SyntheticIdRole:
        return QVariant::fromValue<qint64>(sample.id);
    case MaskRevisionRole:
        return 0;
    case ImageSizeRole:
        return sample.size;
    case ImagePngRole:
        return sample.imagePng;
    case MaskPngRole:
        return sample.maskPng;
    case Qt::ToolTipRole:
        return tr("Synthetic sample %1, made from sample %2")
            .arg(sample.id)
            .arg(sample.baseSampleId);
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (column) {
    case NameColumn:
        return tr("synthetic #%1").arg(sample.id);
    case SplitColumn:
        return QStringLiteral("—");
    case ClassesColumn:
        return classNames(sample.classBits);
    case SizeColumn:
        return tr("%1 × %2").arg(sample.size.width()).arg(sample.size.height());
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
