<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>dwb::AugmentPreviewPanel</name>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Generar</translation>
    </message>
    <message>
        <source>Inverse class frequency</source>
        <translation>Frecuencia inversa de las clases</translation>
    </message>
    <message>
        <source>Latest run&apos;s validation losses</source>
        <translation>Pérdidas de validación de la última ejecución</translation>
    </message>
    <message>
        <source>Manual weights</source>
        <translation>Pesos manuales</translation>
    </message>
    <message>
        <source>Where the class probabilities come from: inverse frequency is what training uses before its first validation</source>
        <translation>Origen de las probabilidades de las clases: la frecuencia inversa es la que usa el entrenamiento antes de su primera validación</translation>
    </message>
    <message>
        <source>Probabilities</source>
        <translation>Probabilidades</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Imágenes</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Semilla</translation>
    </message>
    <message>
        <source>Open a project to preview guided-crop samples</source>
        <translation>Abra un proyecto para obtener una vista previa de las muestras de recorte guiado</translation>
    </message>
    <message>
        <source>Generate to paste real defects onto defect-free training images</source>
        <translation>Pulse Generar para pegar defectos reales en imágenes de entrenamiento sin defectos</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>Generando…</translation>
    </message>
    <message>
        <source>Preparing the training images, then generating…</source>
        <translation>Preparando las imágenes de entrenamiento y, después, generando…</translation>
    </message>
    <message>
        <source>Cannot generate: %1</source>
        <translation>No se puede generar: %1</translation>
    </message>
    <message>
        <source>inverse class frequency</source>
        <translation>la frecuencia inversa de las clases</translation>
    </message>
    <message>
        <source>validation losses of run %1</source>
        <translation>las pérdidas de validación de la ejecución %1</translation>
    </message>
    <message>
        <source>manual weights</source>
        <translation>los pesos manuales</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>Seed %1</source>
        <translation>Semilla %1</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) from %1: %2</source>
        <translation>
            <numerusform>%n imagen según %1: %2</numerusform>
            <numerusform>%n imágenes según %1: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dwb::AugmentProvenanceView</name>
    <message>
        <source>horizontal and vertical</source>
        <translation>horizontal y vertical</translation>
    </message>
    <message>
        <source>horizontal</source>
        <translation>horizontal</translation>
    </message>
    <message>
        <source>vertical</source>
        <translation>vertical</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>Double-click a source to open it in the mask editor</source>
        <translation>Haga doble clic en una imagen de origen para abrirla en el editor de máscaras</translation>
    </message>
    <message>
        <source>sample %1</source>
        <translation>muestra %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Synthetic #%1&lt;/b&gt;, seed %2</source>
        <translation>&lt;b&gt;Sintética #%1&lt;/b&gt;, semilla %2</translation>
    </message>
    <message>
        <source>Base: %1 (%2)</source>
        <translation>Base: %1 (%2)</translation>
    </message>
    <message>
        <source>defective: no defect-free image in the split</source>
        <translation>con defectos: no hay ninguna imagen sin defectos en la partición</translation>
    </message>
    <message>
        <source>defect-free</source>
        <translation>sin defectos</translation>
    </message>
    <message numerus="yes">
        <source>Drawn class: %1; %n blob(s) pasted</source>
        <translation>
            <numerusform>Clase sorteada: %1; %n mancha pegada</numerusform>
            <numerusform>Clase sorteada: %1; %n manchas pegadas</numerusform>
        </translation>
    </message>
    <message>
        <source>Flips: %1; shift %2, %3 px; final brightness %4, contrast %5</source>
        <translation>Volteos: %1; desplazamiento %2, %3 px; brillo final %4, contraste %5</translation>
    </message>
    <message>
        <source>base
%1</source>
        <translation>base
%1</translation>
    </message>
    <message>
        <source>%1 #%2
from %3</source>
        <translation>%1 #%2
de %3</translation>
    </message>
</context>
<context>
    <name>dwb::BrowsePage</name>
    <message>
        <source>Open a project to see its samples</source>
        <translation>Abra un proyecto para ver sus muestras</translation>
    </message>
    <message>
        <source>This project has no samples yet</source>
        <translation>Este proyecto aún no tiene muestras</translation>
    </message>
    <message>
        <source>%1 — synthetic</source>
        <translation>%1 — sintética</translation>
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
        <source>Sort &amp;by</source>
        <translation>&amp;Ordenar por</translation>
    </message>
    <message>
        <source>Sorted by %1, %2</source>
        <translation>Ordenado por %1, %2</translation>
    </message>
    <message>
        <source>ascending</source>
        <translation>ascendente</translation>
    </message>
    <message>
        <source>descending</source>
        <translation>descendente</translation>
    </message>
    <message>
        <source>Ascending: click for descending</source>
        <translation>Ascendente: pulse para descendente</translation>
    </message>
    <message>
        <source>Descending: click for ascending</source>
        <translation>Descendente: pulse para ascendente</translation>
    </message>
