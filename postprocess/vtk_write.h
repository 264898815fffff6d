// Internal to hotdraw_postprocess (includes VTK): writes a data set with a VTK XML writer in the
// project's format (appended raw binary, zlib-compressed, as ParaView writes it) under a
// temporary name, renamed when complete (postprocess/atomic_file.h).
#pragma once

#include <vtkDataObject.h>
#include <vtkXMLWriter.h>

#include <string>

namespace hotdraw
{
  // Throws std::runtime_error "Writing <what> to '<filename>' failed: <VTK's message>" if the
  // writer reports an error (the temporary is then removed).
  void write_xml_atomically(vtkXMLWriter &writer, vtkDataObject *data, const std::string &filename,
                            const std::string &what);
}  // namespace hotdraw
