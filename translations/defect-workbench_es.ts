<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>dwb::MainWindow</name>
    <message>
        <source>Defect Workbench</source>
        <translation>Defect Workbench</translation>
    </message>
    <message>
        <source>Search samples by name</source>
        <translation>Buscar muestras por nombre</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>&amp;Abrir proyecto…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Abrir &amp;reciente</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About Defect Workbench</source>
        <translation>&amp;Acerca de Defect Workbench</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>Abrir proyecto</translation>
    </message>
    <message>
        <source>Defect Workbench projects (*.dwb);;All files (*)</source>
        <translation>Proyectos de Defect Workbench (*.dwb);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>No se puede abrir el proyecto</translation>
    </message>
    <message>
        <source>The project could not be opened:
%1</source>
        <translation>No se ha podido abrir el proyecto:
%1</translation>
    </message>
    <message>
        <source>%1 — Defect Workbench</source>
        <translation>%1 — Defect Workbench</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>Ningún proyecto abierto</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s)</source>
        <translation>
            <numerusform>%n muestra</numerusform>
            <numerusform>%n muestras</numerusform>
        </translation>
    </message>
    <message>
        <source>defect-free %1</source>
        <translation>sin defectos %1</translation>
    </message>
    <message>
        <source>train %1 · val %2 · test %3</source>
        <translation>entrenamiento %1 · validación %2 · prueba %3</translation>
    </message>
    <message>
        <source>About Defect Workbench</source>
        <translation>Acerca de Defect Workbench</translation>
    </message>
    <message>
        <source>&lt;b&gt;Defect Workbench %1&lt;/b&gt;&lt;p&gt;Import, label, augment, train and review surface-defect datasets.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Defect Workbench %1&lt;/b&gt;&lt;p&gt;Importa, etiqueta, aumenta, entrena y revisa conjuntos de datos de defectos superficiales.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Open a project to see its samples</source>
        <translation>Abra un proyecto para ver sus muestras</translation>
    </message>
    <message>
        <source>This project has no samples yet</source>
        <translation>Este proyecto aún no tiene muestras</translation>
    </message>
    <message>
        <source>Cannot read %1</source>
        <translation>No se puede leer %1</translation>
    </message>
    <message>
        <source>%1 — revision %2</source>
        <translation>%1 — revisión %2</translation>
    </message>
</context>
<context>
    <name>dwb::SampleListModel</name>
    <message>
        <source>defect-free</source>
        <translation>sin defectos</translation>
    </message>
    <message>
        <source>train</source>
        <translation>entrenamiento</translation>
    </message>
    <message>
        <source>val</source>
        <translation>validación</translation>
    </message>
    <message>
        <source>test</source>
        <translation>prueba</translation>
    </message>
    <message>
        <source>unassigned</source>
        <translation>sin asignar</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Partición</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Clases</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revisión</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Surface-defect dataset, training and review workbench.</source>
        <translation>Banco de trabajo para conjuntos de datos, entrenamiento y revisión de defectos superficiales.</translation>
    </message>
    <message>
        <source>Project file (*.dwb) to open.</source>
        <translation>Archivo de proyecto (*.dwb) que abrir.</translation>
    </message>
    <message>
        <source>Render the window to a PNG file and exit.</source>
        <translation>Dibuja la ventana en un archivo PNG y sale.</translation>
    </message>
</context>
</TS>
