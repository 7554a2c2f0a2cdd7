#include "ProjectStatusLabel.h"

#include "dwb/dataset/ProjectSummary.h"
#include "dwb/widgets/ProjectContext.h"

namespace dwb {

ProjectStatusLabel::ProjectStatusLabel(ProjectContext* context, QWidget* parent)
    : QLabel(parent)
    , m_context(context)
{
    setTextFormat(Qt::RichText);
    for (auto signal : {&ProjectContext::opened, &ProjectContext::closed,
                        &ProjectContext::classesChanged, &ProjectContext::samplesAdded})
        connect(m_context, signal, this, &ProjectStatusLabel::refresh);
    connect(m_context, &ProjectContext::sampleChanged, this, &ProjectStatusLabel::refresh);
    refresh();
}

void ProjectStatusLabel::refresh()
{
    if (!m_context->isOpen()) {
        setText(tr("No project open"));
        return;
    }
    auto summary = summarizeProject(*m_context->db());
    if (!summary) {
        setText(QString::fromStdString(summary.error().message));
        return;
    }
    QStringList parts;
    parts << tr("%n sample(s)", nullptr, static_cast<int>(summary->samples));
    for (const auto& c : summary->classes)
        parts << QStringLiteral("<span style=\"color:%1\">&#9632;</span> %2 %3")
                     .arg(QString::fromStdString(c.info.color),
                          QString::fromStdString(c.info.name).toHtmlEscaped())
                     .arg(c.samples);
    parts << tr("defect-free %1").arg(summary->defectFree);
    parts << tr("train %1 · val %2 · test %3")
                 .arg(summary->perSplit[1])
                 .arg(summary->perSplit[2])
                 .arg(summary->perSplit[3]);
    setText(parts.join(QStringLiteral("&emsp;")));
}

} // namespace dwb
