#pragma once

#include "dwb/train/TrainingConfig.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QSpinBox;
class QToolButton;

namespace dwb {

// The knobs of a training run. Knobs the form does not show (betas, positive weights, the
// threshold, ...) come from the chosen preset, or the last setConfig, unchanged. Spin boxes
// accept more than the core does where they can, so that an out-of-range value shows
// validateTrainingConfig's message instead of being clamped silently.
class TrainingConfigForm : public QWidget {
    Q_OBJECT

public:
    // Stored in settings: values only ever grow at the end.
    enum class Preset {
        Recommended = 0,  // TrainingConfig{}: the recipe that trains best within a budget
        MagneticTile = 1, // magneticTileConfig()
        Paper = 2,        // paperConfig()
    };

    // How the training images are cut (TrainingConfig::patchSize): -1, 0 or a side.
    enum class PatchMode { FromData = 0, WholeImages = 1, Crops = 2 };

    explicit TrainingConfigForm(QWidget* parent = nullptr);

    TrainingConfig config() const;
    void setConfig(const TrainingConfig& config);
    void applyPreset(Preset preset);
    static TrainingConfig presetConfig(Preset preset);
    // Validation needs the project's class count (positive weights are per class).
    void setClassCount(int classes);
    // What the project's train split holds: its image count (a batch larger than it earns a
    // warning) and the input size "From the data" gives, which the size fields then show. 0 for
    // unknown.
    void setTrainData(int images, int inputHeight, int inputWidth);
    // The warning shown while the configuration is valid but likely not meant; empty if none.
    QString warningMessage() const { return m_warning; }

    bool isValid() const { return m_valid; }
    QString validationMessage() const;

    // The collapsible group of the less common knobs.
    bool isAdvancedShown() const;
    void setAdvancedShown(bool shown);

signals:
    void changed();

private:
    void buildFields(QFormLayout* form);
    void addRateRows(QFormLayout* form);
    QWidget* buildAdvanced();
    void addPatchRows(QFormLayout* form, QWidget* advanced);
    void addSelectionRows(QFormLayout* form, QWidget* advanced);
    QGroupBox* buildAugmentation();
    void connectFields();
    void updateEnabled();
    void showDataSize();
    void validate();

    TrainingConfig m_base;
    int m_classes = 0;
    int m_trainImages = 0;
    int m_dataHeight = 0;
    int m_dataWidth = 0;
    QString m_warning;
    bool m_valid = false;
    bool m_loading = false;

    QComboBox* m_preset = nullptr;
    QDoubleSpinBox* m_minutes = nullptr;
    QLabel* m_epochsLabel = nullptr;
    QCheckBox* m_epochLimit = nullptr;
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_batch = nullptr;
    QDoubleSpinBox* m_learningRate = nullptr;
    QComboBox* m_lrSchedule = nullptr;
    QDoubleSpinBox* m_warmup = nullptr;
    QCheckBox* m_autoSize = nullptr;
    QSpinBox* m_height = nullptr;
    QSpinBox* m_width = nullptr;
    QComboBox* m_device = nullptr;

    QToolButton* m_advancedToggle = nullptr;
    QWidget* m_advanced = nullptr;
    QSpinBox* m_pool = nullptr;
    QComboBox* m_schedule = nullptr;
    QDoubleSpinBox* m_lambdaStart = nullptr;
    QDoubleSpinBox* m_lambdaEnd = nullptr;
    QComboBox* m_patchMode = nullptr;
    QSpinBox* m_patchSize = nullptr;
    QDoubleSpinBox* m_patchDefectShare = nullptr;
    QDoubleSpinBox* m_cleanShare = nullptr;
    QDoubleSpinBox* m_diceWeight = nullptr;
    QCheckBox* m_selectBest = nullptr;
    QSpinBox* m_patience = nullptr;
    QCheckBox* m_calibrate = nullptr;
    QSpinBox* m_threads = nullptr;
    QSpinBox* m_seed = nullptr;

    QGroupBox* m_augment = nullptr;
    QSpinBox* m_augmentEvery = nullptr;
    QSpinBox* m_augmentSets = nullptr;
    QSpinBox* m_augmentCount = nullptr;
    QLabel* m_error = nullptr;
};

} // namespace dwb
