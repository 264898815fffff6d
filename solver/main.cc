// hotdraw: process simulator for the hot drawing of metallic-glass wires.
// The application lives in the solver library; see solver/application.h.
#include "solver/app/application.h"

int main(int argc, char **argv)
{
  return hotdraw::run_application(argc, argv);
}
