#include "dwb/widgets/SampleFilterModel.h"

#include "dwb/widgets/SampleListModel.h"

#include <QSize>

namespace dwb {
namespace {

// Runs of digits compare by value and letters ignore case, so that "tile_9" sorts before
// "Tile_10" (QCollator's numeric mode does not work in the C locale).
int naturalCompare(QStringView a, QStringView b)
{
    const auto digitsEnd = [](QStringView text, qsizetype from) {
        while (from < text.size() && text[from].isDigit())
            ++from;
        return from;
    };
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            while (i + 1 < a.size() && a[i] == u'0' && a[i + 1].isDigit())
                ++i;
            while (j + 1 < b.size() && b[j] == u'0' && b[j + 1].isDigit())
                ++j;
            const qsizetype endA = digitsEnd(a, i);
            const qsizetype endB = digitsEnd(b, j);
            if (endA - i != endB - j)
                return endA - i < endB - j ? -1 : 1;
            if (const int order = a.sliced(i, endA - i).compare(b.sliced(j, endB - j)))
                return order;
            i = endA;
            j = endB;
            continue;
        }
        const QChar left = a[i].toCaseFolded();
        const QChar right = b[j].toCaseFolded();
        if (left != right)
            return left < right ? -1 : 1;
        ++i;
        ++j;
    }
    if (i < a.size() || j < b.size())
        return i < a.size() ? 1 : -1;
    return a.compare(b); // equal but for case or leading zeros: still a fixed order
}

bool naturalLess(const QModelIndex& left, const QModelIndex& right)
{
    return naturalCompare(left.data().toString(), right.data().toString()) < 0;
}

} // namespace

SampleFilterModel::SampleFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
}

void SampleFilterModel::setClassFilter(std::uint32_t bits)
{
    if (bits == m_classBits)
        return;
    m_classBits = bits;
    refilter();
}

void SampleFilterModel::setSplitFilter(std::optional<Split> split)
{
    if (split == m_split)
        return;
    m_split = split;
    refilter();
}

void SampleFilterModel::setDefectFilter(DefectFilter filter)
{
    if (filter == m_defect)
        return;
    m_defect = filter;
    refilter();
}

void SampleFilterModel::setEditedOnly(bool editedOnly)
{
    if (editedOnly == m_editedOnly)
        return;
    m_editedOnly = editedOnly;
    refilter();
}

void SampleFilterModel::setAmbiguousOnly(bool ambiguousOnly)
{
    if (ambiguousOnly == m_ambiguousOnly)
        return;
    m_ambiguousOnly = ambiguousOnly;
    refilter();
}

void SampleFilterModel::setOriginFilter(OriginFilter filter)
{
    if (filter == m_origin)
        return;
    m_origin = filter;
    refilter();
}

void SampleFilterModel::setNameFilter(const QString& text)
{
    if (text == m_name)
        return;
    m_name = text;
    refilter();
}

void SampleFilterModel::resetFilters()
{
    m_classBits = 0;
    m_split.reset();
    m_defect = DefectFilter::All;
    m_editedOnly = false;
    m_ambiguousOnly = false;
    m_origin = OriginFilter::All;
    m_name.clear();
    refilter();
}

void SampleFilterModel::refilter()
{
    invalidateRowsFilter();
    emit filtersChanged();
}

bool SampleFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QAbstractItemModel* source = sourceModel();
    const QModelIndex index = source->index(sourceRow, SampleListModel::NameColumn, sourceParent);
    const bool synthetic = index.data(SampleListModel::IsSyntheticRole).toBool();
    if ((m_origin == OriginFilter::Real && synthetic) ||
        (m_origin == OriginFilter::Synthetic && !synthetic))
        return false;
    const uint bits = index.data(SampleListModel::ClassBitsRole).toUInt();
    if (m_classBits != 0 && (bits & m_classBits) == 0)
        return false;
    if ((m_defect == DefectFilter::Defective && bits == 0) ||
        (m_defect == DefectFilter::DefectFree && bits != 0))
        return false;
    if (m_split) {
        const QVariant split = index.data(SampleListModel::SplitRole);
        if (!split.isValid() || split.toInt() != static_cast<int>(*m_split))
            return false;
    }
    if (m_editedOnly && index.data(SampleListModel::MaskRevisionRole).toInt() <= 1)
        return false;
    if (m_ambiguousOnly && !index.data(SampleListModel::AmbiguousRole).toBool())
        return false;
    if (!m_name.isEmpty() && !index.data().toString().contains(m_name, Qt::CaseInsensitive))
        return false;
    return true;
}

bool SampleFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    switch (left.column()) {
    case SampleListModel::SplitColumn: {
        // Synthetic rows (no split) after every split.
        const QVariant a = left.data(SampleListModel::SplitRole);
        const QVariant b = right.data(SampleListModel::SplitRole);
        return (a.isValid() ? a.toInt() : 1 << 20) < (b.isValid() ? b.toInt() : 1 << 20);
    }
    case SampleListModel::SizeColumn: {
        const QSize a = left.data(SampleListModel::ImageSizeRole).toSize();
        const QSize b = right.data(SampleListModel::ImageSizeRole).toSize();
        const qint64 areaA = qint64(a.width()) * a.height();
        const qint64 areaB = qint64(b.width()) * b.height();
        return areaA != areaB ? areaA < areaB : a.width() < b.width();
    }
    case SampleListModel::RevisionColumn:
        return left.data(SampleListModel::MaskRevisionRole).toInt() <
               right.data(SampleListModel::MaskRevisionRole).toInt();
    default:
        return naturalLess(left, right);
    }
}

std::vector<int> SampleFilterModel::classCounts() const
{
    std::vector<int> counts(kClassBitCount, 0);
    for (int row = 0; row < rowCount(); ++row) {
        const uint bits = index(row, 0).data(SampleListModel::ClassBitsRole).toUInt();
        for (int bit = 0; bit < kClassBitCount; ++bit)
            if (bits & (1u << bit))
                ++counts[static_cast<std::size_t>(bit)];
    }
    return counts;
}

int SampleFilterModel::defectFreeCount() const
{
    int count = 0;
    for (int row = 0; row < rowCount(); ++row)
        if (index(row, 0).data(SampleListModel::ClassBitsRole).toUInt() == 0)
            ++count;
    return count;
}

} // namespace dwb
