#include "afterglow/app/cli.h"

int main(int argc, char** argv) {
  return afterglow::app::run_cli(argc, argv);
}
