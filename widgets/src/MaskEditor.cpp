#include "dwb/widgets/MaskEditor.h"

#include "MatImage.h"

#include "dwb/storage/ProjectDb.h"
#include "dwb/widgets/MaskDocument.h"
#include "dwb/widgets/MaskEditCommand.h"
#include "dwb/widgets/MaskHistoryPanel.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QFile>
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

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace dwb {
namespace {

constexpr int kMaxDiameter = 256;
constexpr int kDefaultOpacity = 140;

// An 8-bit grey or colour image for display (OpenCV decodes colour as BGR).
QImage displayImage(const cv::Mat& image)
{
    if (image.channels() == 1)
        return QImage(image.data, image.cols, image.rows, static_cast<qsizetype>(image.step),
                      QImage::Format_Grayscale8)
            .copy();
    cv::Mat rgb;
    cv::cvtColor(image, rgb, image.channels() == 4 ? cv::COLOR_BGRA2RGB : cv::COLOR_BGR2RGB);
    return QImage(rgb.data, rgb.cols, rgb.rows, static_cast<qsizetype>(rgb.step),
                  QImage::Format_RGB888)
        .copy();
}

QIcon colourIcon(const std::string& colour)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(QColor(QString::fromStdString(colour)));
    return QIcon(pixmap);
}

// The application's icon resources; without them (in tests) buttons show their text.
QIcon appIcon(const char* name)
{
    const QString path = QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name));
    return QFile::exists(path) ? QIcon(path) : QIcon();
}

// Image paths are stored absolute; a relative one is taken relative to the project file.
std::filesystem::path imagePath(const ProjectDb& project, const std::string& stored)
{
    const std::filesystem::path path(stored);
    return path.is_absolute() ? path : project.path().parent_path() / path;
}

} // namespace

MaskEditor::MaskEditor(QWidget* parent)
    : QWidget(parent)
    , m_document(new MaskDocument(this))
    , m_undoStack(new QUndoStack(this))
    , m_canvas(new ImageCanvas)
    , m_bar(new QToolBar)
    , m_tools(new QActionGroup(this))
    , m_size(new QSpinBox)
    , m_class(new QComboBox)
    , m_opacity(new QSlider(Qt::Horizontal))
    , m_visibility(new QToolButton)
    , m_history(new MaskHistoryPanel)
{
    m_canvas->setDocument(m_document);
    buildToolBar();
    buildReviewActions();
    buildShortcuts();

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(m_canvas);
    splitter->addWidget(m_history);
    splitter->setStretchFactor(0, 1);
    splitter->setCollapsible(0, false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_bar);
    layout->addWidget(splitter, 1);

    connect(m_canvas, &ImageCanvas::strokeStarted, this, [this](QPoint pixel, bool erase) {
        if (currentClass() >= 0)
            m_document->beginStroke(pixel, brushDiameter(), currentClass(), erase);
    });
    connect(m_canvas, &ImageCanvas::strokeMoved, m_document, &MaskDocument::extendStroke);
    connect(m_canvas, &ImageCanvas::strokeFinished, this, &MaskEditor::finishStroke);
    connect(m_canvas, &ImageCanvas::fillRequested, this, [this](QPoint pixel, bool erase) {
        if (currentClass() >= 0)
            pushEdit(m_document->floodFill(pixel, currentClass(), erase));
    });
    connect(m_canvas, &ImageCanvas::polygonCompleted, this,
            [this](const QPolygon& pixels, bool erase) {
                if (currentClass() >= 0)
                    pushEdit(m_document->fillPolygon(pixels, currentClass(), erase));
            });
    connect(m_undoStack, &QUndoStack::cleanChanged, this, [this](bool clean) {
        m_save->setEnabled(!clean);
        emit modifiedChanged(!clean);
    });
    connect(m_history, &MaskHistoryPanel::revertRequested, this, &MaskEditor::revertToRevision);
}

MaskEditor::~MaskEditor()
{
    // The commands point into the document; drop them first.
    m_undoStack->clear();
}

void MaskEditor::setProject(ProjectDb* project)
{
    closeSample();
    m_project = project;
    m_classes.clear();
    if (m_project) {
        if (auto classes = m_project->classes())
            m_classes = std::move(*classes);
    }
    buildClassControls();
}

