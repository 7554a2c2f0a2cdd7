#include "dwb/widgets/SampleFilterPanel.h"

#include "dwb/widgets/SampleFilterModel.h"
#include "dwb/widgets/UiHelpers.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QVBoxLayout>

namespace dwb {
namespace {

constexpr int kBitRole = Qt::UserRole + 1;

} // namespace

SampleFilterPanel::SampleFilterPanel(QWidget* parent)
    : QWidget(parent)
    , m_search(new QLineEdit(this))
    , m_classList(new QListWidget(this))
    , m_split(new QComboBox(this))
    , m_defect(new QComboBox(this))
    , m_origin(new QComboBox(this))
    , m_edited(new QCheckBox(tr("Edited masks only"), this))
    , m_ambiguous(new QCheckBox(tr("Flagged ambiguous only"), this))
    , m_shown(new QLabel(this))
{
    m_search->setPlaceholderText(tr("Search by name"));
    m_search->setClearButtonEnabled(true);
    m_classList->setToolTip(tr("Show samples holding any of the checked classes; none checked "
                               "shows all"));
    m_classList->setSelectionMode(QAbstractItemView::NoSelection);
    m_classList->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);

    fillChoices();

    auto* reset = new QPushButton(tr("Reset Filters"), this);
    m_shown->setWordWrap(true);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Split"), m_split);
    form->addRow(tr("Defects"), m_defect);
    form->addRow(tr("Origin"), m_origin);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_search);
    layout->addWidget(new QLabel(tr("Classes"), this));
    layout->addWidget(m_classList, 1);
    layout->addLayout(form);
    layout->addWidget(m_edited);
    layout->addWidget(m_ambiguous);
    layout->addWidget(reset);
    layout->addWidget(m_shown);

    connectFilters(reset);
    updateCounts();
}

void SampleFilterPanel::fillChoices()
{
    m_split->addItem(tr("All splits"));
    m_split->addItem(tr("Train"), static_cast<int>(Split::Train));
    m_split->addItem(tr("Validation"), static_cast<int>(Split::Validation));
    m_split->addItem(tr("Test"), static_cast<int>(Split::Test));
    m_split->addItem(tr("Unassigned"), static_cast<int>(Split::Unassigned));
    m_defect->addItem(tr("All samples"), static_cast<int>(SampleFilterModel::DefectFilter::All));
    m_defect->addItem(tr("Defective"),
                      static_cast<int>(SampleFilterModel::DefectFilter::Defective));
    m_defect->addItem(tr("Defect-free"),
                      static_cast<int>(SampleFilterModel::DefectFilter::DefectFree));
    m_origin->addItem(tr("Real and synthetic"),
                      static_cast<int>(SampleFilterModel::OriginFilter::All));
    m_origin->addItem(tr("Real only"), static_cast<int>(SampleFilterModel::OriginFilter::Real));
    m_origin->addItem(tr("Synthetic only"),
                      static_cast<int>(SampleFilterModel::OriginFilter::Synthetic));
}

// Each control sets its filter on the model, once there is one.
void SampleFilterPanel::connectFilters(QPushButton* reset)
{
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (m_model)
            m_model->setNameFilter(text);
    });
    // A click on the class name toggles it too, not only one on the small check box (which
    // toggles it itself, between the press and the click).
    m_classList->viewport()->installEventFilter(this);
    connect(m_classList, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        if (!m_boxToggled)
            item->setCheckState(item->checkState() == Qt::Checked ? Qt::Unchecked : Qt::Checked);
    });
    connect(m_classList, &QListWidget::itemChanged, this, [this] {
        m_boxToggled = true;
        if (!m_updating)
            applyClassFilter();
    });
    connect(m_split, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_model)
            return;
        const QVariant split = m_split->currentData();
        m_model->setSplitFilter(split.isValid() ? std::optional(static_cast<Split>(split.toInt()))
                                                : std::nullopt);
    });
    connect(m_defect, &QComboBox::currentIndexChanged, this, [this] {
        if (m_model)
            m_model->setDefectFilter(
                static_cast<SampleFilterModel::DefectFilter>(m_defect->currentData().toInt()));
    });
    connect(m_origin, &QComboBox::currentIndexChanged, this, [this] {
        if (m_model)
            m_model->setOriginFilter(
                static_cast<SampleFilterModel::OriginFilter>(m_origin->currentData().toInt()));
    });
    connect(m_edited, &QCheckBox::toggled, this, [this](bool on) {
        if (m_model)
            m_model->setEditedOnly(on);
    });
    m_ambiguous->setToolTip(tr("Samples flagged Ambiguous in the mask editor, shown in orange"));
    connect(m_ambiguous, &QCheckBox::toggled, this, [this](bool on) {
        if (m_model)
            m_model->setAmbiguousOnly(on);
    });
    connect(reset, &QPushButton::clicked, this, &SampleFilterPanel::resetFilters);
}

