import type { trainRun } from './train-run.js';

/** How much work an experiment does: `quick` is the version the test suite runs. */
export interface ExperimentSettings {
  quick: boolean;
  seeds: number[];
  /** Progress lines for the person watching. */
  log: (line: string) => void;
  /** The training function (tests may wrap it). */
  train: typeof trainRun;
}

/** A chart of an experiment: x values, one series per label, axis titles. */
export interface ExperimentChart {
  file: string;
  title: string;
  xLabel: string;
  yLabel: string;
  x: number[];
  series: Record<string, number[]>;
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
}

export interface Experiment {
  name: string;
  summary: string;
  run: (settings: ExperimentSettings) => Promise<ExperimentResult>;
}
