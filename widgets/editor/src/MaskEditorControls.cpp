// The mask editor's controls: the tool bar, the view and edit actions, the shortcuts and the class
// list.

#include "dwb/widgets/MaskDocument.h"

#include "dwb/widgets/MaskEditCommand.h"
#include "dwb/widgets/MaskEditor.h"
#include "dwb/widgets/MaskHistoryPanel.h"
#include "dwb/widgets/UiHelpers.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPixmap>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

namespace dwb {
namespace {

constexpr int kMaxDiameter = 256;
constexpr int kDefaultOpacity = 140;

} // namespace

void MaskEditor::buildToolBar()
{
    struct ToolEntry {
        ImageCanvas::Tool tool;
        QString text;
        QKeySequence key;
        const char* icon;
    };
    const ToolEntry entries[] = {
        {ImageCanvas::Tool::Brush, tr("Brush"), QKeySequence(Qt::Key_B), "brush"},
        {ImageCanvas::Tool::Eraser, tr("Eraser"), QKeySequence(Qt::Key_E), "eraser"},
        {ImageCanvas::Tool::Fill, tr("Fill"), QKeySequence(Qt::Key_F), "fill"},
        {ImageCanvas::Tool::Polygon, tr("Polygon"), QKeySequence(Qt::Key_P), "polygon"},
    };
    for (const ToolEntry& entry : entries) {
        QAction* action = m_tools->addAction(appIcon(entry.icon), entry.text);
        action->setCheckable(true);
        action->setChecked(entry.tool == m_canvas->tool());
        action->setData(static_cast<int>(entry.tool));
        action->setShortcut(entry.key);
        action->setToolTip(tr("%1 (%2)").arg(entry.text, entry.key.toString()));
        const ImageCanvas::Tool tool = entry.tool;
        connect(action, &QAction::triggered, this, [this, tool] { m_canvas->setTool(tool); });
        m_bar->addAction(action);
    }
    m_bar->addSeparator();
    buildViewControls();
    m_bar->addSeparator();
    buildEditActions();
}

void MaskEditor::buildViewControls()
{
    m_size->setRange(1, kMaxDiameter);
    m_size->setValue(m_canvas->brushDiameter());
    m_size->setToolTip(tr("Brush diameter in pixels ([ and ])"));
    connect(m_size, &QSpinBox::valueChanged, m_canvas, &ImageCanvas::setBrushDiameter);
    m_bar->addWidget(new QLabel(tr("Size")));
    m_bar->addWidget(m_size);

    m_class->setToolTip(tr("The class that tools paint (1-9)"));
    m_class->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_bar->addWidget(new QLabel(tr("Class")));
    m_bar->addWidget(m_class);

    m_opacity->setRange(0, 255);
    m_opacity->setValue(kDefaultOpacity);
    m_opacity->setMaximumWidth(120);
    m_opacity->setToolTip(tr("Mask opacity"));
    m_canvas->setOverlayOpacity(kDefaultOpacity);
    connect(m_opacity, &QSlider::valueChanged, m_canvas, &ImageCanvas::setOverlayOpacity);
    m_bar->addWidget(new QLabel(tr("Opacity")));
    m_bar->addWidget(m_opacity);

    m_outline = m_bar->addAction(tr("Outline"));
    m_outline->setCheckable(true);
    m_outline->setToolTip(tr("Draw only the outlines of the classes"));
    connect(m_outline, &QAction::toggled, m_canvas, &ImageCanvas::setOutlineMode);

    m_visibility->setText(tr("Classes"));
    m_visibility->setToolTip(tr("Show or hide classes"));
    m_visibility->setPopupMode(QToolButton::InstantPopup);
    m_visibility->setMenu(new QMenu(m_visibility));
    m_bar->addWidget(m_visibility);
    m_bar->addSeparator();

    QAction* fit =
        m_bar->addAction(appIcon("zoom-fit"), tr("Fit"), m_canvas, &ImageCanvas::fitToWindow);
    fit->setToolTip(tr("Fit the image to the window (Ctrl+0)"));
    fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    QAction* actual = m_bar->addAction(appIcon("zoom-original"), tr("1:1"), m_canvas,
                                       &ImageCanvas::zoomToActualSize);
    actual->setToolTip(tr("One screen pixel per image pixel (Ctrl+Alt+0)"));
    actual->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_0));
    for (QAction* action : {fit, actual})
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
}

