// One-dimensional grids along the drawing axis for the thin-filament model.
//
//  - uniform(): N equal cells on [a, b] (verification runs).
//  - graded():  uniform cells of size h on the focus interval [f0, f1] and cells that grow
//               geometrically by 'ratio' from its ends towards a and b (the inlet far upstream
//               and the outlet far downstream need few cells).
//  - equidistributed(): a new grid of N cells on the same interval that equidistributes the arc
//               length of the given monitor curves, s = sum sqrt(dz^2/Lz^2 + sum_k dy_k^2/Y_k^2),
//               so cells concentrate where the solution changes fast (the neck, the cooling
//               front). A floor fraction of the cells stays uniform in z.
#pragma once

#include <vector>

namespace hotdraw
{
  namespace LineGrid
  {
    std::vector<double> uniform(double a, double b, unsigned int n_cells);

    std::vector<double> graded(double a, double b, double focus_begin, double focus_end,
                               double h_focus, double ratio = 1.1);

    // monitors[k][i] is the k-th solution component at node i of 'grid', scales[k] its scale.
    std::vector<double> equidistributed(const std::vector<double> &grid,
                                        const std::vector<std::vector<double>> &monitors,
                                        const std::vector<double> &scales, unsigned int n_cells,
                                        double uniform_fraction = 0.2);

    // Linear interpolation of nodal values y on 'from' to the nodes of 'to'.
    std::vector<double> interpolate(const std::vector<double> &from, const std::vector<double> &y,
                                    const std::vector<double> &to);

    // Throws std::invalid_argument if the grid is not strictly increasing.
    void check(const std::vector<double> &grid);
  }  // namespace LineGrid
}  // namespace hotdraw
