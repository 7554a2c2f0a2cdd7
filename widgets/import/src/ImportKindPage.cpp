#include "ImportKindPage.h"

#include "dwb/dataset/Importers.h"

#include <QButtonGroup>
#include <QFont>
#include <QLabel>
#include <QRadioButton>
#include <QVBoxLayout>

namespace dwb {

ImportKindPage::ImportKindPage(QWidget* parent)
    : QWizardPage(parent)
    , m_kinds(new QButtonGroup(this))
{
    setTitle(tr("Dataset kind"));
    setSubTitle(tr("Choose how the dataset folder is laid out."));

    struct Choice {
        DatasetKind kind;
        QString name;
        QString description;
    };
    const Choice choices[] = {
        {DatasetKind::MagneticTile, tr("Magnetic Tile folder"),
         tr("The Magnetic Tile defect dataset as published: MT_<Class>/Imgs/ holds each image "
            "with its mask PNG; MT_Free holds the defect-free tiles.")},
        {DatasetKind::Severstal, tr("Severstal folder with train.csv"),
         tr("The Severstal steel defect dataset: train.csv with run-length encoded masks and the "
            "images in train_images/. Images without rows in train.csv are defect-free.")},
        {DatasetKind::LabelFolder, tr("Image and mask label folder"),
         tr("images/ and masks/: one class-index PNG per image (0 is background) or one binary "
            "PNG per class in masks/<class>/. Class names come from classes.txt or the folder "
            "names.")},
        {DatasetKind::Coco, tr("COCO annotations"),
         tr("A folder with annotations.json (or the JSON file itself): images by path relative to "
            "it, one category per class, segmentations as RLE or polygons.")},
        {DatasetKind::YoloSeg, tr("YOLO segmentation folder"),
         tr("images/ with labels/<stem>.txt polygons (class index, then x y pairs scaled to 0-1) "
            "and the class names in data.yaml.")},
    };
    auto* layout = new QVBoxLayout(this);
    for (const Choice& choice : choices) {
        auto* button = new QRadioButton(choice.name, this);
        auto* description = new QLabel(choice.description, this);
        description->setWordWrap(true);
        description->setIndent(24);
        // A caption in the normal text colour, a little smaller: a disabled (grey) label read as
        // an option that cannot be chosen.
        QFont caption = description->font();
        caption.setPointSizeF(caption.pointSizeF() * 0.9);
        description->setFont(caption);
        m_kinds->addButton(button, static_cast<int>(choice.kind));
        layout->addWidget(button);
        layout->addWidget(description);
        layout->addSpacing(8);
    }
    layout->addStretch();
    setKind(DatasetKind::LabelFolder);
}

DatasetKind ImportKindPage::kind() const
{
    return static_cast<DatasetKind>(m_kinds->checkedId());
}

void ImportKindPage::setKind(DatasetKind kind)
{
    if (QAbstractButton* button = m_kinds->button(static_cast<int>(kind)))
        button->setChecked(true);
}

} // namespace dwb