void SampleFilterPanel::setFilterModel(SampleFilterModel* model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (m_model) {
        connect(m_model, &QAbstractItemModel::modelReset, this, &SampleFilterPanel::updateCounts);
        connect(m_model, &QAbstractItemModel::layoutChanged, this,
                &SampleFilterPanel::updateCounts);
        connect(m_model, &QAbstractItemModel::rowsInserted, this, &SampleFilterPanel::updateCounts);
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, &SampleFilterPanel::updateCounts);
        connect(m_model, &SampleFilterModel::filtersChanged, this,
                &SampleFilterPanel::updateCounts);
    }
    resetFilters();
}

void SampleFilterPanel::setClasses(const std::vector<ClassInfo>& classes)
{
    m_classes = classes;
    m_updating = true;
    m_classList->clear();
    for (const ClassInfo& c : m_classes) {
        auto* item = new QListWidgetItem(classSwatch(c.color), QString::fromStdString(c.name));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        item->setData(kBitRole, c.bit);
        m_classList->addItem(item);
    }
    m_updating = false;
    applyClassFilter();
}

void SampleFilterPanel::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void SampleFilterPanel::resetFilters()
{
    m_updating = true;
    m_search->clear();
    for (int i = 0; i < m_classList->count(); ++i)
        m_classList->item(i)->setCheckState(Qt::Unchecked);
    m_split->setCurrentIndex(0);
    m_defect->setCurrentIndex(0);
    m_origin->setCurrentIndex(0);
    m_edited->setChecked(false);
    m_ambiguous->setChecked(false);
    m_updating = false;
    if (m_model)
        m_model->resetFilters();
    updateCounts();
}

bool SampleFilterPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_classList->viewport() && event->type() == QEvent::MouseButtonPress)
        m_boxToggled = false;
    return QWidget::eventFilter(watched, event);
}

void SampleFilterPanel::applyClassFilter()
{
    std::uint32_t bits = 0;
    for (int i = 0; i < m_classList->count(); ++i)
        if (m_classList->item(i)->checkState() == Qt::Checked)
            bits |= 1u << m_classList->item(i)->data(kBitRole).toInt();
    if (m_model)
        m_model->setClassFilter(bits);
}

void SampleFilterPanel::updateCounts()
{
    if (!m_model || !m_model->sourceModel()) {
        m_shown->clear();
        return;
    }
    const std::vector<int> counts = m_model->classCounts();
    m_updating = true;
    for (int i = 0; i < m_classList->count(); ++i) {
        QListWidgetItem* item = m_classList->item(i);
        const int bit = item->data(kBitRole).toInt();
        const auto& c = m_classes.at(static_cast<std::size_t>(i));
        const int count =
            bit < static_cast<int>(counts.size()) ? counts[static_cast<std::size_t>(bit)] : 0;
        item->setText(tr("%1 (%2)").arg(QString::fromStdString(c.name)).arg(count));
    }
    m_updating = false;
    m_shown->setText(tr("Showing %1 of %n sample(s), %2 defect-free", nullptr,
                        m_model->sourceModel()->rowCount())
                         .arg(m_model->rowCount())
                         .arg(m_model->defectFreeCount()));
}

} // namespace dwb
