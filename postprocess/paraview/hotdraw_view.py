"""Open the finite-element results of a hotdraw run in ParaView, ready to look at.

For each wire folder fe_<d>um (the given one, or every one in a results directory) it shows the
converged steady state (steady.vtu) with the radius stretched in the display only (the
representation's Scale; the data and the vectors keep their values), log colour maps for the
viscosity and the velocity magnitude, and the material paths (paths.vtp) on top.

Screenshots (pvbatch, no window):
    xvfb-run -a pvbatch postprocess/paraview/hotdraw_view.py results/ --out shots/
writes shots/<wire>_<field>.png for the fields viscosity, velocity, temperature and, when the run
computed them (steady runs), the Eulerian fictive_temperature or free_volume and shear_strain,
each with the paths.

Interactive: pvpython postprocess/paraview/hotdraw_view.py results/fe_200um --interact
or, in the ParaView GUI (View > Python Shell):
    import sys; sys.path.insert(0, '<hotdraw>/postprocess/paraview')
    import hotdraw_view; hotdraw_view.show('<results>/fe_200um')

Options: --wire 200um (one wire of a results directory), --field NAME (colour the GUI view or
restrict the screenshots), --r-stretch X (default: auto, the radius drawn at 1/8 of the
length), --size WIDTHxHEIGHT (default 1600x900), --no-paths.
"""

import argparse
import glob
import math
import os
import sys

from paraview import simple as pv

# The fields of the screenshots: (name, array, log scale, title of the colour bar, preset).
FIELDS = [
    ("viscosity", "viscosity_Pa_s", True, "viscosity (Pa s)", "Viridis (matplotlib)"),
    ("velocity", "velocity_m_per_s", True, "velocity magnitude (m/s)", "Plasma (matplotlib)"),
    ("temperature", "temperature_K", False, "temperature (K)", "Inferno (matplotlib)"),
    # the Eulerian fields of steady runs (the structural state of the chosen model)
    ("fictive_temperature", "fictive_temperature_K", False, "fictive temperature (K)",
     "Cool to Warm"),
    ("free_volume", "free_volume_x", False, "free volume x", "Cool to Warm"),
    ("shear_strain", "shear_strain", False, "shear strain", "Viridis (matplotlib)"),
]
PATH_ARRAY = "temperature_K"


def wire_folders(path, wire=None):
    """The fe_<d>um folders of 'path' (itself if it is one), sorted; SystemExit if none."""
    path = os.path.abspath(path)
    if os.path.isfile(os.path.join(path, "steady.vtu")):
        folders = [path]
    else:
        folders = sorted(f for f in glob.glob(os.path.join(path, "fe_*um"))
                         if os.path.isfile(os.path.join(f, "steady.vtu")))
    if wire is not None:
        folders = [f for f in folders if os.path.basename(f) in (wire, "fe_" + wire)]
    if not folders:
        raise SystemExit("hotdraw_view: no finite-element results (fe_<d>um/steady.vtu) in '%s'%s"
                         % (path, " for the wire '%s'" % wire if wire else "")
                         + "; run hotdraw with 'Flow solver = finite element' first.")
    return folders


def auto_stretch(bounds):
    """The radial stretch that draws the largest radius at 1/8 of the length, rounded."""
    r_max, length = bounds[1], bounds[3] - bounds[2]
    if r_max <= 0 or length <= 0:
        return 1.0
    s = length / (8 * r_max)
    digits = 10 ** math.floor(math.log10(s))
    return max(1.0, round(s / digits) * digits)


