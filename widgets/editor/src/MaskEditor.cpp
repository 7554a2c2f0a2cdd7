#include "dwb/widgets/MaskEditor.h"

#include "MatImage.h"

#include "dwb/imaging/EditableSample.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/widgets/MaskDocument.h"
#include "dwb/widgets/MaskEditCommand.h"
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

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace dwb {
namespace {

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
    , m_sampleLabel(new QLabel)
{
    m_canvas->setDocument(m_document);
    buildToolBar();
    buildReviewActions();
    buildShortcuts();
    // The sample being edited, at the tool bar's end.
    auto* spacer = new QWidget;
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_bar->addWidget(spacer);
    m_sampleLabel->setContentsMargins(6, 0, 6, 0);
    m_bar->addWidget(m_sampleLabel);

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
    auto sample = loadEditableSample(*m_project, sampleId);
    if (!sample)
        return failed(QString::fromStdString(sample.error().message));
    const cv::Mat& image = sample->image;
    // Classes may have been added since (an import, another panel).
    m_classes = std::move(sample->classes);
    buildClassControls();

    m_undoStack->clear();
    m_undoStack->setUndoLimit(m_undoLimit);
    m_sampleId = sampleId;
    m_sampleName = QString::fromStdString(sample->record.name);
    m_sampleLabel->setText(tr("<b>%1</b> · %2 × %3")
                               .arg(m_sampleName.toHtmlEscaped())
                               .arg(image.cols)
                               .arg(image.rows));
    m_document->setMask(classMaskImage(sample->mask));
    m_canvas->setImage(displayImage(image));
    // Every sample opens whole, whatever the zoom the last one was left at.
    m_canvas->fitToWindow();
    refreshHistory();
    setPredictionLayer({});
    loadReviewState();
    return true;
}

QString MaskEditor::sampleCaption() const
{
    return m_sampleLabel->text();
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
                    tr("The mask of %1 has unsaved edits.").arg(m_sampleName),
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

void MaskEditor::closeSample()
{
    m_undoStack->clear();
    m_sampleId = 0;
    m_sampleName.clear();
    m_sampleLabel->clear();
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
