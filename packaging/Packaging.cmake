# CPack: a Debian package with both executables, a desktop entry and an icon (`make package`).

install(FILES ${PROJECT_SOURCE_DIR}/packaging/defect-workbench.desktop
        DESTINATION share/applications)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/defect-workbench-mime.xml
        DESTINATION share/mime/packages RENAME defect-workbench.xml)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/defect-workbench.svg
        DESTINATION share/icons/hicolor/scalable/apps)

set(CPACK_PACKAGE_NAME "defect-workbench")
set(CPACK_PACKAGE_VENDOR "Defect Workbench")
set(CPACK_PACKAGE_CONTACT "Defect Workbench maintainers <maintainers@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Plugins are loaded at run time, so shlibdeps cannot see them: the SVG icons need these.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Import, label, augment, train and review surface-defect datasets.\n\
 A Qt desktop workbench and the dwb command-line tool for small-defect\n\
 segmentation with Context Aggregation Networks and guided-crop augmentation.")
include(CPack)