def color_by(display, name, array, log, title, preset, view):
    """Colour 'display' by the point array 'array' (its magnitude for vectors)."""
    info = display.Input.PointData[array]
    if info is None:
        return False
    pv.ColorBy(display, ("POINTS", array, "Magnitude"))
    pv.HideUnusedScalarBars(view)  # the bar of the previous field
    # colours per point: interpolating texture coordinates breaks log scales over 8 decades
    display.InterpolateScalarsBeforeMapping = 0
    lut = pv.GetColorTransferFunction(array)
    lut.ApplyPreset(preset, True)
    lo, hi = info.GetRange(-1)
    if log:
        lo = max(lo, hi * 1e-12) if hi > 0 else 1e-12
        lut.UseLogScale = 0
        lut.RescaleTransferFunction(lo, max(hi, lo * 1.0001))
        lut.MapControlPointsToLogSpace()
        lut.UseLogScale = 1
    else:
        lut.UseLogScale = 0
        lut.RescaleTransferFunction(lo, max(hi, lo + 1e-12))
    lut.AutomaticRescaleRangeMode = "Never"
    bar = pv.GetScalarBar(lut, view)
    bar.Title = title
    bar.ComponentTitle = ""
    bar.TitleColor = bar.LabelColor = [0, 0, 0]  # the default white is lost on white
    bar.TitleFontSize = bar.LabelFontSize = 14
    bar.Orientation = "Horizontal"  # below the domain, which fills the middle band
    bar.WindowLocation = "Lower Center"
    bar.ScalarBarLength = 0.5
    if log:  # one label per decade (per few decades over a wide range), not the minor ticks
        first, last = math.ceil(math.log10(lo)), math.floor(math.log10(hi))
        step = max(1, (last - first + 1) // 6)
        bar.UseCustomLabels = 1
        bar.CustomLabels = [10.0 ** k for k in range(first, last + 1, step)]
        bar.LabelFormat = "%.0e"
        bar.RangeLabelFormat = "%.1e"
    else:
        bar.UseCustomLabels = 0
        bar.RangeLabelFormat = "%.4g"
    bar.Visibility = 1
    display.SetScalarBarVisibility(view, True)
    return True


class WireView:
    """The converged state and the paths of one fe_<d>um folder in a render view."""

    def __init__(self, folder, stretch="auto", size=(1600, 900), paths=True):
        self.folder = folder
        self.name = os.path.basename(folder)
        self.view = pv.CreateView("RenderView")
        self.view.ViewSize = list(size)
        self.view.OrientationAxesVisibility = 0
        self.view.Background = [1, 1, 1]
        try:  # ParaView 5.10+: the background colour is used only without a palette
            self.view.UseColorPaletteForBackground = 0
        except AttributeError:
            pass
        self.steady = pv.XMLUnstructuredGridReader(
            registrationName=self.name + "/steady.vtu",
            FileName=[os.path.join(folder, "steady.vtu")])
        self.steady.UpdatePipeline()
        bounds = self.steady.GetDataInformation().GetBounds()
        self.stretch = auto_stretch(bounds) if stretch == "auto" else float(stretch)
        self.display = pv.Show(self.steady, self.view)
        self.display.Scale = [self.stretch, 1.0, 1.0]  # r stretched in the display only
        self.paths_display = None
        path_file = os.path.join(folder, "paths.vtp")
        if paths and os.path.isfile(path_file):
            self.paths = pv.XMLPolyDataReader(registrationName=self.name + "/paths.vtp",
                                              FileName=[path_file])
            self.paths_display = pv.Show(self.paths, self.view)
            self.paths_display.Scale = [self.stretch, 1.0, 1.0]
            self.paths_display.LineWidth = 1.0
            self.paths_display.Opacity = 0.25
            self.paths_display.ColorArrayName = ["POINTS", ""]  # a solid colour
            self.paths_display.AmbientColor = self.paths_display.DiffuseColor = [0.15] * 3
        self.label = pv.Text(registrationName=self.name + "/label")
        self.label_display = pv.Show(self.label, self.view)
        self.label_display.WindowLocation = "Upper Left Corner"
        self.label_display.Color = [0, 0, 0]
        self.label_display.FontSize = 14
        pv.Render(self.view)  # the first render resets the camera: place it afterwards
        self.place_camera(bounds)

    def place_camera(self, bounds):
        """The axis z from left to right, the radius r upwards (stretched)."""
        cx = 0.5 * (bounds[0] + bounds[1]) * self.stretch
        cy = 0.5 * (bounds[2] + bounds[3])
        self.view.CameraFocalPoint = [cx, cy, 0]
        self.view.CameraPosition = [cx, cy, -1]
        self.view.CameraViewUp = [1, 0, 0]
        self.view.CameraParallelProjection = 1
        # fit the stretched domain (the parallel scale is half the visible height)
        width, height = self.view.ViewSize
        length, r_extent = bounds[3] - bounds[2], (bounds[1] - bounds[0]) * self.stretch
        self.view.CameraParallelScale = 0.55 * max(r_extent, length * height / width)

    def show_field(self, field):
        """Colour by one entry of FIELDS; False if the file does not have its array."""
        name, array, log, title, preset = field
        if not color_by(self.display, name, array, log, title, preset, self.view):
            return False
        self.label.Text = "%s: %s, converged steady state (r stretched %gx in the display)" % (
            self.name, title, self.stretch)
        return True

    def screenshot(self, field, out_dir):
        """<out_dir>/<wire>_<field>.png; None if the field is not in the file."""
        if not self.show_field(field):
            return None
        filename = os.path.join(out_dir, "%s_%s.png" % (self.name, field[0]))
        pv.Render(self.view)
        pv.SaveScreenshot(filename, self.view, ImageResolution=list(self.view.ViewSize),
                          TransparentBackground=0)
        return filename


def show(path, field="viscosity", wire=None, stretch="auto", paths=True, size=(1600, 900)):
    """In a ParaView session (GUI or pvpython): the first wire of 'path', coloured by 'field'."""
    w = WireView(wire_folders(path, wire)[0], stretch, size, paths)
    chosen = [f for f in FIELDS if f[0] == field]
    if not chosen:
        raise SystemExit("hotdraw_view: unknown field '%s' (fields: %s)"
                         % (field, ", ".join(f[0] for f in FIELDS)))
    w.show_field(chosen[0])
    pv.SetActiveView(w.view)
    pv.Render(w.view)
    return w


def parse_size(text):
    try:
        width, height = (int(x) for x in text.lower().split("x"))
        if width < 16 or height < 16:
            raise ValueError
        return width, height
    except ValueError:
        raise argparse.ArgumentTypeError("'%s' is not WIDTHxHEIGHT (pixels, at least 16)" % text)


def main(argv):
    parser = argparse.ArgumentParser(prog="hotdraw_view.py", description=__doc__.split("\n")[0])
    parser.add_argument("results", help="a results directory or one of its fe_<d>um folders")
    parser.add_argument("--out", "--screenshot-dir", dest="out",
                        help="write the screenshots (PNG) to this directory")
    parser.add_argument("--size", type=parse_size, default=(1600, 900), help="WIDTHxHEIGHT")
    parser.add_argument("--r-stretch", default="auto", help="radial display stretch (auto)")
    parser.add_argument("--wire", help="one wire of a results directory, e.g. 200um")
    parser.add_argument("--field", choices=[f[0] for f in FIELDS],
                        help="colour by this field (screenshots: only this one)")
    parser.add_argument("--no-paths", action="store_true", help="hide the material paths")
    parser.add_argument("--interact", action="store_true", help="open an interactive window")
    args = parser.parse_args(argv)
    if args.r_stretch != "auto":
        try:
            if float(args.r_stretch) <= 0:
                raise ValueError
        except ValueError:
            parser.error("--r-stretch: '%s' is not 'auto' or a positive number" % args.r_stretch)
    folders = wire_folders(args.results, args.wire)
    if args.out is None:
        w = show(folders[0], args.field or "viscosity", None, args.r_stretch, not args.no_paths,
                 args.size)
        if args.interact:
            pv.Interact(w.view)
        return
    os.makedirs(args.out, exist_ok=True)
    fields = [f for f in FIELDS if args.field in (None, f[0])]
    for folder in folders:
        w = WireView(folder, args.r_stretch, args.size, not args.no_paths)
        for field in fields:
            written = w.screenshot(field, args.out)
            print("hotdraw_view: %s" % (written or "%s: no array '%s', skipped" % (w.name,
                                                                                    field[1])))


if __name__ == "__main__":
    # no sys.exit() on success: pvbatch 5.11 crashes (SIGSEGV) when SystemExit ends a script
    # that rendered; errors raise SystemExit with their message
    main(sys.argv[1:])