</context>
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
    <message>
        <source>COCO annotations</source>
        <translation>Anotaciones COCO</translation>
    </message>
    <message>
        <source>A folder with annotations.json (or the JSON file itself): images by path relative to it, one category per class, segmentations as RLE or polygons.</source>
        <translation>Una carpeta con annotations.json (o el propio archivo JSON): imágenes por ruta relativa a él, una categoría por clase, segmentaciones como RLE o polígonos.</translation>
    </message>
    <message>
        <source>YOLO segmentation folder</source>
        <translation>Carpeta de segmentación YOLO</translation>
    </message>
    <message>
        <source>images/ with labels/&lt;stem&gt;.txt polygons (class index, then x y pairs scaled to 0-1) and the class names in data.yaml.</source>
        <translation>images/ con polígonos en labels/&lt;nombre&gt;.txt (índice de clase y luego pares x y escalados a 0-1) y los nombres de las clases en data.yaml.</translation>
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
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
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
        <source>About Defect Workbench</source>
        <translation>Acerca de Defect Workbench</translation>
    </message>
    <message>
        <source>&lt;b&gt;Defect Workbench %1&lt;/b&gt;&lt;p&gt;Import, label, augment, train and review surface-defect datasets.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Defect Workbench %1&lt;/b&gt;&lt;p&gt;Importa, etiqueta, aumenta, entrena y revisa conjuntos de datos de defectos superficiales.&lt;/p&gt;</translation>
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
        <source>Guided Crop</source>
        <translation>Recorte guiado</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Entrenar</translation>
    </message>
    <message>
        <source>Review Errors</source>
        <translation>Revisar errores</translation>
    </message>
    <message>
        <source>&amp;Guided Crop</source>
        <translation>&amp;Recorte guiado</translation>
    </message>
    <message>
        <source>T&amp;rain</source>
        <translation>E&amp;ntrenar</translation>
    </message>
    <message>
        <source>Re&amp;view Errors</source>
        <translation>Re&amp;visar errores</translation>
    </message>
    <message>
        <source>Training is running</source>
        <translation>Entrenamiento en curso</translation>
    </message>
    <message>
        <source>A training run is in progress. Stop it? Its last completed epoch is kept in a checkpoint, and the run can be continued later.</source>
        <translation>Hay una ejecución de entrenamiento en curso. ¿Desea detenerla? Su última época completada se conserva en un punto de control y la ejecución se puede continuar más adelante.</translation>
    </message>
    <message>
        <source>&amp;Save Mask</source>
        <translation>&amp;Guardar máscara</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Disposición</translation>
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
    <message>
        <source>Accept prediction</source>
        <translation>Aceptar la predicción</translation>
    </message>
    <message>
        <source>Mark as background</source>
        <translation>Marcar como fondo</translation>
    </message>
</context>
<context>
    <name>dwb::MaskEditor</name>
    <message>
        <source>Cannot open the sample</source>
        <translation>No se puede abrir la muestra</translation>
    </message>
    <message>
        <source>Unsaved mask edits</source>
        <translation>Cambios sin guardar en la máscara</translation>
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
        <source>Fit the image to the window (Ctrl+0)</source>
        <translation>Ajusta la imagen a la ventana (Ctrl+0)</translation>
    </message>
    <message>
        <source>One screen pixel per image pixel (Ctrl+Alt+0)</source>
        <translation>Un píxel de pantalla por píxel de imagen (Ctrl+Alt+0)</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>Predicción</translation>
    </message>
    <message>
        <source>Show the model&apos;s prediction of the current class as an outline</source>
        <translation>Muestra como contorno la predicción del modelo para la clase actual</translation>
    </message>
    <message>
        <source>Accept Prediction</source>
        <translation>Aceptar predicción</translation>
    </message>
    <message>
        <source>Make the current class exactly the predicted pixels (undoable)</source>
        <translation>Hace que la clase actual sea exactamente los píxeles predichos (se puede deshacer)</translation>
    </message>
    <message>
        <source>Mark as Background</source>
        <translation>Marcar como fondo</translation>
    </message>
    <message>
        <source>Clear the current class everywhere (undoable)</source>
        <translation>Borra la clase actual en toda la imagen (se puede deshacer)</translation>
    </message>
    <message>
        <source>Ambiguous</source>
        <translation>Ambigua</translation>
    </message>
    <message>
        <source>Flag this sample as ambiguous in the project</source>
        <translation>Marca esta muestra como ambigua en el proyecto</translation>
    </message>
    <message>
        <source>Cannot flag the sample</source>
        <translation>No se puede marcar la muestra</translation>
    </message>
    <message>
        <source>Erase %1?</source>
        <translation>¿Borrar %1?</translation>
    </message>
    <message numerus="yes">
        <source>The prediction holds no %1 pixel at its threshold. Accepting it erases the %n labelled pixel(s) of %1 in this image (Undo brings them back).</source>
        <translation>
            <numerusform>La predicción no contiene ningún píxel de %1 con su umbral. Aceptarla borra el píxel etiquetado de %1 en esta imagen (Deshacer lo recupera).</numerusform>
            <numerusform>La predicción no contiene ningún píxel de %1 con su umbral. Aceptarla borra los %n píxeles etiquetados de %1 en esta imagen (Deshacer los recupera).</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 × %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 × %3</translation>
    </message>
    <message>
        <source>The mask of %1 has unsaved edits.</source>
        <translation>La máscara de %1 tiene cambios sin guardar.</translation>
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
    <message>
        <source>imported</source>
        <translation>importada</translation>
    </message>
    <message>
        <source>edited in the mask editor</source>
        <translation>editada en el editor de máscaras</translation>
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
    <name>dwb::ProjectStatusLabel</name>
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
</context>
<context>
    <name>dwb::RecentProjectsMenu</name>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Abrir &amp;reciente</translation>
    </message>
