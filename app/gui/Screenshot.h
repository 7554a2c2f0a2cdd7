#pragma once

#include <QString>

namespace dwb {

class MainWindow;

// `defect-workbench --screenshot FILE [--panel NAME]`: renders the window, or one page made ready
// to look at, to a PNG and returns the process exit code (2 for an unknown panel).
int takeScreenshot(MainWindow& window, const QString& file, const QString& panel);

} // namespace dwb
