<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>dwb::ImportKindPage</name>
    <message>
        <source>Dataset kind</source>
        <translation>Tipo de conjunto de datos</translation>
    </message>
    <message>
        <source>Choose how the dataset folder is laid out.</source>
        <translation>Elija cómo está organizada la carpeta del conjunto de datos.</translation>
    </message>
    <message>
        <source>Magnetic Tile folder</source>
        <translation>Carpeta de Magnetic Tile</translation>
    </message>
    <message>
        <source>The Magnetic Tile defect dataset as published: MT_&lt;Class&gt;/Imgs/ holds each image with its mask PNG; MT_Free holds the defect-free tiles.</source>
        <translation>El conjunto de datos de defectos Magnetic Tile tal como se publicó: MT_&lt;Class&gt;/Imgs/ contiene cada imagen con su máscara PNG; MT_Free contiene las piezas sin defectos.</translation>
    </message>
    <message>
        <source>Severstal folder with train.csv</source>
        <translation>Carpeta de Severstal con train.csv</translation>
    </message>
    <message>
        <source>The Severstal steel defect dataset: train.csv with run-length encoded masks and the images in train_images/. Images without rows in train.csv are defect-free.</source>
        <translation>El conjunto de datos de defectos en acero de Severstal: train.csv con las máscaras codificadas por longitud de serie (RLE) y las imágenes en train_images/. Las imágenes sin filas en train.csv no tienen defectos.</translation>
    </message>
    <message>
        <source>Image and mask label folder</source>
        <translation>Carpeta de imágenes y máscaras de etiquetas</translation>
    </message>
    <message>
        <source>images/ and masks/: one class-index PNG per image (0 is background) or one binary PNG per class in masks/&lt;class&gt;/. Class names come from classes.txt or the folder names.</source>
        <translation>images/ y masks/: un PNG de índices de clase por imagen (0 es el fondo) o un PNG binario por clase en masks/&lt;class&gt;/. Los nombres de las clases se toman de classes.txt o de los nombres de las carpetas.</translation>
    </message>
</context>
<context>
    <name>dwb::ImportRunPage</name>
    <message>
        <source>Import</source>
        <translation>Importación</translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v de %m</translation>
    </message>
    <message>
        <source>There is nothing to import; no project was created.</source>
        <translation>No hay nada que importar; no se ha creado ningún proyecto.</translation>
    </message>
    <message>
        <source>Importing into %1…</source>
        <translation>Importando en %1…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The import was cancelled; no project was created.</source>
        <translation>Se ha cancelado la importación; no se ha creado ningún proyecto.</translation>
    </message>
    <message>
        <source>The import failed; no project was created.
%1</source>
        <translation>La importación ha fallado; no se ha creado ningún proyecto.
%1</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>Warnings (the first %1 of %2):</source>
        <translation>Advertencias (las %1 primeras de %2):</translation>
    </message>
    <message>
        <source>Warnings:</source>
        <translation>Advertencias:</translation>
    </message>
    <message numerus="yes">
        <source>Found %n sample(s): %1 added, %2 already in the project, %3 skipped.</source>
        <translation>
            <numerusform>Se ha encontrado %n muestra: %1 añadida, %2 ya en el proyecto, %3 omitida.</numerusform>
            <numerusform>Se han encontrado %n muestras: %1 añadidas, %2 ya en el proyecto, %3 omitidas.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dwb::ImportSourcePage</name>
    <message>
        <source>Source and project</source>
        <translation>Origen y proyecto</translation>
    </message>
    <message>
        <source>Choose the dataset folder and where to create the new project.</source>
        <translation>Elija la carpeta del conjunto de datos y dónde crear el nuevo proyecto.</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importar</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>Carpeta del conjunto de datos</translation>
    </message>
    <message>
        <source>New project file (*.dwb)</source>
        <translation>Nuevo archivo de proyecto (*.dwb)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>Dataset &amp;folder:</source>
        <translation>&amp;Carpeta del conjunto de datos:</translation>
    </message>
    <message>
        <source>New &amp;project:</source>
        <translation>Nuevo &amp;proyecto:</translation>
    </message>
    <message>
        <source>Dataset Folder</source>
        <translation>Carpeta del conjunto de datos</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>Nuevo proyecto</translation>
    </message>
    <message>
        <source>Defect Workbench projects (*.dwb)</source>
        <translation>Proyectos de Defect Workbench (*.dwb)</translation>
    </message>
    <message>
        <source>No samples found in this folder.</source>
        <translation>No se han encontrado muestras en esta carpeta.</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) found</source>
        <translation>
            <numerusform>%n muestra encontrada</numerusform>
            <numerusform>%n muestras encontradas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n advertencia</numerusform>
            <numerusform>%n advertencias</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose where to create the project.</source>
        <translation>Elija dónde crear el proyecto.</translation>
    </message>
    <message>
        <source>%1 exists; choose a new file name.</source>
        <translation>%1 ya existe; elija otro nombre de archivo.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>La carpeta %1 no existe.</translation>
    </message>
    <message>
        <source>A project file name must end in .dwb.</source>
        <translation>El nombre del archivo de proyecto debe terminar en .dwb.</translation>
    </message>