</context>
<context>
    <name>dwb::ReviewMetricsView</name>
    <message>
        <source>Class</source>
        <translation>Clase</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Umbral</translation>
    </message>
    <message>
        <source>AP</source>
        <translation>AP</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Precisión</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Exhaustividad</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Pixel IoU</source>
        <translation>IoU de píxeles</translation>
    </message>
    <message>
        <source>Decision accuracy</source>
        <translation>Acierto de decisión</translation>
    </message>
    <message>
        <source>Pair IoU</source>
        <translation>IoU por pares</translation>
    </message>
    <message>
        <source>Paper-comparable: the share of images whose decision for the class is right</source>
        <translation>Comparable con el artículo: la proporción de imágenes cuya decisión para la clase es correcta</translation>
    </message>
    <message>
        <source>Paper-comparable: the mean IoU over images, empty versus empty counted as 1</source>
        <translation>Comparable con el artículo: la IoU media por imagen, contando como 1 vacío frente a vacío</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>media</translation>
    </message>
    <message>
        <source>Threshold %1: nothing predicted</source>
        <translation>Umbral %1: ninguna predicción</translation>
    </message>
    <message>
        <source>Threshold %1: precision %2, recall %3</source>
        <translation>Umbral %1: precisión %2, exhaustividad %3</translation>
    </message>
</context>
<context>
    <name>dwb::ReviewPanel</name>
    <message>
        <source>Decision threshold of this class: moving it re-scores the cached predictions without running the model</source>
        <translation>Umbral de decisión de esta clase: al moverlo se vuelven a puntuar las predicciones en caché sin ejecutar el modelo</translation>
    </message>
    <message>
        <source>False positives</source>
        <translation>Falsos positivos</translation>
    </message>
    <message>
        <source>False negatives</source>
        <translation>Falsos negativos</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Imágenes</translation>
    </message>
    <message>
        <source>Blobs</source>
        <translation>Manchas</translation>
    </message>
    <message>
        <source>Double-click a tile to open its sample in the mask editor</source>
        <translation>Haga doble clic en una miniatura para abrir su muestra en el editor de máscaras</translation>
    </message>
    <message>
        <source>Predictions</source>
        <translation>Predicciones</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Clase</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Umbral</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Open a project to review its errors</source>
        <translation>Abra un proyecto para revisar sus errores</translation>
    </message>
    <message>
        <source>Cannot open the project: %1</source>
        <translation>No se puede abrir el proyecto: %1</translation>
    </message>
    <message>
        <source>Cannot read the cached predictions: %1</source>
        <translation>No se pueden leer las predicciones en caché: %1</translation>
    </message>
    <message numerus="yes">
        <source>Run %1, %2 split (%n image(s))</source>
        <translation>
            <numerusform>Ejecución %1, partición %2 (%n imagen)</numerusform>
            <numerusform>Ejecución %1, partición %2 (%n imágenes)</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading the cached predictions…</source>
        <translation>Cargando las predicciones en caché…</translation>
    </message>
    <message>
        <source>Cannot load the cached predictions: %1</source>
        <translation>No se pueden cargar las predicciones en caché: %1</translation>
    </message>
    <message>
        <source>This prediction set has no predictions for class %1: evaluate the run again</source>
        <translation>Este conjunto de predicciones no tiene predicciones para la clase %1: vuelva a evaluar la ejecución</translation>
    </message>
    <message>
        <source>TP %1 · FP %2 · FN %3 · TN %4 — precision %5, recall %6. Blobs: %7 of %8 predicted touch no defect, %9 of %10 true ones are missed.</source>
        <translation>VP %1 · FP %2 · FN %3 · VN %4 — precisión %5, exhaustividad %6. Manchas: %7 de %8 predichas no tocan ningún defecto; %9 de %10 reales quedan sin detectar.</translation>
    </message>
    <message>
        <source>%1
score %2</source>
        <translation>%1
puntuación %2</translation>
    </message>
    <message>
        <source>%1
%2 px · p %3</source>
        <translation>%1
