#include "dwb/widgets/PreferencesDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFont>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace dwb {
namespace {

constexpr int kMinUndoLimit = 1;
constexpr int kMaxUndoLimit = 10000;
constexpr int kMinThumbnailSize = 64;
constexpr int kMaxThumbnailSize = 512;

QString key(const char* name)
{
    return QString::fromLatin1(name);
}

} // namespace

PreferencesDialog::PreferencesDialog(QWidget* parent)
    : QDialog(parent)
    , m_language(new QComboBox(this))
    , m_undoLimit(new QSpinBox(this))
    , m_thumbnailSize(new QSpinBox(this))
{
    setWindowTitle(tr("Preferences"));
    m_language->setObjectName(QStringLiteral("language"));
    m_undoLimit->setObjectName(QStringLiteral("undoLimit"));
    m_thumbnailSize->setObjectName(QStringLiteral("thumbnailSize"));

    // Language names in their own language, so that anyone can find theirs.
    m_language->addItem(tr("System default"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Español"), QStringLiteral("es"));
    m_undoLimit->setRange(kMinUndoLimit, kMaxUndoLimit);
    m_undoLimit->setSuffix(tr(" steps"));
    m_thumbnailSize->setRange(kMinThumbnailSize, kMaxThumbnailSize);
    m_thumbnailSize->setSingleStep(16);
    m_thumbnailSize->setSuffix(tr(" px"));

    auto* note = new QLabel(tr("A new interface language applies after a restart."), this);
    note->setWordWrap(true);
    // Normal colour, a little smaller: a disabled (grey) label reads as a setting out of reach.
    QFont caption = note->font();
    caption.setPointSizeF(caption.pointSizeF() * 0.9);
    note->setFont(caption);
    auto* form = new QFormLayout;
    form->addRow(tr("Interface &language:"), m_language);
    form->addRow(QString(), note);
    form->addRow(tr("&Undo limit:"), m_undoLimit);
    form->addRow(tr("&Thumbnail size:"), m_thumbnailSize);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &PreferencesDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch();
    layout->addWidget(buttons);
    load();
}

QString PreferencesDialog::language()
{
    return QSettings().value(key(kLanguageKey)).toString();
}

int PreferencesDialog::undoLimit()
{
    const int limit = QSettings().value(key(kUndoLimitKey), kDefaultUndoLimit).toInt();
    return qBound(kMinUndoLimit, limit, kMaxUndoLimit);
}

int PreferencesDialog::thumbnailSize()
{
    const int size = QSettings().value(key(kThumbnailSizeKey), kDefaultThumbnailSize).toInt();
    return qBound(kMinThumbnailSize, size, kMaxThumbnailSize);
}

void PreferencesDialog::load()
{
    const int index = m_language->findData(language());
    m_language->setCurrentIndex(index < 0 ? 0 : index);
    m_undoLimit->setValue(undoLimit());
    m_thumbnailSize->setValue(thumbnailSize());
}

void PreferencesDialog::save() const
{
    QSettings settings;
    settings.setValue(key(kLanguageKey), m_language->currentData().toString());
    settings.setValue(key(kUndoLimitKey), m_undoLimit->value());
    settings.setValue(key(kThumbnailSizeKey), m_thumbnailSize->value());
}

void PreferencesDialog::accept()
{
    save();
    QDialog::accept();
}

} // namespace dwb
