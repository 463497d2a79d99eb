import type { Problem } from './problem.js';
import type { trainRun } from './train-run.js';

/** How much work an experiment does: `quick` is the version the test suite runs. */
export interface ExperimentSettings {
  quick: boolean;
  seeds: number[];
  /** Progress lines for the person watching. */
  log: (line: string) => void;
  /** The training function (tests may wrap it); it trains `problem`'s network on its data. */
  train: typeof trainRun;
  /** The network and data `train` uses, for the setups and findings. */
  problem: Problem;
  /** Training steps, for the experiments counted in steps (paper-mnist); default: theirs. */
  steps?: number;
}

/** A chart of an experiment: x values, one series per label, axis titles. */
export interface ExperimentChart {
  file: string;
  title: string;
  xLabel: string;
  yLabel: string;
  x: number[];
  series: Record<string, number[]>;
  /** Line colours, one per series (default: matplotlib's tab10 cycle). */
  colors?: string[];
}

/** What an experiment found: a table of means and spreads, charts, and the sentences it supports. */
export interface ExperimentResult {
  name: string;
  title: string;
  claim: string;
  setup: string;
  columns: string[];
  rows: string[][];
  charts: ExperimentChart[];
  findings: string[];
  /** Per-run measurements, written as JSON beside the charts (paper-mnist). */
  raw?: unknown;
}

export interface Experiment {
  name: string;
  summary: string;
  /** Not part of `bnkit experiment all`: it has its own data and protocol (paper-mnist). */
  standalone?: boolean;
  run: (settings: ExperimentSettings) => Promise<ExperimentResult>;
}