%2 px · p %3</translation>
    </message>
    <message>
        <source>Showing the first %1 of %2</source>
        <translation>Se muestran los %1 primeros de %2</translation>
    </message>
    <message>
        <source>None at this threshold</source>
        <translation>Ninguno con este umbral</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>Evaluar</translation>
    </message>
    <message>
        <source>Cannot read the runs: %1</source>
        <translation>No se pueden leer las ejecuciones: %1</translation>
    </message>
    <message>
        <source>A trained run: its model is evaluated</source>
        <translation>Una ejecución entrenada: se evalúa su modelo</translation>
    </message>
    <message>
        <source>Test split</source>
        <translation>Partición de prueba</translation>
    </message>
    <message>
        <source>Validation split</source>
        <translation>Partición de validación</translation>
    </message>
    <message>
        <source>The split whose images are evaluated</source>
        <translation>La partición cuyas imágenes se evalúan</translation>
    </message>
    <message>
        <source>Runs the model over the split, stores its metrics with the run and caches every image&apos;s predictions for this review</source>
        <translation>Ejecuta el modelo sobre la partición, guarda sus métricas con la ejecución y almacena las predicciones de cada imagen para esta revisión</translation>
    </message>
    <message numerus="yes">
        <source>Run %1 (%n epoch(s))</source>
        <translation>
            <numerusform>Ejecución %1 (%n época)</numerusform>
            <numerusform>Ejecución %1 (%n épocas)</numerusform>
        </translation>
    </message>
    <message>
        <source>Evaluating run %1 on the %2 split…</source>
        <translation>Evaluando la ejecución %1 en la partición %2…</translation>
    </message>
    <message numerus="yes">
        <source>Run %1 on the %2 split: %n image(s) in %3 s, mAP %4, mIoU %5</source>
        <translation>
            <numerusform>Ejecución %1 en la partición %2: %n imagen en %3 s, mAP %4, mIoU %5</numerusform>
            <numerusform>Ejecución %1 en la partición %2: %n imágenes en %3 s, mAP %4, mIoU %5</numerusform>
        </translation>
    </message>
    <message>
        <source>Evaluation failed: %1</source>
        <translation>La evaluación ha fallado: %1</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Errores</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Métricas</translation>
    </message>
    <message>
        <source>image %1 · pixels %2</source>
        <translation>imagen %1 · píxeles %2</translation>
    </message>
    <message>
        <source>The image-level threshold decides whether an image holds the class; the pixel threshold cuts the blobs and the predicted mask</source>
        <translation>El umbral de imagen decide si una imagen contiene la clase; el umbral de píxeles delimita las manchas y la máscara predicha</translation>
    </message>
    <message numerus="yes">
        <source>Run %1, %2 split (%n image(s), calibrated)</source>
        <translation>
            <numerusform>Ejecución %1, partición %2 (%n imagen, calibrada)</numerusform>
            <numerusform>Ejecución %1, partición %2 (%n imágenes, calibrada)</numerusform>
        </translation>
    </message>
    <message>
        <source>Predictions cached by an evaluation (Evaluate above, or dwb eval): run and split</source>
        <translation>Predicciones guardadas por una evaluación (Evaluar, arriba, o dwb eval): ejecución y partición</translation>
    </message>
    <message>
        <source>No predictions to review yet: choose a trained run and a split above and press Evaluate</source>
        <translation>Aún no hay predicciones que revisar: elija arriba una ejecución entrenada y una partición y pulse Evaluar</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modelo</translation>
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
    <message>
        <source>Flagged ambiguous only</source>
        <translation>Solo marcadas como ambiguas</translation>
    </message>
    <message>
        <source>Samples flagged Ambiguous in the mask editor, shown in orange</source>
        <translation>Muestras marcadas como Ambigua en el editor de máscaras, mostradas en naranja</translation>
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
    <message>
        <source>%1
Flagged ambiguous%2</source>
        <translation>%1
Marcada como ambigua%2</translation>
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
    <name>dwb::TrainingCharts</name>
    <message>
        <source>Loss</source>
        <translation>Pérdida</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>Época</translation>
    </message>
    <message>
        <source>Reset Zoom</source>
        <translation>Restablecer zoom</translation>
    </message>
    <message>
        <source>Save Charts as PNG…</source>
        <translation>Guardar gráficos como PNG…</translation>
    </message>
    <message>
        <source>Export Data as CSV…</source>
        <translation>Exportar datos como CSV…</translation>
    </message>
    <message>
        <source> (run %1)</source>
        <translation> (ejecución %1)</translation>
    </message>
    <message>
        <source>Train total</source>
        <translation>Total de entrenamiento</translation>
    </message>
    <message>
        <source>Train classification</source>
        <translation>Clasificación de entrenamiento</translation>
    </message>
    <message>
        <source>Train segmentation</source>
        <translation>Segmentación de entrenamiento</translation>
    </message>
    <message>
        <source>Validation total</source>
        <translation>Total de validación</translation>
    </message>
    <message>
        <source>Validation classification</source>
        <translation>Clasificación de validación</translation>
    </message>
    <message>
        <source>Validation segmentation</source>
        <translation>Segmentación de validación</translation>
    </message>
    <message>
        <source>%1 IoU</source>
        <translation>IoU de %1</translation>
    </message>
    <message>
        <source>%1 AP</source>
        <translation>AP de %1</translation>
    </message>
    <message>
        <source>best</source>
        <translation>mejor</translation>
    </message>
    <message>
        <source>Loss per class</source>
        <translation>Pérdida por clase</translation>
    </message>
    <message>
        <source>IoU ● AP ▲</source>
        <translation>IoU ● AP ▲</translation>
    </message>
