#include "postprocess/vtk_check.h"

#include "postprocess/vtk_errors.h"
#include "postprocess/vtk_quads.h"

#include <vtkCellData.h>
#include <vtkDataArray.h>
#include <vtkDataSet.h>
#include <vtkErrorCode.h>
#include <vtkExecutive.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkXMLDataElement.h>
#include <vtkXMLDataParser.h>
#include <vtkXMLPUnstructuredGridReader.h>
#include <vtkXMLPolyDataReader.h>
#include <vtkXMLUnstructuredGridReader.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <type_traits>

namespace hotdraw
{
  namespace
  {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();

    void require_regular_file(const std::string &filename)
    {
      std::error_code ec;
      if (!std::filesystem::exists(filename, ec))
        throw std::runtime_error("The VTK file '" + filename + "' does not exist.");
      if (!std::filesystem::is_regular_file(filename, ec))
        throw std::runtime_error("'" + filename + "' is not a regular file.");
    }

    // vtkErrorCode::GetStringFromErrorCode lives in VTK::CommonMisc, which hotdraw does not link.
    std::string error_code_text(unsigned long code)
    {
      switch (code)
        {
          case vtkErrorCode::FileNotFoundError:
            return "file not found";
          case vtkErrorCode::CannotOpenFileError:
            return "cannot open the file";
          case vtkErrorCode::UnrecognizedFileTypeError:
            return "unrecognized file type";
          case vtkErrorCode::PrematureEndOfFileError:
            return "premature end of file";
          case vtkErrorCode::FileFormatError:
            return "file format error";
          case vtkErrorCode::NoFileNameError:
            return "no file name";
          case vtkErrorCode::OutOfDiskSpaceError:
            return "out of disk space";
          default:
            return "VTK error code " + std::to_string(code);
        }
    }

    VtkArrayStats array_stats(vtkDataArray *a)
    {
      VtkArrayStats s;
      s.name = a->GetName() ? a->GetName() : "";
      s.n_components = a->GetNumberOfComponents();
      s.n_tuples = static_cast<std::size_t>(a->GetNumberOfTuples());
      const auto nc = static_cast<std::size_t>(s.n_components);
      s.component_min.assign(nc, inf);
      s.component_max.assign(nc, -inf);
      double magnitude_min = inf, magnitude_max = -inf;
      for (vtkIdType t = 0; t < a->GetNumberOfTuples(); ++t)
        {
          bool tuple_finite = true;
          double sum_of_squares = 0;
          for (std::size_t c = 0; c < nc; ++c)
            {
              const double v = a->GetComponent(t, static_cast<int>(c));
              if (!std::isfinite(v))
                {
                  tuple_finite = false;
                  continue;
                }
              s.component_min[c] = std::min(s.component_min[c], v);
              s.component_max[c] = std::max(s.component_max[c], v);
              sum_of_squares += v * v;
            }
          s.all_finite = s.all_finite && tuple_finite;
          if (tuple_finite)
            {
              const double magnitude = std::sqrt(sum_of_squares);
              magnitude_min = std::min(magnitude_min, magnitude);
              magnitude_max = std::max(magnitude_max, magnitude);
            }
        }
      // No finite value: the range is unknown.
      for (std::size_t c = 0; c < nc; ++c)
        if (s.component_min[c] > s.component_max[c])
          s.component_min[c] = s.component_max[c] = nan;
      if (magnitude_min > magnitude_max)
        magnitude_min = magnitude_max = nan;
      if (nc == 1)
        {
          s.min = s.component_min[0];
          s.max = s.component_max[0];
        }
      else
        {
          s.min = magnitude_min;
          s.max = magnitude_max;
        }
      return s;
    }

    // Numeric arrays only: string and other non-numeric arrays have no range (deal.II writes
    // none).
    template <typename Data>
    std::vector<VtkArrayStats> all_array_stats(Data *data)
    {
      std::vector<VtkArrayStats> stats;
      for (int i = 0; i < data->GetNumberOfArrays(); ++i)
        if (vtkDataArray *a = data->GetArray(i))
          stats.push_back(array_stats(a));
      return stats;
    }

