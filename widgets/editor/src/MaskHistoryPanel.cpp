#include "dwb/widgets/MaskHistoryPanel.h"

#include <QAction>
#include <QDateTime>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QToolButton>
#include <QVBoxLayout>

namespace dwb {

MaskHistoryPanel::MaskHistoryPanel(QWidget* parent)
    : QWidget(parent)
    , m_list(new QListWidget)
    , m_revert(new QAction(tr("Revert to this revision"), this))
{
    m_revert->setToolTip(tr("Load the selected revision as a new edit; saving then makes it the "
                            "newest revision"));
    m_revert->setEnabled(false);
    m_list->addAction(m_revert);
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* button = new QToolButton;
    button->setDefaultAction(m_revert);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Mask revisions")));
    layout->addWidget(m_list);
    layout->addWidget(button);

    connect(m_list, &QListWidget::currentItemChanged, this,
            [this](QListWidgetItem* item) { m_revert->setEnabled(item != nullptr); });
    connect(m_revert, &QAction::triggered, this, [this] {
        if (const QListWidgetItem* item = m_list->currentItem())
            emit revertRequested(item->data(Qt::UserRole).toInt());
    });
}

// Notes are stored in English, the same in every interface language; the ones the workbench
// writes itself are shown in the user's.
QString MaskHistoryPanel::noteText(const std::string& note)
{
    if (note == "imported")
        return tr("imported");
    if (note == "edited in the mask editor")
        return tr("edited in the mask editor");
    return QString::fromStdString(note);
}

void MaskHistoryPanel::setRevisions(const std::vector<MaskRevisionInfo>& revisions)
{
    m_list->clear();
    for (auto it = revisions.rbegin(); it != revisions.rend(); ++it) {
        // Stored in UTC (ISO 8601); shown in local time.
        const QDateTime created =
            QDateTime::fromString(QString::fromStdString(it->createdAt), Qt::ISODateWithMs);
        QString text = tr("Revision %1 · %2")
                           .arg(it->revision)
                           .arg(created.isValid() ? QLocale().toString(created.toLocalTime(),
                                                                       QLocale::ShortFormat)
                                                  : QString::fromStdString(it->createdAt));
        if (!it->note.empty())
            text += QLatin1Char('\n') + noteText(it->note);
        auto* item = new QListWidgetItem(text, m_list);
        item->setData(Qt::UserRole, it->revision);
    }
}

void MaskHistoryPanel::clear()
{
    m_list->clear();
}

std::vector<int> MaskHistoryPanel::revisions() const
{
    std::vector<int> numbers;
    for (int row = 0; row < m_list->count(); ++row)
        numbers.push_back(m_list->item(row)->data(Qt::UserRole).toInt());
    return numbers;
}

} // namespace dwb
