// Internal to hotdraw_postprocess (includes VTK): VTK readers and writers do not throw, they report
// errors through vtkErrorMacro, which prints them unless an observer handles the ErrorEvent.
// VtkErrorObserver collects those messages so that the callers can throw them instead.
#pragma once

#include <vtkCommand.h>
#include <vtkObject.h>
#include <vtkXMLReader.h>

#include <algorithm>
#include <string>
#include <vector>

namespace hotdraw
{
  class VtkErrorObserver : public vtkCommand
  {
  public:
    static VtkErrorObserver *New() { return new VtkErrorObserver; }

    // Handle the ErrorEvent and WarningEvent of 'object' from now on.
    void observe(vtkObject *object)
    {
      object->AddObserver(vtkCommand::ErrorEvent, this);
      object->AddObserver(vtkCommand::WarningEvent, this);
    }

    void Execute(vtkObject *caller, unsigned long event, void *data) override
    {
      std::string message = clean(data ? static_cast<const char *>(data) : "");
      if (name_reader_files)
        if (auto *reader = vtkXMLReader::SafeDownCast(caller); reader && reader->GetFileName())
          message = "'" + std::string(reader->GetFileName()) + "': " + message;
      if (event == vtkCommand::ErrorEvent)
        add(errors, message.empty() ? "unspecified VTK error" : message);
      else if (event == vtkCommand::WarningEvent)
        add(warnings, message);
    }

    // All errors on one line, separated by "; ", for an exception message.
    std::string error_text() const
    {
      std::string text;
      for (const auto &e : errors)
        text += (text.empty() ? "" : "; ") + e;
      return text;
    }

    std::vector<std::string> errors, warnings;
    // Prefix the messages of XML readers with the file they read (for the pieces of a parallel
    // file, whose names the caller does not know).
    bool name_reader_files = false;

  private:
    VtkErrorObserver() = default;

    // Readers repeat their messages for each pipeline pass: keep each once.
    static void add(std::vector<std::string> &messages, const std::string &m)
    {
      if (std::find(messages.begin(), messages.end(), m) == messages.end())
        messages.push_back(m);
    }

    // VTK's message reads "ERROR: In <source file>, line <n>\n<class> (<address>): <text>\n\n";
    // keep "<class>: <text>" up to the end of its first line (executives append a multi-line dump
    // of the failed request).
    static std::string clean(std::string m)
    {
      if (m.rfind("ERROR: In ", 0) == 0 || m.rfind("Warning: In ", 0) == 0)
        {
          const auto eol = m.find('\n');
          m = eol == std::string::npos ? std::string() : m.substr(eol + 1);
        }
      m = m.substr(0, m.find_first_of("\r\n"));
      const auto open = m.find(" (0x");
      const auto close = m.find("): ");
      if (open != std::string::npos && close != std::string::npos && open < close)
        m = m.substr(0, open) + ": " + m.substr(close + 3);
      const auto end = m.find_last_not_of(' ');
      return end == std::string::npos ? std::string() : m.substr(0, end + 1);
    }
  };

  // Error events are only emitted while VTK's global warning display is on (vtkErrorMacro checks
  // it first); switch it on for the lifetime of this object and restore the setting afterwards.
  class VtkWarningDisplayOn
  {
  public:
    VtkWarningDisplayOn() : previous_(vtkObject::GetGlobalWarningDisplay())
    {
      vtkObject::GlobalWarningDisplayOn();
    }
    ~VtkWarningDisplayOn() { vtkObject::SetGlobalWarningDisplay(previous_); }
    VtkWarningDisplayOn(const VtkWarningDisplayOn &) = delete;
    VtkWarningDisplayOn &operator=(const VtkWarningDisplayOn &) = delete;

  private:
    int previous_;
  };
}  // namespace hotdraw