    // The parallel reader creates one reader per piece while it executes, and VTK 9.1 does not
    // pass the error observers on to them: observe them, their XML parsers and their executives.
    class ObservedPUnstructuredGridReader : public vtkXMLPUnstructuredGridReader
    {
    public:
      static ObservedPUnstructuredGridReader *New()
      {
        auto *reader = new ObservedPUnstructuredGridReader;
        reader->InitializeObjectBase();
        return reader;
      }
      VtkErrorObserver *piece_observer = nullptr;
      VtkErrorObserver *executive_observer = nullptr;

    protected:
      vtkXMLDataReader *CreatePieceReader() override
      {
        vtkXMLDataReader *piece_reader = vtkXMLPUnstructuredGridReader::CreatePieceReader();
        if (piece_observer != nullptr)
          {
            piece_observer->observe(piece_reader);
            piece_reader->SetParserErrorObserver(piece_observer);
          }
        if (executive_observer != nullptr)
          executive_observer->observe(piece_reader->GetExecutive());
        return piece_reader;
      }
    };

    template <typename Reader>
    VtkFileStats read_with(const std::string &filename, const std::string &kind)
    {
      VtkWarningDisplayOn display_on;
      vtkNew<VtkErrorObserver> observer, piece_observer, executive_observer;
      vtkNew<Reader> reader;
      // The reader's own errors and those of its XML parser.
      observer->observe(reader);
      reader->SetParserErrorObserver(observer);
      // Pipeline failures: they only repeat that a reader failed, so they are reported only if
      // the readers themselves said nothing.
      executive_observer->observe(reader->GetExecutive());
      if constexpr (std::is_same_v<Reader, ObservedPUnstructuredGridReader>)
        {
          piece_observer->name_reader_files = true;
          reader->piece_observer = piece_observer;
          reader->executive_observer = executive_observer;
        }

      if (!reader->CanReadFile(filename.c_str()))
        throw std::runtime_error("'" + filename + "' is not a VTK XML " + kind + " file (" +
                                 reader->GetClassName() + " cannot read it).");
      reader->SetFileName(filename.c_str());
      reader->Update();

      const auto fail = [&](const std::string &what) {
        return std::runtime_error("Reading the VTK file '" + filename + "' failed: " + what);
      };
      if (!piece_observer->errors.empty() || !observer->errors.empty())
        {
          // The piece's own message first, then the parallel reader's conclusion.
          const std::string pieces = piece_observer->error_text(), own = observer->error_text();
          throw fail(pieces + (pieces.empty() || own.empty() ? "" : "; ") + own);
        }
      if (!executive_observer->errors.empty())
        throw fail(executive_observer->error_text());
      if (reader->GetErrorCode() != vtkErrorCode::NoError)
        throw fail(error_code_text(reader->GetErrorCode()) + ".");
      vtkDataSet *output = reader->GetOutputAsDataSet();
      if (output == nullptr)
        throw fail(std::string(reader->GetClassName()) + " produced no data set.");
      if (output->GetNumberOfPoints() == 0)
        throw fail("the data set has no points.");

      VtkFileStats stats;
      stats.filename = filename;
      stats.n_points = static_cast<std::size_t>(output->GetNumberOfPoints());
      stats.n_cells = static_cast<std::size_t>(output->GetNumberOfCells());
      std::vector<std::array<double, 3>> xyz(stats.n_points);
      for (std::size_t i = 0; i < xyz.size(); ++i)
        output->GetPoint(static_cast<vtkIdType>(i), xyz[i].data());
      stats.n_distinct_points = count_distinct_points(xyz, 1e-7);
      stats.point_data = all_array_stats(output->GetPointData());
      stats.cell_data = all_array_stats(output->GetCellData());
      stats.warnings = observer->warnings;
      stats.warnings.insert(stats.warnings.end(), piece_observer->warnings.begin(),
                            piece_observer->warnings.end());
      stats.warnings.insert(stats.warnings.end(), executive_observer->warnings.begin(),
                            executive_observer->warnings.end());
      return stats;
    }

