// The Browse page's filter panel: what a click on a class does.

#include "dwb/widgets/SampleFilterModel.h"
#include "dwb/widgets/SampleFilterPanel.h"
#include "dwb/widgets/SampleListModel.h"

#include "widgets/WidgetTestSupport.h"

#include <QApplication>
#include <QListWidget>
#include <QStyle>
#include <QStyleOptionViewItem>
#include <QTest>

#include <gtest/gtest.h>

namespace dwb {
namespace {

class SampleFilterPanelTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        test::ensureApplication();
        m_panel = std::make_unique<SampleFilterPanel>();
        m_filter.setSourceModel(&m_model);
        m_panel->setFilterModel(&m_filter);
        m_panel->setClasses({{1, 0, "Pit", "#e69f00"}, {2, 1, "Scratch", "#56b4e9"}});
        m_panel->resize(280, 500);
        m_panel->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(m_panel.get()));
        m_list = m_panel->findChild<QListWidget*>();
        ASSERT_NE(m_list, nullptr);
        ASSERT_EQ(m_list->count(), 2);
    }

    // One click, apart from the one before (not half of a double click).
    void clickAt(QPoint at)
    {
        QTest::qWait(QApplication::doubleClickInterval() + 20);
        QTest::mouseClick(m_list->viewport(), Qt::LeftButton, {}, at);
    }

    // Where the item's check box is drawn.
    QPoint checkBoxOf(QListWidgetItem* item) const
    {
        QStyleOptionViewItem option;
        option.initFrom(m_list);
        option.rect = m_list->visualItemRect(item);
        option.features = QStyleOptionViewItem::HasCheckIndicator |
                          QStyleOptionViewItem::HasDisplay | QStyleOptionViewItem::HasDecoration;
        option.text = item->text();
        option.decorationSize = m_list->iconSize();
        return m_list->style()
            ->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, m_list)
            .center();
    }

    SampleListModel m_model;
    SampleFilterModel m_filter;
    std::unique_ptr<SampleFilterPanel> m_panel; // after the application exists
    QListWidget* m_list = nullptr;
};

// A click on a class's name toggled nothing: only the small check box did.
TEST_F(SampleFilterPanelTest, ClickingAClassNameTogglesItsFilter)
{
    QListWidgetItem* scratch = m_list->item(1);
    const QRect row = m_list->visualItemRect(scratch);
    const QPoint name(row.right() - 10, row.center().y());
    clickAt(name);
    EXPECT_EQ(scratch->checkState(), Qt::Checked);
    EXPECT_EQ(m_filter.classFilter(), 1u << 1);
    clickAt(name);
    EXPECT_EQ(scratch->checkState(), Qt::Unchecked);
    EXPECT_EQ(m_filter.classFilter(), 0u);
}

// The check box itself still toggles once per click, not twice.
TEST_F(SampleFilterPanelTest, TheCheckBoxTogglesOncePerClick)
{
    QListWidgetItem* pit = m_list->item(0);
    clickAt(checkBoxOf(pit));
    EXPECT_EQ(pit->checkState(), Qt::Checked);
    EXPECT_EQ(m_filter.classFilter(), 1u << 0);
    clickAt(checkBoxOf(pit));
    EXPECT_EQ(pit->checkState(), Qt::Unchecked);
}

} // namespace
} // namespace dwb