void MaskEditor::buildEditActions()
{
    // Own actions rather than the stack's, so that a stroke in progress ends before undoing.
    m_undo = m_bar->addAction(appIcon("undo"), tr("Undo"), this, [this] {
        finishStroke();
        m_undoStack->undo();
    });
    m_undo->setShortcut(QKeySequence::Undo);
    m_undo->setEnabled(false);
    connect(m_undoStack, &QUndoStack::canUndoChanged, m_undo, &QAction::setEnabled);
    m_redo = m_bar->addAction(appIcon("redo"), tr("Redo"), this, [this] {
        finishStroke();
        m_undoStack->redo();
    });
    m_redo->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    m_redo->setEnabled(false);
    connect(m_undoStack, &QUndoStack::canRedoChanged, m_redo, &QAction::setEnabled);
    connect(m_undoStack, &QUndoStack::undoTextChanged, this,
            [this](const QString& text) { m_undo->setToolTip(tr("Undo %1").arg(text)); });
    connect(m_undoStack, &QUndoStack::redoTextChanged, this,
            [this](const QString& text) { m_redo->setToolTip(tr("Redo %1").arg(text)); });

    m_save = m_bar->addAction(appIcon("save"), tr("Save"), this, &MaskEditor::save);
    m_save->setShortcut(QKeySequence::Save);
    m_save->setToolTip(tr("Save the mask as a new revision"));
    m_save->setEnabled(false);
}

void MaskEditor::buildShortcuts()
{
    auto addShortcuts = [this](const QList<QKeySequence>& keys, auto slot) {
        auto* action = new QAction(this);
        action->setShortcuts(keys);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
    };
    addShortcuts({QKeySequence(Qt::Key_BracketLeft)}, [this] { stepBrushDiameter(-1); });
    addShortcuts({QKeySequence(Qt::Key_BracketRight)}, [this] { stepBrushDiameter(1); });
    for (int i = 0; i < 9; ++i)
        addShortcuts({QKeySequence(Qt::Key_1 + i)}, [this, i] {
            if (i < m_class->count())
                m_class->setCurrentIndex(i);
        });
    addShortcuts({QKeySequence(Qt::Key_PageUp), QKeySequence(Qt::ALT | Qt::Key_Left)},
                 [this] { emit previousSampleRequested(); });
    addShortcuts({QKeySequence(Qt::Key_PageDown), QKeySequence(Qt::ALT | Qt::Key_Right)},
                 [this] { emit nextSampleRequested(); });

    // The tool bar's actions answer their keys wherever the focus is inside the editor.
    for (QAction* action : m_bar->actions())
        if (!action->shortcuts().isEmpty())
            addAction(action);
    for (QAction* action : actions())
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
}

void MaskEditor::buildClassControls()
{
    const int previous = currentClass();
    m_class->clear();
    QMenu* menu = m_visibility->menu();
    menu->clear();
    for (std::size_t i = 0; i < m_classes.size(); ++i) {
        const ClassInfo& info = m_classes[i];
        const QString name = QString::fromStdString(info.name);
        const QIcon icon = classSwatch(info.color);
        m_class->addItem(icon, i < 9 ? tr("%1 %2").arg(i + 1).arg(name) : name, info.bit);
        QAction* shown = menu->addAction(icon, name);
        shown->setCheckable(true);
        shown->setChecked(m_canvas->isClassVisible(info.bit));
        const int bit = info.bit;
        connect(shown, &QAction::toggled, m_canvas,
                [this, bit](bool visible) { m_canvas->setClassVisible(bit, visible); });
    }
    if (previous < 0 || !setCurrentClass(previous))
        m_class->setCurrentIndex(m_classes.empty() ? -1 : 0);
    m_visibility->setEnabled(!m_classes.empty());
    m_canvas->setClasses(m_classes);
}

} // namespace dwb
