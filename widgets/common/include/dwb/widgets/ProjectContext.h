#pragma once

#include "dwb/core/Error.h"
#include "dwb/storage/ProjectDb.h"
#include "dwb/storage/ProjectTypes.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace dwb {

// The open project, shared by every page: its path, its classes and the GUI thread's connection.
// Pages receive the context instead of opening files; workers ask it for connections of their
// own. Whoever changes the project tells the context, and every page hears of it.
class ProjectContext : public QObject {
    Q_OBJECT

public:
    explicit ProjectContext(QObject* parent = nullptr);
    ~ProjectContext() override;

    // Opens `path` (file check and migration, once) and makes it the current project; emits
    // opened(). On failure the current project stays open.
    Status open(const QString& path);
    // Closes the current project, if any: aboutToClose() while db() is still valid, then
    // closed().
    void close();

    bool isOpen() const { return m_db != nullptr; }
    // Absolute; empty when no project is open.
    QString path() const { return m_path; }
    const std::vector<ClassInfo>& classes() const { return m_classes; }
    // The GUI thread's connection; nullptr when no project is open. Never hand it to a worker.
    ProjectDb* db() const { return m_db.get(); }

    // A connection for a worker thread (read-only where the worker only reads). Callable from
    // any thread with a path taken on the GUI thread; fails when nothing is open there.
    static Result<ProjectDb> connect(const QString& path, ProjectDb::Access access);
    Result<ProjectDb> connect(ProjectDb::Access access) const { return connect(m_path, access); }

    // Announcements from whoever changed the project.
    void notifySampleChanged(qint64 sampleId) { emit sampleChanged(sampleId); }
    void notifySamplesAdded() { emit samplesAdded(); }
    void notifyRunsChanged() { emit runsChanged(); }
    void notifyEvaluationsChanged() { emit evaluationsChanged(); }
    // Re-reads the classes and emits classesChanged() when they differ.
    Status reloadClasses();

signals:
    void opened();
    // Let go of db() now: it is destroyed right after.
    void aboutToClose();
    void closed();
    void classesChanged();
    // A sample's mask or flags changed (a save, an accepted prediction).
    void sampleChanged(qint64 sampleId);
    // Samples were added (an import, synthetic samples).
    void samplesAdded();
    // A training run was created, advanced or finished.
    void runsChanged();
    // An evaluation stored new metrics or cached predictions.
    void evaluationsChanged();

private:
    std::unique_ptr<ProjectDb> m_db;
    QString m_path;
    std::vector<ClassInfo> m_classes;
};

} // namespace dwb