</context>
<context>
    <name>dwb::TrainingConfigForm</name>
    <message>
        <source>Magnetic Tile (paper)</source>
        <translation>Magnetic Tile (artículo)</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>Ajuste predefinido:</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>Épocas:</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Tamaño de lote:</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Tasa de aprendizaje:</translation>
    </message>
    <message>
        <source>From the data</source>
        <translation>A partir de los datos</translation>
    </message>
    <message>
        <source>Input size (H × W):</source>
        <translation>Tamaño de entrada (alto × ancho):</translation>
    </message>
    <message>
        <source>Paper&apos;s rule</source>
        <translation>Regla del artículo</translation>
    </message>
    <message>
        <source>Pooling:</source>
        <translation>Agrupación (pooling):</translation>
    </message>
    <message>
        <source>Classification first</source>
        <translation>Primero clasificación</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>Constante</translation>
    </message>
    <message>
        <source>Segmentation first</source>
        <translation>Primero segmentación</translation>
    </message>
    <message>
        <source>Lambda:</source>
        <translation>Lambda:</translation>
    </message>
    <message>
        <source>All cores</source>
        <translation>Todos los núcleos</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>Hilos:</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automático</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Dispositivo:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Semilla:</translation>
    </message>
    <message>
        <source>Guided-crop augmentation</source>
        <translation>Aumento con recorte guiado</translation>
    </message>
    <message>
        <source> epochs</source>
        <translation> épocas</translation>
    </message>
    <message>
        <source>Every:</source>
        <translation>Cada:</translation>
    </message>
    <message>
        <source> images</source>
        <translation> imágenes</translation>
    </message>
    <message>
        <source>Count:</source>
        <translation>Cantidad:</translation>
    </message>
    <message>
        <source>The project has no classes to train.</source>
        <translation>El proyecto no tiene clases que entrenar.</translation>
    </message>
    <message>
        <source>Recommended</source>
        <translation>Recomendado</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Artículo</translation>
    </message>
    <message>
        <source>Starting values; the fields below can then be changed. Recommended trains best within a time budget; Paper is the Guided-Crop paper&apos;s own settings.</source>
        <translation>Valores iniciales; después se pueden cambiar los campos de abajo. Recomendado es el que mejor entrena con un presupuesto de tiempo; Artículo usa los ajustes del propio artículo de Guided-Crop.</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Sin límite</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Train for this long; the schedules follow the share of the budget used. None: the epochs decide.</source>
        <translation>Entrena durante este tiempo; las programaciones siguen la parte del presupuesto consumida. Sin límite: deciden las épocas.</translation>
    </message>
    <message>
        <source>Time budget:</source>
        <translation>Presupuesto de tiempo:</translation>
    </message>
    <message>
        <source>At most</source>
        <translation>Como máximo</translation>
    </message>
    <message>
        <source>With a time budget, also stop after this many epochs; unchecked, the budget alone ends the run.</source>
        <translation>Con un presupuesto de tiempo, detener también tras este número de épocas; sin marcar, solo el presupuesto termina la ejecución.</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>Coseno</translation>
    </message>
    <message>
        <source>One-cycle</source>
        <translation>Un ciclo (one-cycle)</translation>
    </message>
    <message>
        <source>warm-up </source>
        <translation>calentamiento </translation>
    </message>
    <message>
        <source>Share of the run spent raising the learning rate from 0 (at most 50 %)</source>
        <translation>Parte de la ejecución dedicada a subir la tasa de aprendizaje desde 0 (como máximo el 50 %)</translation>
    </message>
    <message>
        <source>Rate schedule:</source>
        <translation>Programación de la tasa:</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Avanzado</translation>
    </message>
    <message>
        <source>Whole images</source>
        <translation>Imágenes completas</translation>
    </message>
    <message>
        <source>Square crops</source>
        <translation>Recortes cuadrados</translation>
    </message>
    <message>
        <source>What training sees of each image; validation and inference always see whole images</source>
        <translation>Lo que el entrenamiento ve de cada imagen; la validación y la inferencia siempre ven imágenes completas</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Patches:</source>
        <translation>Parches:</translation>
    </message>
    <message>
        <source>Share of the crops centred on a defect pixel</source>
        <translation>Parte de los recortes centrados en un píxel de defecto</translation>
    </message>
    <message>
        <source>Crops on defects:</source>
        <translation>Recortes en defectos:</translation>
    </message>
    <message>
        <source>All images</source>
        <translation>Todas las imágenes</translation>
    </message>
    <message>
        <source>Each epoch holds every image with a defect and only as many defect-free ones as make up this share of it</source>
        <translation>Cada época incluye todas las imágenes con defectos y solo tantas sin defectos como formen esta parte de ella</translation>
    </message>
    <message>
        <source>Defect-free share:</source>
        <translation>Parte sin defectos:</translation>
    </message>
    <message>
        <source>Weight of a soft Dice term added to the segmentation loss (0: the paper&apos;s cross-entropy alone)</source>
        <translation>Peso de un término Dice suave añadido a la pérdida de segmentación (0: solo la entropía cruzada del artículo)</translation>
    </message>
    <message>
        <source>Dice weight:</source>
        <translation>Peso de Dice:</translation>
    </message>
    <message>
        <source>Keep the best epoch</source>
        <translation>Conservar la mejor época</translation>
    </message>
    <message>
        <source>The run&apos;s model is the epoch with the best validation score instead of the last one</source>
        <translation>El modelo de la ejecución es la época con la mejor puntuación de validación en lugar de la última</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nunca</translation>
    </message>
    <message>
        <source>Stop early after this many epochs without a better validation score</source>
        <translation>Detener antes de tiempo tras este número de épocas sin mejorar la puntuación de validación</translation>
    </message>
    <message>
        <source>Early stop after:</source>
        <translation>Parada temprana tras:</translation>
    </message>
    <message>
        <source>Calibrate thresholds on the validation split</source>
        <translation>Calibrar los umbrales en la partición de validación</translation>
    </message>
    <message>
        <source>Store per-class image and pixel thresholds with the model, chosen on the validation split, instead of one threshold</source>
        <translation>Guarda con el modelo umbrales de imagen y de píxeles por clase, elegidos en la partición de validación, en lugar de un único umbral</translation>
    </message>
    <message>
        <source>With a time budget: new synthetic sets at evenly spaced shares of the budget</source>
        <translation>Con un presupuesto de tiempo: nuevos conjuntos sintéticos a intervalos regulares del presupuesto</translation>
    </message>
    <message>
        <source>Sets over the budget:</source>
        <translation>Conjuntos en el presupuesto:</translation>
    </message>
    <message>
        <source>Epoch limit:</source>
        <translation>Límite de épocas:</translation>
    </message>
    <message numerus="yes">
        <source>A batch of %1 is more than the %n training image(s): each step sees the whole split, so an epoch is one step.</source>
        <translation>
            <numerusform>Un lote de %1 es más que la %n imagen de entrenamiento: cada paso ve toda la partición, así que una época es un solo paso.</numerusform>
            <numerusform>Un lote de %1 es más que las %n imágenes de entrenamiento: cada paso ve toda la partición, así que una época es un solo paso.</numerusform>
        </translation>
    </message>
    <message>
        <source>The train split&apos;s median image size, a multiple of 8, scaled down to at most as many pixels as 256 x 1600; the fields show what the run will use</source>
        <translation>El tamaño mediano de las imágenes de la partición de entrenamiento, múltiplo de 8, reducido a lo sumo a tantos píxeles como 256 x 1600; los campos muestran el que usará la ejecución</translation>
    </message>
    <message>
        <source>Automatic trains on a CUDA GPU when this build and machine have one, else on the CPU</source>
        <translation>Automático entrena en una GPU CUDA cuando esta compilación y esta máquina la tienen; si no, en la CPU</translation>
    </message>
    <message>
        <source>Images (or patches) per optimisation step</source>
        <translation>Imágenes (o recortes) por paso de optimización</translation>
    </message>
    <message>
        <source>Adam&apos;s step size at the top of the schedule</source>
        <translation>El tamaño de paso de Adam en lo más alto de la planificación</translation>
    </message>
    <message>
        <source>How the learning rate moves over the run: constant, a cosine decay, or one cycle up and down</source>
        <translation>Cómo varía la tasa de aprendizaje durante la ejecución: constante, con un descenso en coseno o con un ciclo de subida y bajada</translation>
    </message>
    <message>
        <source>Average-pooling kernel and stride before the dilated layers: the network works at 1/pool of the input resolution. The paper&apos;s rule: 2 for inputs up to about 400 px a side, 3 beyond</source>
        <translation>Núcleo y paso del promediado (pooling) antes de las capas dilatadas: la red trabaja a 1/pool de la resolución de entrada. La regla del artículo: 2 para entradas de hasta unos 400 px de lado, 3 por encima</translation>
    </message>
    <message>
        <source>Lambda weighs the image-level (classification) loss against the pixel-level one. Classification first lowers it from the start value to the end value over the run, as the paper does; segmentation first raises it from the end value to the start value; constant keeps the start value</source>
        <translation>Lambda pondera la pérdida a nivel de imagen (clasificación) frente a la de nivel de píxel. Primero clasificación la baja del valor inicial al final a lo largo de la ejecución, como hace el artículo; primero segmentación la sube del valor final al inicial; constante mantiene el valor inicial</translation>
    </message>
    <message>
        <source>CPU threads for training; all cores by default</source>
        <translation>Hilos de CPU para el entrenamiento; por defecto, todos los núcleos</translation>
    </message>
    <message>
        <source>The same seed, data and settings give the same run</source>
        <translation>La misma semilla, los mismos datos y los mismos ajustes dan la misma ejecución</translation>
    </message>
    <message>
        <source>Without a time budget: a new synthetic set every this many epochs</source>
        <translation>Sin presupuesto de tiempo: un nuevo conjunto sintético cada este número de épocas</translation>
    </message>
    <message>
        <source>Synthetic images in each set, pasted from the train split&apos;s defects</source>
        <translation>Imágenes sintéticas de cada conjunto, pegadas a partir de los defectos de la partición de entrenamiento</translation>
    </message>
