#include "dwb/widgets/PreferencesDialog.h"

#include "widgets/WidgetTestSupport.h"

#include <QComboBox>
#include <QSettings>
#include <QSpinBox>

#include <gtest/gtest.h>

namespace dwb {
namespace {

class PreferencesDialogTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { test::ensureApplication(); }

    void SetUp() override
    {
        ASSERT_FALSE(test::settingsDir().isEmpty());
        ASSERT_TRUE(QSettings().fileName().startsWith(test::settingsDir()));
        QSettings().clear();
    }
};

TEST_F(PreferencesDialogTest, ShowsDefaultsWhenNothingIsStored)
{
    PreferencesDialog dialog;
    EXPECT_EQ(dialog.findChild<QComboBox*>(QStringLiteral("language"))->currentData().toString(),
              QString());
    EXPECT_EQ(dialog.findChild<QSpinBox*>(QStringLiteral("undoLimit"))->value(), 100);
    EXPECT_EQ(dialog.findChild<QSpinBox*>(QStringLiteral("thumbnailSize"))->value(), 128);
    EXPECT_EQ(PreferencesDialog::undoLimit(), 100);
    EXPECT_EQ(PreferencesDialog::thumbnailSize(), 128);
    EXPECT_TRUE(PreferencesDialog::language().isEmpty());
}

TEST_F(PreferencesDialogTest, AcceptWritesTheKeys)
{
    PreferencesDialog dialog;
    auto* language = dialog.findChild<QComboBox*>(QStringLiteral("language"));
    language->setCurrentIndex(language->findData(QStringLiteral("es")));
    dialog.findChild<QSpinBox*>(QStringLiteral("undoLimit"))->setValue(250);
    dialog.findChild<QSpinBox*>(QStringLiteral("thumbnailSize"))->setValue(192);
    dialog.accept();

    QSettings settings;
    EXPECT_EQ(settings.value(QStringLiteral("ui/language")).toString(), QStringLiteral("es"));
    EXPECT_EQ(settings.value(QStringLiteral("editor/undoLimit")).toInt(), 250);
    EXPECT_EQ(settings.value(QStringLiteral("browser/thumbnailSize")).toInt(), 192);

    PreferencesDialog reopened;
    EXPECT_EQ(reopened.findChild<QComboBox*>(QStringLiteral("language"))->currentText(),
              QStringLiteral("Español"));
    EXPECT_EQ(reopened.findChild<QSpinBox*>(QStringLiteral("undoLimit"))->value(), 250);
}

TEST_F(PreferencesDialogTest, SystemDefaultStoresAnEmptyLanguage)
{
    QSettings().setValue(QStringLiteral("ui/language"), QStringLiteral("en"));
    PreferencesDialog dialog;
    auto* language = dialog.findChild<QComboBox*>(QStringLiteral("language"));
    EXPECT_EQ(language->currentData().toString(), QStringLiteral("en"));
    language->setCurrentIndex(0);
    dialog.accept();
    EXPECT_TRUE(QSettings().contains(QStringLiteral("ui/language")));
    EXPECT_EQ(QSettings().value(QStringLiteral("ui/language")).toString(), QString());
}

TEST_F(PreferencesDialogTest, CancelWritesNothing)
{
    PreferencesDialog dialog;
    dialog.findChild<QSpinBox*>(QStringLiteral("undoLimit"))->setValue(7);
    dialog.reject();
    EXPECT_FALSE(QSettings().contains(QStringLiteral("editor/undoLimit")));
}

} // namespace
} // namespace dwb
