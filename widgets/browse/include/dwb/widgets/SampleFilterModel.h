#pragma once

#include "dwb/storage/ProjectTypes.h"

#include <QSortFilterProxyModel>

#include <cstdint>
#include <optional>
#include <vector>

namespace dwb {

// Filters and sorts the rows of a SampleListModel (or any model with its roles) for the dataset
// browser. Every filter is off by default; the filters combine with AND.
class SampleFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class DefectFilter { All, Defective, DefectFree };
    enum class OriginFilter { All, Real, Synthetic };

    // Entries of classCounts(): one per possible class bit.
    static constexpr int kClassBitCount = 16;

    explicit SampleFilterModel(QObject* parent = nullptr);

    // Rows holding any of the classes in `bits`; 0 turns the filter off.
    void setClassFilter(std::uint32_t bits);
    std::uint32_t classFilter() const { return m_classBits; }
    // Rows in one split; nullopt shows all. Synthetic rows have no split and pass only when off.
    void setSplitFilter(std::optional<Split> split);
    std::optional<Split> splitFilter() const { return m_split; }
    void setDefectFilter(DefectFilter filter);
    DefectFilter defectFilter() const { return m_defect; }
    // Only samples whose mask was edited after import (mask revision > 1).
    void setEditedOnly(bool editedOnly);
    bool editedOnly() const { return m_editedOnly; }
    // Only samples flagged ambiguous in the error review.
    void setAmbiguousOnly(bool ambiguousOnly);
    bool ambiguousOnly() const { return m_ambiguousOnly; }
    void setOriginFilter(OriginFilter filter);
    OriginFilter originFilter() const { return m_origin; }
    // Case-insensitive substring of the name; empty turns the filter off.
    void setNameFilter(const QString& text);
    const QString& nameFilter() const { return m_name; }
    // Turns every filter off.
    void resetFilters();

    // Per class bit: how many of the rows passing the filters hold that class.
    std::vector<int> classCounts() const;
    // How many of the rows passing the filters hold no class.
    int defectFreeCount() const;

signals:
    // After any filter setting changed and the rows were filtered again.
    void filtersChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    void refilter();

    std::uint32_t m_classBits = 0;
    std::optional<Split> m_split;
    DefectFilter m_defect = DefectFilter::All;
    bool m_editedOnly = false;
    bool m_ambiguousOnly = false;
    OriginFilter m_origin = OriginFilter::All;
    QString m_name;
};

} // namespace dwb
