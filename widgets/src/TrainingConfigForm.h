#pragma once

#include "dwb/train/TrainingConfig.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QSpinBox;

namespace dwb {

// The knobs of a training run. Knobs the form does not show (betas, positive weights, the
// threshold, ...) come from the chosen preset unchanged.
class TrainingConfigForm : public QWidget {
    Q_OBJECT

public:
    enum class Preset { Default = 0, MagneticTile = 1 };

    explicit TrainingConfigForm(QWidget* parent = nullptr);

    TrainingConfig config() const;
    void setConfig(const TrainingConfig& config);
    void applyPreset(Preset preset);
    // Validation needs the project's class count (positive weights are per class).
    void setClassCount(int classes);

    bool isValid() const { return m_valid; }
    QString validationMessage() const;

signals:
    void changed();

private:
    void buildFields();
    void validate();

    TrainingConfig m_base;
    int m_classes = 0;
    bool m_valid = false;
    bool m_loading = false;

    QComboBox* m_preset = nullptr;
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_batch = nullptr;
    QDoubleSpinBox* m_learningRate = nullptr;
    QCheckBox* m_autoSize = nullptr;
    QSpinBox* m_height = nullptr;
    QSpinBox* m_width = nullptr;
    QSpinBox* m_pool = nullptr;
    QComboBox* m_schedule = nullptr;
    QDoubleSpinBox* m_lambdaStart = nullptr;
    QDoubleSpinBox* m_lambdaEnd = nullptr;
    QSpinBox* m_threads = nullptr;
    QComboBox* m_device = nullptr;
    QGroupBox* m_augment = nullptr;
    QSpinBox* m_augmentEvery = nullptr;
    QSpinBox* m_augmentCount = nullptr;
    QSpinBox* m_seed = nullptr;
    QLabel* m_error = nullptr;
};

} // namespace dwb
