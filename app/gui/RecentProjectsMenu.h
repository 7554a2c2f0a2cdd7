#pragma once

#include <QMenu>

namespace dwb {

// File > Open Recent: the last projects opened, newest first, kept in the settings.
class RecentProjectsMenu : public QMenu {
    Q_OBJECT

public:
    static constexpr int kMaxRecent = 8;

    explicit RecentProjectsMenu(QWidget* parent = nullptr);

    // Puts `path` first (and remembers it as the project to reopen on the next start).
    void remember(const QString& path);

signals:
    void projectChosen(const QString& path);

private:
    void rebuild();
};

} // namespace dwb
