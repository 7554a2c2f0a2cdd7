#pragma once

#include "dwb/storage/ProjectTypes.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QListWidgetItem;

namespace dwb {

class SampleFilterModel;

// The dataset browser's filter column: name search, one check box per class with its colour
// and the number of shown samples holding it, split, defective or defect-free, real or
// synthetic, edited masks only, and a reset. Every control writes straight into a
// SampleFilterModel; the counts follow the model.
class SampleFilterPanel : public QWidget {
    Q_OBJECT

public:
    explicit SampleFilterPanel(QWidget* parent = nullptr);

    // Not owned. The panel drives its filters and shows its counts.
    void setFilterModel(SampleFilterModel* model);
    // The project's classes, for the class list; clears the class filter.
    void setClasses(const std::vector<ClassInfo>& classes);
    // Focuses the search field (Ctrl+F in the main window).
    void focusSearch();

    QLineEdit* searchField() const { return m_search; }
    QListWidget* classList() const { return m_classList; }
    QComboBox* splitBox() const { return m_split; }
    QComboBox* defectBox() const { return m_defect; }
    QComboBox* originBox() const { return m_origin; }
    QCheckBox* editedBox() const { return m_edited; }
    QCheckBox* ambiguousBox() const { return m_ambiguous; }

public slots:
    void resetFilters();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void fillChoices();
    void connectFilters(QPushButton* reset);
    void applyClassFilter();
    void updateCounts();

    SampleFilterModel* m_model = nullptr;
    std::vector<ClassInfo> m_classes;
    QLineEdit* m_search;
    QListWidget* m_classList;
    QComboBox* m_split;
    QComboBox* m_defect;
    QComboBox* m_origin;
    QCheckBox* m_edited;
    QCheckBox* m_ambiguous;
    QLabel* m_shown;
    bool m_updating = false;
    bool m_boxToggled = false; // a class changed since the last press in the class list
};

} // namespace dwb