bool MaskEditor::openSample(qint64 sampleId)
{
    if (!maybeSave())
        return false;
    if (!m_project)
        return false;
    auto failed = [this](const QString& message) {
        closeSample();
        showError(tr("Cannot open the sample"), message);
        return false;
    };
    auto record = m_project->sample(sampleId);
    if (!record)
        return failed(QString::fromStdString(record.error().message));
    const std::filesystem::path path = imagePath(*m_project, record->imagePath);
    const cv::Mat image = cv::imread(path.string(), cv::IMREAD_ANYCOLOR);
    if (image.empty())
        return failed(tr("Cannot read the image %1").arg(QString::fromStdString(path.string())));
    auto mask = m_project->mask(sampleId);
    if (!mask)
        return failed(QString::fromStdString(mask.error().message));
    if (mask->size() != image.size())
        return failed(tr("The mask is %1 × %2 pixels but the image is %3 × %4")
                          .arg(mask->cols)
                          .arg(mask->rows)
                          .arg(image.cols)
                          .arg(image.rows));
    // Classes may have been added since (an import, another panel).
    if (auto classes = m_project->classes()) {
        m_classes = std::move(*classes);
        buildClassControls();
    }

    const bool sameSize = m_canvas->image().size() == QSize(image.cols, image.rows);
    m_undoStack->clear();
    m_undoStack->setUndoLimit(m_undoLimit);
    m_sampleId = sampleId;
    m_document->setMask(classMaskImage(*mask));
    m_canvas->setImage(displayImage(image));
    if (!sameSize)
        m_canvas->fitToWindow();
    refreshHistory();
    setPredictionLayer({});
    loadReviewState();
    return true;
}

bool MaskEditor::isModified() const
{
    return !m_undoStack->isClean();
}

bool MaskEditor::maybeSave()
{
    finishStroke();
    if (!isModified())
        return true;
    switch (m_policy) {
    case UnsavedChangesPolicy::Save:
        return save();
    case UnsavedChangesPolicy::Discard:
        return true;
    case UnsavedChangesPolicy::Ask:
        break;
    }
    QMessageBox box(QMessageBox::Warning, tr("Unsaved mask edits"),
                    tr("The mask of this sample has unsaved edits."),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setInformativeText(tr("Save them as a new revision?"));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return save();
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

bool MaskEditor::save()
{
    finishStroke();
    if (!m_project || m_document->isNull())
        return false;
    // Stored in the project, which may be shared: the same words in every interface language.
    const std::string note = "edited in the mask editor";
    auto revision = m_project->addMaskRevision(m_sampleId, classMaskView(m_document->mask()), note);
    if (!revision) {
        showError(tr("Cannot save the mask"), QString::fromStdString(revision.error().message));
        return false;
    }
    m_undoStack->setClean();
    refreshHistory();
    emit sampleSaved(m_sampleId, *revision);
    return true;
}

bool MaskEditor::revertToRevision(int revision)
{
    finishStroke();
    if (!m_project || m_document->isNull())
        return false;
    auto mask = m_project->mask(m_sampleId, revision);
    if (!mask) {
        showError(tr("Cannot load the revision"), QString::fromStdString(mask.error().message));
        return false;
    }
    pushEdit(m_document->replace(classMaskImage(*mask), tr("Revert to revision %1").arg(revision)));
    return true;
}

void MaskEditor::setUndoLimit(int limit)
{
    m_undoLimit = std::max(limit, 0);
    if (m_undoStack->count() == 0)
        m_undoStack->setUndoLimit(m_undoLimit);
}

bool MaskEditor::setCurrentClass(int bit)
{
    const int index = m_class->findData(bit);
    if (index < 0)
        return false;
    m_class->setCurrentIndex(index);
    return true;
}

int MaskEditor::currentClass() const
{
    return m_class->currentIndex() < 0 ? -1 : m_class->currentData().toInt();
}

void MaskEditor::setTool(ImageCanvas::Tool tool)
{
    if (QAction* action = toolAction(tool))
        action->setChecked(true);
    m_canvas->setTool(tool);
}

void MaskEditor::setBrushDiameter(int diameter)
{
    m_size->setValue(diameter);
}

int MaskEditor::brushDiameter() const
{
    return m_size->value();
}

QImage MaskEditor::mask() const
{
    return m_document->mask();
}

QAction* MaskEditor::toolAction(ImageCanvas::Tool tool) const
{
    const auto actions = m_tools->actions();
    const auto found = std::find_if(actions.begin(), actions.end(), [tool](const QAction* action) {
        return action->data().toInt() == static_cast<int>(tool);
    });
    return found == actions.end() ? nullptr : *found;
}

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
        const QIcon icon = colourIcon(info.color);
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

void MaskEditor::closeSample()
{
    m_undoStack->clear();
    m_sampleId = 0;
    m_document->clear();
    m_canvas->setImage(QImage());
    m_history->clear();
    setPredictionLayer({});
    loadReviewState();
}

void MaskEditor::refreshHistory()
{
    m_history->clear();
    if (!m_project || m_sampleId == 0)
        return;
    if (auto revisions = m_project->maskRevisions(m_sampleId))
        m_history->setRevisions(*revisions);
}

void MaskEditor::showError(const QString& title, const QString& message)
{
    QMessageBox::warning(this, title, message);
}

void MaskEditor::pushEdit(std::unique_ptr<MaskEditCommand> command)
{
    if (command)
        m_undoStack->push(command.release());
}

void MaskEditor::finishStroke()
{
    pushEdit(m_document->finishStroke());
}

void MaskEditor::stepBrushDiameter(int direction)
{
    const int diameter = m_size->value();
    m_size->setValue(diameter + direction * std::max(1, diameter / 10));
}

} // namespace dwb
