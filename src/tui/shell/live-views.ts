import React from 'react';
import { Box, Text } from 'ink';
import { fit } from '../kit/text.js';
import type { AppApi, LiveIndexView, ModalModel, ViewInit, ViewModel } from './app-api.js';
import { CHAIN, COVERAGE, CREDENTIALS, INSIGHTS, NOTABLE } from './routes.js';
import { liveLine } from './live-line.js';

/** Views that read tables derived from the whole case file at the end of an index run. */
export const DERIVED_KINDS: ReadonlySet<string> = new Set([
  NOTABLE,
  INSIGHTS,
  CREDENTIALS,
  CHAIN,
  COVERAGE,
]);

/**
 * Stands in for a derived view while the index run goes on: it says what it waits for; the shell
 * replaces it with the real view when the run ends.
 */
export class ComputingView implements ViewModel {
  readonly kind: string;
  title: string;
  readonly handlers = {};
  private width = 80;

  constructor(
    readonly init: ViewInit,
    private readonly app: AppApi,
  ) {
    this.kind = init.kind;
    this.title = init.title;
  }

  context() {
    return {};
  }
  layout(width: number): void {
    this.width = width;
  }
  draw(): React.ReactNode {
    const p = this.app.services.live?.progress ?? null;
    return React.createElement(
      Box,
      { flexDirection: 'column' },
      React.createElement(
        Text,
        { wrap: 'truncate', bold: true },
        fit(
          'computing… (rules, credential chains, insights and coverage are derived from the whole',
          this.width,
        ),
      ),
      React.createElement(
        Text,
        { wrap: 'truncate' },
        fit('case file when the index run ends; this view opens by itself then)', this.width),
      ),
      React.createElement(Text, { wrap: 'truncate', dimColor: true }, fit(liveLine(p), this.width)),
    );
  }
}

/** `q` while indexing: stop the run and quit, or stay. */
export function confirmModal(app: AppApi, live: LiveIndexView): ModalModel {
  return {
    id: 'confirm-quit',
    placement: 'bottom',
    lines: 1,
    hint: 'q stop indexing and quit (the same command resumes)  Esc stay',
    key(key) {
      if (key === 'q' || key === 'y') {
        app.closeModal();
        live.stop();
        app.quit(true);
      } else if (key === 'escape' || key === 'n') app.closeModal();
    },
    draw(width) {
      return React.createElement(
        Text,
        { wrap: 'truncate', bold: true },
        `the index run is still going: q stops it and quits, Esc stays`.slice(0, width),
      );
    },
  };
}