</context>
<context>
    <name>dwb::ImportWizard</name>
    <message>
        <source>Import Dataset</source>
        <translation>Importar conjunto de datos</translation>
    </message>
</context>
<context>
    <name>dwb::MainWindow</name>
    <message>
        <source>Defect Workbench</source>
        <translation>Defect Workbench</translation>
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
    <message>
        <source>Browse</source>
        <translation>Explorar</translation>
    </message>
    <message>
        <source>Edit Mask</source>
        <translation>Editar máscara</translation>
    </message>
    <message>
        <source>Edit Mask *</source>
        <translation>Editar máscara *</translation>
    </message>
    <message>
        <source>&amp;New Project from Dataset…</source>
        <translation>&amp;Nuevo proyecto a partir de un conjunto de datos…</translation>
    </message>
    <message>
        <source>Import a Magnetic Tile, Severstal or image+mask folder</source>
        <translation>Importa una carpeta de Magnetic Tile, de Severstal o de imágenes y máscaras</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Preferencias…</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Deshacer</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Rehacer</translation>
    </message>
    <message>
        <source>&amp;Find Samples</source>
        <translation>&amp;Buscar muestras</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Browse</source>
        <translation>&amp;Explorar</translation>
    </message>
    <message>
        <source>&amp;Edit Mask</source>
        <translation>E&amp;ditar máscara</translation>
    </message>
    <message>
        <source>&amp;Thumbnails</source>
        <translation>&amp;Miniaturas</translation>
    </message>
    <message>
        <source>&amp;Table</source>
        <translation>&amp;Tabla</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>The project could not be read:
%1</source>
        <translation>No se ha podido leer el proyecto:
%1</translation>
    </message>
    <message>
        <source>%1[*] — Defect Workbench</source>
        <translation>%1[*] — Defect Workbench</translation>
    </message>
    <message>
        <source>This is the first sample</source>
        <translation>Esta es la primera muestra</translation>
    </message>
    <message>
        <source>This is the last sample</source>
        <translation>Esta es la última muestra</translation>
    </message>
    <message>
        <source>%1 — synthetic</source>
        <translation>%1 — sintética</translation>
    </message>
</context>
<context>
    <name>dwb::MaskDocument</name>
    <message>
        <source>Erase stroke</source>
        <translation>Trazo de borrado</translation>
    </message>
    <message>
        <source>Brush stroke</source>
        <translation>Trazo de pincel</translation>
    </message>
    <message>
        <source>Erase fill</source>
        <translation>Relleno de borrado</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>Relleno</translation>
    </message>
    <message>
        <source>Erase polygon</source>
        <translation>Polígono de borrado</translation>
    </message>
    <message>
        <source>Polygon</source>
        <translation>Polígono</translation>
    </message>
</context>
<context>
    <name>dwb::MaskEditor</name>
    <message>
        <source>Cannot open the sample</source>
        <translation>No se puede abrir la muestra</translation>
    </message>
    <message>
        <source>Cannot read the image %1</source>
        <translation>No se puede leer la imagen %1</translation>
    </message>
    <message>
        <source>Unsaved mask edits</source>
        <translation>Cambios sin guardar en la máscara</translation>
    </message>
    <message>
        <source>The mask of this sample has unsaved edits.</source>
        <translation>La máscara de esta muestra tiene cambios sin guardar.</translation>
    </message>
    <message>
        <source>Save them as a new revision?</source>
        <translation>¿Desea guardarlos como una nueva revisión?</translation>
    </message>
    <message>
        <source>Cannot save the mask</source>
        <translation>No se puede guardar la máscara</translation>
    </message>
    <message>
        <source>Cannot load the revision</source>
        <translation>No se puede cargar la revisión</translation>
    </message>
    <message>
        <source>Revert to revision %1</source>
        <translation>Restaurar la revisión %1</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>Pincel</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>Borrador</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>Relleno</translation>
    </message>
    <message>
        <source>Polygon</source>
        <translation>Polígono</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Brush diameter in pixels ([ and ])</source>
        <translation>Diámetro del pincel en píxeles ([ y ])</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>The class that tools paint (1-9)</source>
        <translation>Clase que pintan las herramientas (1-9)</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Clase</translation>
    </message>
    <message>
        <source>Mask opacity</source>
        <translation>Opacidad de la máscara</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opacidad</translation>
    </message>
    <message>
        <source>Outline</source>
        <translation>Contorno</translation>
    </message>
    <message>
        <source>Draw only the outlines of the classes</source>
        <translation>Dibuja solo el contorno de las clases</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Clases</translation>
    </message>
    <message>
        <source>Show or hide classes</source>
        <translation>Muestra u oculta las clases</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Ajustar</translation>
    </message>
    <message>
        <source>1:1</source>
        <translation>1:1</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Rehacer</translation>
    </message>
    <message>
        <source>Undo %1</source>
        <translation>Deshacer %1</translation>
    </message>
    <message>
        <source>Redo %1</source>
        <translation>Rehacer %1</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Save the mask as a new revision</source>
        <translation>Guarda la máscara como una nueva revisión</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>The mask is %1 × %2 pixels but the image is %3 × %4</source>
        <translation>La máscara mide %1 × %2 píxeles, pero la imagen mide %3 × %4</translation>
    </message>
    <message>
        <source>Fit the image to the window (Ctrl+0)</source>
        <translation>Ajusta la imagen a la ventana (Ctrl+0)</translation>
    </message>
    <message>
        <source>One screen pixel per image pixel (Ctrl+Alt+0)</source>
        <translation>Un píxel de pantalla por píxel de imagen (Ctrl+Alt+0)</translation>
    </message>
