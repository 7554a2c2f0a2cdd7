#include "dwb/widgets/ProjectContext.h"

#include <QFileInfo>

#include <algorithm>

namespace dwb {

ProjectContext::ProjectContext(QObject* parent)
    : QObject(parent)
{
}

ProjectContext::~ProjectContext() = default;

Status ProjectContext::open(const QString& path)
{
    auto project = ProjectDb::open(path.toStdString());
    if (!project)
        return std::unexpected(project.error());
    auto classes = project->classes();
    if (!classes)
        return std::unexpected(classes.error());
    close();
    m_db = std::make_unique<ProjectDb>(std::move(*project));
    m_path = QFileInfo(path).absoluteFilePath();
    m_classes = std::move(*classes);
    emit opened();
    return {};
}

void ProjectContext::close()
{
    if (!m_db)
        return;
    emit aboutToClose();
    m_db.reset();
    m_path.clear();
    m_classes.clear();
    emit closed();
}

Result<ProjectDb> ProjectContext::connect(const QString& path, ProjectDb::Access access)
{
    if (path.isEmpty())
        return fail(ErrorCode::InvalidArgument, "no project is open");
    return ProjectDb::connect(path.toStdString(), access);
}

Status ProjectContext::reloadClasses()
{
    if (!m_db)
        return {};
    auto classes = m_db->classes();
    if (!classes)
        return std::unexpected(classes.error());
    const bool same =
        classes->size() == m_classes.size() &&
        std::equal(classes->begin(), classes->end(), m_classes.begin(),
                   [](const ClassInfo& a, const ClassInfo& b) {
                       return a.bit == b.bit && a.name == b.name && a.color == b.color;
                   });
    m_classes = std::move(*classes);
    if (!same)
        emit classesChanged();
    return {};
}

} // namespace dwb
