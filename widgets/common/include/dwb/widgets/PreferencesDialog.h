#pragma once

#include <QDialog>

class QComboBox;
class QSpinBox;

namespace dwb {

// The application's preferences, kept in QSettings: the interface language (read at start-up,
// so it applies after a restart), the mask editor's undo limit and the browser's thumbnail size.
class PreferencesDialog : public QDialog {
    Q_OBJECT

public:
    static constexpr auto kLanguageKey = "ui/language";                // "" (system), "en", "es"
    static constexpr auto kUndoLimitKey = "editor/undoLimit";          // steps
    static constexpr auto kThumbnailSizeKey = "browser/thumbnailSize"; // pixels
    static constexpr int kDefaultUndoLimit = 100;
    static constexpr int kDefaultThumbnailSize = 128;

    explicit PreferencesDialog(QWidget* parent = nullptr);

    // The stored values, with their defaults.
    static QString language();
    static int undoLimit();
    static int thumbnailSize();

    // Shows the stored values.
    void load();
    // Writes the values shown.
    void save() const;

    void accept() override;

private:
    QComboBox* m_language;
    QSpinBox* m_undoLimit;
    QSpinBox* m_thumbnailSize;
};

} // namespace dwb
