#pragma once

// Small pieces every page draws the same way.

#include <QIcon>
#include <QImage>
#include <QKeySequence>
#include <QList>
#include <QtGlobal>

#include <string>

namespace dwb {

// The application's icon `name` (resources/icons/NAME.svg); a null icon where the resources
// are not linked (in tests), so buttons show their text.
QIcon appIcon(const char* name);

// A 12 x 12 rounded square of a class colour ("#rrggbb"), for lists and combo boxes.
QIcon classSwatch(const std::string& colour);

// An icon that looks the same selected or not: a list's selection tint would hide the defects.
QIcon plainIcon(const QImage& image);

// The platform's key sequences for `key`, or `fallback` where it has none: most Linux desktops
// bind no Preferences key, where users expect Ctrl+, as elsewhere.
QList<QKeySequence> standardShortcuts(QKeySequence::StandardKey key, const QKeySequence& fallback);

// The item data role under which list and gallery items keep their sample's id (qint64).
inline constexpr int kSampleIdItemRole = Qt::UserRole + 1;

} // namespace dwb
