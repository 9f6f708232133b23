"""The options every sized benchmark takes: how many runs to time, and the sizes to run at (issue 22)."""

import argparse


def sized_parser(*, runs: int, runs_help: str = "runs timed", scale: str = "1") -> argparse.ArgumentParser:
    """A parser with --runs and --scale (services per cluster times each factor, e.g. 1,2,4)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=runs, help=runs_help)
    parser.add_argument("--scale", default=scale, help="services per cluster times these factors, e.g. 1,2,4")
    return parser


def scales(args: argparse.Namespace) -> list[int]:
    """The factors --scale gave: "1,2,4" -> [1, 2, 4]."""
    return [int(x) for x in args.scale.split(",")]