</context>
<context>
    <name>dwb::MaskHistoryPanel</name>
    <message>
        <source>Revert to this revision</source>
        <translation>Restaurar esta revisión</translation>
    </message>
    <message>
        <source>Load the selected revision as a new edit; saving then makes it the newest revision</source>
        <translation>Carga la revisión seleccionada como un cambio nuevo; al guardar, pasa a ser la revisión más reciente</translation>
    </message>
    <message>
        <source>Mask revisions</source>
        <translation>Revisiones de la máscara</translation>
    </message>
    <message>
        <source>Revision %1 · %2</source>
        <translation>Revisión %1 · %2</translation>
    </message>
</context>
<context>
    <name>dwb::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Preferencias</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Predeterminado del sistema</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> pasos</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>A new interface language applies after a restart.</source>
        <translation>El nuevo idioma de la interfaz se aplicará tras reiniciar la aplicación.</translation>
    </message>
    <message>
        <source>Interface &amp;language:</source>
        <translation>&amp;Idioma de la interfaz:</translation>
    </message>
    <message>
        <source>&amp;Undo limit:</source>
        <translation>Límite de &amp;deshacer:</translation>
    </message>
    <message>
        <source>&amp;Thumbnail size:</source>
        <translation>Tamaño de las &amp;miniaturas:</translation>
    </message>
</context>
<context>
    <name>dwb::SampleFilterPanel</name>
    <message>
        <source>Edited masks only</source>
        <translation>Solo máscaras editadas</translation>
    </message>
    <message>
        <source>Search by name</source>
        <translation>Buscar por nombre</translation>
    </message>
    <message>
        <source>Show samples holding any of the checked classes; none checked shows all</source>
        <translation>Filtra las muestras que contienen alguna de las clases marcadas; si no hay ninguna marcada, se muestran todas</translation>
    </message>
    <message>
        <source>All splits</source>
        <translation>Todas las particiones</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Entrenamiento</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validación</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Prueba</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>All samples</source>
        <translation>Todas las muestras</translation>
    </message>
    <message>
        <source>Defective</source>
        <translation>Con defectos</translation>
    </message>
    <message>
        <source>Defect-free</source>
        <translation>Sin defectos</translation>
    </message>
    <message>
        <source>Real and synthetic</source>
        <translation>Reales y sintéticas</translation>
    </message>
    <message>
        <source>Real only</source>
        <translation>Solo reales</translation>
    </message>
    <message>
        <source>Synthetic only</source>
        <translation>Solo sintéticas</translation>
    </message>
    <message>
        <source>Reset Filters</source>
        <translation>Restablecer filtros</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Partición</translation>
    </message>
    <message>
        <source>Defects</source>
        <translation>Defectos</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origen</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>Clases</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>Showing %1 of %n sample(s), %2 defect-free</source>
        <translation>
            <numerusform>Se muestran %1 de %n muestra, %2 sin defectos</numerusform>
            <numerusform>Se muestran %1 de %n muestras, %2 sin defectos</numerusform>
        </translation>
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
    <message>
        <source>Synthetic sample %1, made from sample %2</source>
        <translation>Muestra sintética %1, generada a partir de la muestra %2</translation>
    </message>
    <message>
        <source>synthetic #%1</source>
        <translation>sintética #%1</translation>
    </message>
</context>
<context>
    <name>dwb::ThumbnailDelegate</name>
    <message>
        <source>S</source>
        <comment>synthetic sample mark</comment>
        <translation>S</translation>
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
    <message>
        <source>With --screenshot: render only this panel (browser, editor).</source>
        <translation>Con --screenshot: dibuja solo este panel (browser, editor).</translation>
    </message>
</context>
</TS>
