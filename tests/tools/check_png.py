"""Checks that screenshots are not blank: run with pvbatch or pvpython (VTK's PNG reader).

    pvbatch tests/tools/check_png.py MIN_WIDTH MIN_HEIGHT FILE.png...

Each file must exist, be at least MIN_WIDTH x MIN_HEIGHT pixels, have at least 5 % of its pixels
differing from the background (the colour of the corner pixel) and at least 64 distinct colours
(a colour map, not a flat fill). Exit status 1 with one line per failed file.
"""

import os
import sys

import numpy
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkIOImage import vtkPNGReader


def check(filename, min_width, min_height):
    if not os.path.isfile(filename):
        return "%s: missing" % filename
    reader = vtkPNGReader()
    if not reader.CanReadFile(filename):
        return "%s: not a PNG file" % filename
    reader.SetFileName(filename)
    reader.Update()
    image = reader.GetOutput()
    width, height, _ = image.GetDimensions()
    if width < min_width or height < min_height:
        return "%s: %dx%d pixels, expected at least %dx%d" % (filename, width, height, min_width,
                                                               min_height)
    pixels = vtk_to_numpy(image.GetPointData().GetScalars())[:, :3].astype(numpy.int64)
    background = pixels[0]
    drawn = numpy.count_nonzero(numpy.any(pixels != background, axis=1)) / len(pixels)
    colours = len(numpy.unique(pixels[:, 0] * 65536 + pixels[:, 1] * 256 + pixels[:, 2]))
    print("check_png: %s: %dx%d, %.1f %% drawn, %d colours" % (filename, width, height,
                                                                100 * drawn, colours))
    if drawn < 0.05:
        return "%s: blank (only %.2f %% of the pixels differ from the background)" % (
            filename, 100 * drawn)
    if colours < 64:
        return "%s: only %d distinct colours (no colour map drawn)" % (filename, colours)
    return None


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    failures = [m for m in (check(f, int(argv[0]), int(argv[1])) for f in argv[2:]) if m]
    for m in failures:
        print("check_png: FAILED: " + m, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
