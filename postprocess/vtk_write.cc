#include "postprocess/vtk_write.h"

#include "postprocess/atomic_file.h"
#include "postprocess/vtk_errors.h"

#include <vtkExecutive.h>
#include <vtkNew.h>

#include <filesystem>
#include <stdexcept>

namespace hotdraw
{
  void write_xml_atomically(vtkXMLWriter &writer, vtkDataObject *data, const std::string &filename,
                            const std::string &what)
  {
    VtkWarningDisplayOn display_on;
    vtkNew<VtkErrorObserver> observer, executive_observer;
    observer->observe(&writer);
    executive_observer->observe(writer.GetExecutive());  // "returned failure": a fallback only
    const std::string temporary = temporary_name(filename);
    writer.SetFileName(temporary.c_str());
    writer.SetInputData(data);
    writer.SetDataModeToAppended();
    writer.EncodeAppendedDataOff();  // raw binary, as ParaView writes it
    writer.SetCompressorTypeToZLib();
    const int ok = writer.Write();
    if (ok != 1 || !observer->errors.empty() || !executive_observer->errors.empty())
      {
        const std::string why =
          !observer->errors.empty() ? observer->error_text() : executive_observer->error_text();
        std::filesystem::remove(temporary);
        throw std::runtime_error("Writing " + what + " to '" + filename + "' failed" +
                                 (why.empty() ? std::string(".") : ": " + why));
      }
    commit_temporary(temporary, filename);
  }
}  // namespace hotdraw
