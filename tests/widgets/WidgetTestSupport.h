#pragma once

// Shared set-up for the widget tests: a headless QApplication and small demo projects built
// inside the test.

#include "support/DemoProject.h"

#include <QApplication>
#include <QSettings>
#include <QTemporaryDir>

#include <filesystem>
#include <memory>

namespace dwb::test {

// The folder that QSettings() writes to once ensureApplication() ran: the test process's own,
// removed at exit, so that no test reads or writes the user's settings.
inline QString settingsDir()
{
    static QTemporaryDir dir;
    return dir.path();
}

// Creates the QApplication the widget tests share, on the offscreen platform unless another
// one was asked for, with settings isolated in settingsDir().
inline void ensureApplication()
{
    static int argc = 1;
    static char arg0[] = "dwb_widgets_tests";
    static char* argv[] = {arg0, nullptr};
    if (!QApplication::instance()) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        new QApplication(argc, argv);
    }
    static const bool isolated = [] {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir());
        QCoreApplication::setOrganizationName(QStringLiteral("DefectWorkbenchTests"));
        QCoreApplication::setApplicationName(QStringLiteral("dwb_widgets_tests"));
        return true;
    }();
    (void)isolated;
}

inline DemoConfig smallDemo(int images)
{
    DemoConfig config;
    config.imageCount = images;
    config.imageSize = {64, 64};
    return config;
}

// A label-folder demo dataset in `dir`/data imported into `dir`/demo.dwb; null on failure.
inline std::unique_ptr<ProjectDb> makeDemoProject(const std::filesystem::path& dir, int images)
{
    return makeDemoProject(dir, smallDemo(images));
}

} // namespace dwb::test
