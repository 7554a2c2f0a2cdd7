#include "RecentProjectsMenu.h"

#include <QFileInfo>
#include <QSettings>

namespace dwb {
namespace {

constexpr auto kRecentKey = "project/recent";

} // namespace

RecentProjectsMenu::RecentProjectsMenu(QWidget* parent)
    : QMenu(tr("Open &Recent"), parent)
{
    rebuild();
}

void RecentProjectsMenu::remember(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(QLatin1String(kRecentKey)).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QLatin1String(kRecentKey), recent);
    settings.setValue(QStringLiteral("project/last"), path);
    rebuild();
}

void RecentProjectsMenu::rebuild()
{
    clear();
    const QStringList recent = QSettings().value(QLatin1String(kRecentKey)).toStringList();
    for (const QString& path : recent)
        addAction(QFileInfo(path).fileName(), this, [this, path] {
            emit projectChosen(path);
        })->setToolTip(path);
    setEnabled(!recent.isEmpty());
}

} // namespace dwb