    const VtkArrayStats *find_array(const std::vector<VtkArrayStats> &arrays,
                                    const std::string &name)
    {
      const auto it = std::find_if(arrays.begin(), arrays.end(),
                                   [&](const VtkArrayStats &a) { return a.name == name; });
      return it == arrays.end() ? nullptr : &*it;
    }
  }  // namespace

  const VtkArrayStats *VtkFileStats::find_point_data(const std::string &name) const
  {
    return find_array(point_data, name);
  }

  const VtkArrayStats *VtkFileStats::find_cell_data(const std::string &name) const
  {
    return find_array(cell_data, name);
  }

  std::vector<PvdDataSet> read_pvd(const std::string &filename)
  {
    require_regular_file(filename);
    VtkWarningDisplayOn display_on;
    vtkNew<VtkErrorObserver> observer;
    vtkNew<vtkXMLDataParser> parser;
    observer->observe(parser);
    parser->SetFileName(filename.c_str());
    if (!parser->Parse() || !observer->errors.empty())
      throw std::runtime_error(
        "The ParaView collection '" + filename + "' is not valid XML" +
        (observer->errors.empty() ? std::string(".") : ": " + observer->error_text()));

    vtkXMLDataElement *root = parser->GetRootElement();
    const char *type = root ? root->GetAttribute("type") : nullptr;
    if (root == nullptr || std::strcmp(root->GetName(), "VTKFile") != 0 || type == nullptr ||
        std::strcmp(type, "Collection") != 0)
      throw std::runtime_error("'" + filename +
                               "' is not a ParaView collection (expected <VTKFile "
                               "type=\"Collection\">).");
    vtkXMLDataElement *collection = root->FindNestedElementWithName("Collection");
    if (collection == nullptr)
      throw std::runtime_error("The ParaView collection '" + filename +
                               "' has no <Collection> element.");

    const std::filesystem::path directory = std::filesystem::path(filename).parent_path();
    std::vector<PvdDataSet> data_sets;
    for (int i = 0; i < collection->GetNumberOfNestedElements(); ++i)
      {
        vtkXMLDataElement *e = collection->GetNestedElement(i);
        if (std::strcmp(e->GetName(), "DataSet") != 0)
          continue;
        const std::string where =
          "The ParaView collection '" + filename + "', DataSet " + std::to_string(data_sets.size());
        const char *file = e->GetAttribute("file");
        if (file == nullptr || *file == '\0')
          throw std::runtime_error(where + " has no file attribute.");
        PvdDataSet d;
        d.file = (directory / file).lexically_normal().string();  // absolute paths stay as they are
        if (const char *timestep = e->GetAttribute("timestep"))
          {
            double t;
            if (!e->GetScalarAttribute("timestep", t))
              throw std::runtime_error(where + ": timestep '" + timestep + "' is not a number.");
            d.timestep = t;
          }
        data_sets.push_back(d);
      }
    return data_sets;
  }

  VtkFileStats read_vtk_stats(const std::string &filename)
  {
    require_regular_file(filename);
    std::string extension = std::filesystem::path(filename).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension == ".pvtu")
      return read_with<ObservedPUnstructuredGridReader>(filename, "parallel unstructured grid");
    if (extension == ".vtu")
      return read_with<vtkXMLUnstructuredGridReader>(filename, "unstructured grid");
    if (extension == ".vtp")
      return read_with<vtkXMLPolyDataReader>(filename, "poly data");
    throw std::runtime_error("'" + filename + "' has the extension '" + extension +
                             "'; read_vtk_stats reads .pvtu, .vtu and .vtp files.");
  }
}  // namespace hotdraw