</context>
<context>
    <name>dwb::TrainingDashboard</name>
    <message>
        <source>Configuration</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Iniciar</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausar</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <source>Stop after the current batch; the last completed epoch is kept in a checkpoint from which the run can continue.</source>
        <translation>Detiene el entrenamiento tras el lote actual; la última época completada se conserva en un punto de control desde el que puede continuar la ejecución.</translation>
    </message>
    <message>
        <source>Continue Run</source>
        <translation>Continuar ejecución</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>Exportar PNG…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>Ejecución:</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>Comparar con:</translation>
    </message>
    <message>
        <source>Cannot open the project: %1</source>
        <translation>No se puede abrir el proyecto: %1</translation>
    </message>
    <message>
        <source>Preparing the data…</source>
        <translation>Preparando los datos…</translation>
    </message>
    <message>
        <source>Restoring run %1…</source>
        <translation>Restaurando la ejecución %1…</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Entrenando</translation>
    </message>
    <message>
        <source>Paused after the current batch</source>
        <translation>En pausa tras el lote actual</translation>
    </message>
    <message>
        <source>Stopping: writing the checkpoint…</source>
        <translation>Deteniendo: escribiendo el punto de control…</translation>
    </message>
    <message>
        <source>Run %1: %2 training and %3 validation images at %4 × %5, pool %6</source>
        <translation>Ejecución %1: %2 imágenes de entrenamiento y %3 de validación a %4 × %5, agrupación %6</translation>
    </message>
    <message numerus="yes">
        <source>Run %1 stopped after %n epoch(s); it can continue from its checkpoint.</source>
        <translation>
            <numerusform>La ejecución %1 se ha detenido tras %n época; puede continuar desde su punto de control.</numerusform>
            <numerusform>La ejecución %1 se ha detenido tras %n épocas; puede continuar desde su punto de control.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Run %1 finished: %n epoch(s) in %2.</source>
        <translation>
            <numerusform>La ejecución %1 ha terminado: %n época en %2.</numerusform>
            <numerusform>La ejecución %1 ha terminado: %n épocas en %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>El entrenamiento ha fallado: %1</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Ninguna</translation>
    </message>
    <message numerus="yes">
        <source>Run %1: %2, %n epoch(s)</source>
        <translation>
            <numerusform>Ejecución %1: %2, %n época</numerusform>
            <numerusform>Ejecución %1: %2, %n épocas</numerusform>
        </translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reanudar</translation>
    </message>
    <message>
        <source>Save Charts</source>
        <translation>Guardar gráficos</translation>
    </message>
    <message>
        <source>run-%1.png</source>
        <translation>ejecución-%1.png</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Imágenes PNG (*.png)</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>No se puede escribir %1.</translation>
    </message>
    <message>
        <source>Export Data</source>
        <translation>Exportar datos</translation>
    </message>
    <message>
        <source>run-%1.csv</source>
        <translation>ejecución-%1.csv</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>running</source>
        <translation>en curso</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>terminada</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>detenida</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fallida</translation>
    </message>
    <message numerus="yes">
        <source>Guided crop: %n synthetic image(s) from epoch %1</source>
        <translation>
            <numerusform>Recorte guiado: %n imagen sintética a partir de la época %1</numerusform>
            <numerusform>Recorte guiado: %n imágenes sintéticas a partir de la época %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Run %1</source>
        <translation>Ejecución %1</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>épocas</translation>
    </message>
    <message>
        <source>val loss</source>
        <translation>pérdida de validación</translation>
    </message>
    <message>
        <source>mAP</source>
        <translation>mAP</translation>
    </message>
    <message>
        <source>pixel IoU</source>
        <translation>IoU de píxeles</translation>
    </message>
    <message numerus="yes">
        <source>Run %1 used its time budget: %n epoch(s) in %2.</source>
        <translation>
            <numerusform>La ejecución %1 ha agotado su presupuesto de tiempo: %n época en %2.</numerusform>
            <numerusform>La ejecución %1 ha agotado su presupuesto de tiempo: %n épocas en %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Run %1 stopped early, its validation score no longer improving: %n epoch(s) in %2.</source>
        <translation>
            <numerusform>La ejecución %1 se ha detenido antes de tiempo porque su puntuación de validación ya no mejoraba: %n época en %2.</numerusform>
            <numerusform>La ejecución %1 se ha detenido antes de tiempo porque su puntuación de validación ya no mejoraba: %n épocas en %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Best epoch %1, score %2.</source>
        <translation>Mejor época: %1, puntuación %2.</translation>
    </message>
    <message>
        <source>Continue training the shown run from its checkpoint up to the epochs set in the configuration; with a time budget set there, up to that budget in all (otherwise the run keeps its own).</source>
        <translation>Sigue entrenando la ejecución mostrada desde su punto de control hasta las épocas indicadas en la configuración; si allí se fija un presupuesto de tiempo, hasta ese presupuesto en total (si no, la ejecución conserva el suyo).</translation>
    </message>
    <message>
        <source>The last epoch of each run, on the validation split, and the epoch with the best validation score</source>
        <translation>La última época de cada ejecución, en la partición de validación, y la época con la mejor puntuación de validación</translation>
    </message>
    <message>
        <source>Training on %1-pixel patches.</source>
        <translation>Entrenamiento con parches de %1 píxeles.</translation>
    </message>
    <message>
        <source>Training on whole images.</source>
        <translation>Entrenamiento con imágenes completas.</translation>
    </message>
    <message>
        <source>Time budget: %1.</source>
        <translation>Presupuesto de tiempo: %1.</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>%1 (score %2)</source>
        <translation>%1 (puntuación %2)</translation>
    </message>
    <message>
        <source>best epoch</source>
        <translation>mejor época</translation>
    </message>
    <message>
        <source>interrupted: continue it from its checkpoint</source>
        <translation>interrumpida: continúela desde su punto de control</translation>
    </message>
    <message>
        <source>Export ONNX…</source>
        <translation>Exportar ONNX…</translation>
    </message>
    <message>
        <source>Export the shown run&apos;s model for deployment: model.onnx and model.json, checked against the trained model on the project&apos;s images.</source>
        <translation>Exporta el modelo de la ejecución mostrada para producción: model.onnx y model.json, comprobados frente al modelo entrenado con las imágenes del proyecto.</translation>
    </message>
    <message>
        <source>Export Run %1 to ONNX</source>
        <translation>Exportar la ejecución %1 a ONNX</translation>
    </message>
    <message>
        <source>Exporting run %1 to ONNX and checking it…</source>
        <translation>Exportando la ejecución %1 a ONNX y comprobándola…</translation>
    </message>
    <message>
        <source>Run %1 exported to %2: model.onnx and model.json. On %3 images the exported model&apos;s outputs differ from the trained one&apos;s by at most %4.</source>
        <translation>Ejecución %1 exportada a %2: model.onnx y model.json. En %3 imágenes, las salidas del modelo exportado difieren de las del entrenado como mucho en %4.</translation>
    </message>
    <message>
        <source>Run %1 was not exported: %2</source>
        <translation>La ejecución %1 no se exportó: %2</translation>
    </message>
    <message>
        <source>Write Job…</source>
        <translation>Escribir trabajo…</translation>
    </message>
    <message>
        <source>Hand this configuration to another machine (a GPU server, a cluster): a folder with a snapshot of the project and the exact command to train it there with one or more processes.</source>
        <translation>Entregar esta configuración a otra máquina (un servidor con GPU, un clúster): una carpeta con una copia del proyecto y la orden exacta para entrenarlo allí con uno o más procesos.</translation>
    </message>
    <message>
        <source>Import Job Run…</source>
        <translation>Importar ejecución de trabajo…</translation>
    </message>
    <message>
        <source>Bring back the runs a training job trained on another machine: choose the project file in the job&apos;s folder.</source>
        <translation>Traer de vuelta las ejecuciones que un trabajo de entrenamiento entrenó en otra máquina: elija el archivo de proyecto en la carpeta del trabajo.</translation>
    </message>
    <message>
        <source>Write Training Job</source>
        <translation>Escribir trabajo de entrenamiento</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>Processes the job starts on its machine, for example one per GPU. Each trains its share of every batch (docs/distributed.md).</source>
        <translation>Procesos que el trabajo inicia en su máquina, por ejemplo uno por GPU. Cada uno entrena su parte de cada lote (docs/distributed.md).</translation>
    </message>
    <message>
        <source>Copy the images into the job folder</source>
        <translation>Copiar las imágenes en la carpeta del trabajo</translation>
    </message>
    <message>
        <source>Without copies, the training machine must see the images at the paths this project knows them by.</source>
        <translation>Sin copias, la máquina de entrenamiento debe ver las imágenes en las rutas que este proyecto conoce.</translation>
    </message>
    <message>
        <source>Write Job</source>
        <translation>Escribir trabajo</translation>
    </message>
    <message>
        <source>New folder:</source>
        <translation>Carpeta nueva:</translation>
    </message>
    <message>
        <source>Processes:</source>
        <translation>Procesos:</translation>
    </message>
    <message>
        <source>Job Folder</source>
        <translation>Carpeta del trabajo</translation>
    </message>
    <message>
        <source>Writing the training job to %1…</source>
        <translation>Escribiendo el trabajo de entrenamiento en %1…</translation>
    </message>
    <message>
        <source>Training job written to %1. On the training machine run: sh run.sh [processes]; then bring the folder back and use Import Job Run…</source>
        <translation>Trabajo de entrenamiento escrito en %1. En la máquina de entrenamiento ejecute: sh run.sh [procesos]; después traiga la carpeta de vuelta y use Importar ejecución de trabajo…</translation>
    </message>
    <message>
        <source>The training job was not written: %1</source>
        <translation>No se escribió el trabajo de entrenamiento: %1</translation>
    </message>
    <message>
        <source>Import Runs of a Training Job</source>
        <translation>Importar ejecuciones de un trabajo de entrenamiento</translation>
    </message>
    <message>
        <source>Projects (*.dwb)</source>
        <translation>Proyectos (*.dwb)</translation>
    </message>
    <message>
        <source>No run was imported: %1</source>
        <translation>No se importó ninguna ejecución: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) of the job imported; the last is run %1.</source>
        <translation>
            <numerusform>%n ejecución del trabajo importada; la última es la ejecución %1.</numerusform>
            <numerusform>%n ejecuciones del trabajo importadas; la última es la ejecución %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dwb::TrainingProgressPanel</name>
    <message>
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
    <message>
        <source>Epoch:</source>
        <translation>Época:</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>Ejecución:</translation>
    </message>
    <message>
        <source>Remaining:</source>
        <translation>Tiempo restante:</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Dispositivo:</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>Hilos:</translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation>Velocidad:</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>Epoch %1 of %2: batch %3 of %4</source>
        <translation>Época %1 de %2: lote %3 de %4</translation>
    </message>
    <message>
        <source>%1 images/s</source>
        <translation>%1 imágenes/s</translation>
    </message>
    <message>
        <source>%1 (elapsed %2)</source>
        <translation>%1 (transcurrido: %2)</translation>
    </message>
    <message>
        <source>epoch %1, score %2</source>
        <translation>época %1, puntuación %2</translation>
    </message>
    <message>
        <source>Every epoch trained</source>
        <translation>Todas las épocas entrenadas</translation>
    </message>
    <message>
        <source>Time budget used</source>
        <translation>Presupuesto de tiempo agotado</translation>
    </message>
    <message>
        <source>Stopped early: the validation score stopped improving</source>
        <translation>Detenida antes de tiempo: la puntuación de validación dejó de mejorar</translation>
    </message>
    <message>
        <source>Stopped by the user</source>
        <translation>Detenida por el usuario</translation>
    </message>
    <message>
        <source>Estimated time to the end of the run; with a time budget, what is left of it</source>
        <translation>Tiempo estimado hasta el final de la ejecución; con un presupuesto de tiempo, lo que queda de él</translation>
    </message>
    <message>
        <source>The epoch with the best validation score so far</source>
        <translation>La época con la mejor puntuación de validación hasta ahora</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Tasa de aprendizaje:</translation>
    </message>
    <message>
        <source>Best epoch:</source>
        <translation>Mejor época:</translation>
    </message>
    <message>
        <source>Ended:</source>
        <translation>Final:</translation>
    </message>
    <message>
        <source>Epoch %1: batch %2 of %3</source>
        <translation>Época %1: lote %2 de %3</translation>
    </message>
    <message>
        <source>estimating… (elapsed %1)</source>
        <translation>estimando… (transcurrido: %1)</translation>
    </message>
    <message>
        <source>%1 of the %2 budget (elapsed %3)</source>
        <translation>quedan %1 de %2 de presupuesto (transcurrido: %3)</translation>
    </message>
    <message>
        <source>%1 (lambda %2)</source>
        <translation>%1 (lambda %2)</translation>
    </message>
    <message>
        <source>%1; thresholds calibrated on the validation split</source>
        <translation>%1; umbrales calibrados en la partición de validación</translation>
    </message>
    <message>
        <source>none validated</source>
        <translation>ninguna validada</translation>
    </message>
    <message>
        <source>%1: the model</source>
        <translation>%1: el modelo</translation>
    </message>
    <message>
        <source>%1; the model is the last epoch, %2</source>
        <translation>%1; el modelo es la última época, %2</translation>
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
        <source>With --screenshot: render only this panel (browser, editor, augment, training, review).</source>
        <translation>Con --screenshot: dibuja solo este panel (browser, editor, augment, training, review).</translation>
    </message>
</context>
</TS>
