// defect-workbench: the desktop application.

#include "MainWindow.h"
#include "Screenshot.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include <opencv2/core/utils/logger.hpp>

#include <clocale>
#include <cstdio>

namespace {

// The interface language follows the system locale unless preferences name one.
void installTranslators(QApplication& app)
{
    const QString chosen = QSettings().value(QStringLiteral("ui/language")).toString();
    const QLocale locale = chosen.isEmpty() ? QLocale::system() : QLocale(chosen);
    QLocale::setDefault(locale); // dates and numbers in the chosen language too
    auto* ours = new QTranslator(&app);
    if (ours->load(locale, QStringLiteral("defect-workbench"), QStringLiteral("_"),
                   QStringLiteral(":/i18n")))
        QApplication::installTranslator(ours);
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    // QApplication takes the user's locale for the C library too; core writes and parses numbers
    // in files (configs, model descriptions, CSV) and must see '.' as the decimal point.
    std::setlocale(LC_NUMERIC, "C");
    // Files OpenCV cannot read are reported by the workbench itself.
    cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR);
    QApplication::setOrganizationName(QStringLiteral("DefectWorkbench"));
    QApplication::setApplicationName(QStringLiteral("defect-workbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("Defect Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(DWB_VERSION));
    installTranslators(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Surface-defect dataset, training and review workbench."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("project"),
                                 QApplication::translate("main", "Project file (*.dwb) to open."),
                                 QStringLiteral("[project]"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Render the window to a PNG file and exit."),
        QStringLiteral("file"));
    parser.addOption(screenshot);
    const QCommandLineOption panel(
        QStringLiteral("panel"),
        QApplication::translate("main", "With --screenshot: render only this panel (browser, "
                                        "editor, augment, training, review)."),
        QStringLiteral("name"));
    parser.addOption(panel);
    parser.process(app);

    dwb::MainWindow window;
    QString project = parser.positionalArguments().value(0);
    if (project.isEmpty() && !parser.isSet(screenshot))
        project = QSettings().value(QStringLiteral("project/last")).toString();
    if (!project.isEmpty() && QFileInfo::exists(project))
        window.openProject(project);
    else if (!project.isEmpty())
        std::fprintf(stderr, "error: no such project: %s\n", qPrintable(project));

    if (parser.isSet(screenshot))
        return dwb::takeScreenshot(window, parser.value(screenshot), parser.value(panel));
    window.show();
    return QApplication::exec();
}
