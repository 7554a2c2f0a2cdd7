#pragma once

#include "dwb/storage/ProjectTypes.h"
#include "dwb/widgets/ImageCanvas.h"

#include <QImage>
#include <QWidget>

#include <functional>
#include <memory>
#include <vector>

class QAction;
class QActionGroup;
class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;
class QToolBar;
class QToolButton;
class QUndoStack;

namespace dwb {

class MaskDocument;
class MaskEditCommand;
class MaskHistoryPanel;
class ProjectDb;

// Edits one sample's class mask: the canvas, a tool bar (tools, brush size, class, opacity,
// outline, per-class visibility, undo and redo, save) and the sample's revision history. Every
// edit is one command on the undo stack; saving appends a new mask revision to the project and
// never overwrites one.
//
// Keys: B, E, F, P tools; [ and ] brush size; 1-9 class; Ctrl+Z undo; Ctrl+Shift+Z and Ctrl+Y
// redo; Ctrl+S save; PgUp / Alt+Left and PgDn / Alt+Right previous and next sample.
class MaskEditor : public QWidget {
    Q_OBJECT

public:
    // What maybeSave() does with unsaved edits.
    enum class UnsavedChangesPolicy { Ask, Save, Discard };
    Q_ENUM(UnsavedChangesPolicy)

    explicit MaskEditor(QWidget* parent = nullptr);
    ~MaskEditor() override;

    // The project whose samples are edited; not owned. nullptr (or a new project) closes the
    // sample without asking, so call maybeSave() first.
    void setProject(ProjectDb* project);
    ProjectDb* project() const { return m_project; }

    // Loads the sample's image and latest mask, after maybeSave(). False when the user cancels
    // or the sample cannot be loaded (a message says why, and the editor is left empty).
    bool openSample(qint64 sampleId);
    qint64 sampleId() const { return m_sampleId; }
    // The open sample's name; empty when none is open.
    QString sampleName() const { return m_sampleName; }
    // What the tool bar says of the open sample (its name and size).
    QString sampleCaption() const;
    // Unsaved edits exist.
    bool isModified() const;
    // With unsaved edits, saves or discards them as the policy says (by default it asks);
    // false when the user cancels or saving fails.
    bool maybeSave();
    // Appends the mask as a new revision and marks the edits saved; false on failure.
    bool save();
    // Loads an earlier revision's mask as a new, undoable edit.
    bool revertToRevision(int revision);

    // Asks the user to confirm an edit that erases labels (a QMessageBox by default); tests
    // answer for the user. Returns true to go ahead.
    using Confirmation = std::function<bool(const QString& title, const QString& text)>;
    void setConfirmation(Confirmation confirm) { m_confirm = std::move(confirm); }

    void setUnsavedChangesPolicy(UnsavedChangesPolicy policy) { m_policy = policy; }
    UnsavedChangesPolicy unsavedChangesPolicy() const { return m_policy; }
    // The number of undo steps kept (0: unlimited). The stack only accepts a new limit while
    // empty, so a limit set during edits applies from the next sample on.
    void setUndoLimit(int limit);
    int undoLimit() const { return m_undoLimit; }

    // The class (mask bit) that tools paint; false when no class has that bit.
    bool setCurrentClass(int bit);
    int currentClass() const;
    void setTool(ImageCanvas::Tool tool);
    void setBrushDiameter(int diameter);
    int brushDiameter() const;

    // The mask being edited (Format_Grayscale16, bit c = class c); null when no sample is open.
    QImage mask() const;
    QUndoStack* undoStack() const { return m_undoStack; }
    ImageCanvas* canvas() const { return m_canvas; }
    MaskHistoryPanel* history() const { return m_history; }
    QAction* toolAction(ImageCanvas::Tool tool) const;

    // ---- Review of a model's prediction (MaskEditorReview.cpp) ----
    // A model's prediction for the open sample (Format_Grayscale16, bit c = class c, the image's
    // size), drawn as an outline of the current class in a contrasting colour over the mask. An
    // empty image, or one of another size, clears it; opening or closing a sample clears it too.
    void setPredictionLayer(const QImage& classMask);
    const QImage& predictionLayer() const { return m_prediction; }
    // For the current class: sets its bit where the prediction has it and clears it elsewhere,
    // as one undoable edit; false when there is nothing to accept or nothing changes.
    bool acceptPrediction();
    // Clears the current class everywhere as one undoable edit; false when nothing changes.
    bool markAsBackground();
    // Flags the open sample as ambiguous in the project (not undoable); false on failure.
    bool setAmbiguous(bool ambiguous);
    bool isAmbiguous() const;
    // Saves the mask as a new revision (Ctrl+S); enabled while there are unsaved edits.
    QAction* saveAction() const { return m_save; }
    QAction* showPredictionAction() const { return m_showPrediction; }
    QAction* acceptPredictionAction() const { return m_acceptPrediction; }
    QAction* markAsBackgroundAction() const { return m_markBackground; }
    QAction* ambiguousAction() const { return m_ambiguous; }

signals:
    void sampleSaved(qint64 sampleId, int revision);
    // The open sample's Ambiguous flag was stored.
    void ambiguousChanged(qint64 sampleId, bool ambiguous);
    void modifiedChanged(bool modified);
    void previousSampleRequested();
    void nextSampleRequested();

private:
    void buildToolBar();
    void buildViewControls();
    void buildEditActions();
    void buildShortcuts();
    void buildClassControls();
    void buildReviewActions();
    void renderPrediction();
    void loadReviewState();
    void closeSample();
    void refreshHistory();
    void showError(const QString& title, const QString& message);
    void pushEdit(std::unique_ptr<MaskEditCommand> command);
    void finishStroke();
    void stepBrushDiameter(int direction);

    ProjectDb* m_project = nullptr;
    qint64 m_sampleId = 0;
    QString m_sampleName;
    std::vector<ClassInfo> m_classes;
    UnsavedChangesPolicy m_policy = UnsavedChangesPolicy::Ask;
    Confirmation m_confirm;
    int m_undoLimit = 0;

    MaskDocument* m_document;
    QUndoStack* m_undoStack;
    ImageCanvas* m_canvas;
    QToolBar* m_bar;
    QActionGroup* m_tools;
    QSpinBox* m_size;
    QComboBox* m_class;
    QSlider* m_opacity;
    QAction* m_outline;
    QAction* m_undo;
    QAction* m_redo;
    QAction* m_save;
    QToolButton* m_visibility;
    MaskHistoryPanel* m_history;
    QLabel* m_sampleLabel;
    QImage m_prediction;
    QAction* m_showPrediction = nullptr;
    QAction* m_acceptPrediction = nullptr;
    QAction* m_markBackground = nullptr;
    QAction* m_ambiguous = nullptr;
};

} // namespace dwb
