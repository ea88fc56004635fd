import React from 'react';
import { Box, Text } from 'ink';
import type { AppApi, ModalModel } from '../shell/app-api.js';
import { editLine, lineEdit, pushHistory, type LineEdit } from '../kit/line-edit.js';
import { inputColumn, inputRoom, LineInput } from '../kit/line-input.js';
import { FilterError } from '../../query/errors.js';
import { safeText } from '../../util/safe-text.js';
import { color } from '../kit/colors.js';

const LABEL = 'filter: ';

export interface FilterProblem {
  message: string;
  position: number;
  length: number;
  suggestion?: string;
}

/** Turn what compiling threw into an inline problem; anything that is not a FilterError is a bug worth showing. */
export function filterProblem(err: unknown): FilterProblem {
  if (err instanceof FilterError) {
    return {
      message: err.message,
      position: err.position,
      length: err.length,
      suggestion: err.suggestion,
    };
  }
  return {
    message: `cannot apply this filter: ${(err as Error)?.message ?? String(err)}`,
    position: 0,
    length: 0,
  };
}

/**
 * The filter bar (`f`, `:`): the query language with ↑/↓ history and the error shown under the
 * text, caret at the mistake. `apply` returns a problem to keep the bar open, or null when applied.
 */
export function filterBarModal(
  app: AppApi,
  initial: string,
  apply: (text: string) => FilterProblem | null,
): ModalModel {
  let state: LineEdit = lineEdit(initial);
  let problem: FilterProblem | null = null;
  return {
    id: 'filter',
    placement: 'bottom',
    lines: 3,
    hint: 'Enter apply  Esc cancel  ↑/↓ history  Ctrl-u clear',
    key(key, input) {
      if (key === 'escape') return app.closeModal();
      if (key === 'enter') {
        problem = apply(state.text);
        if (!problem) {
          pushHistory(app.filterHistory, state.text);
          app.closeModal();
        }
        return;
      }
      if (key === 'tab' && problem?.suggestion) {
        // accept the suggestion in place of the offending span
        const t = state.text;
        state = lineEdit(
          t.slice(0, problem.position) +
            problem.suggestion +
            t.slice(problem.position + problem.length),
        );
        problem = null;
        return;
      }
      const next = editLine(state, key, input, app.filterHistory);
      if (next !== state) {
        if (next.text !== state.text) problem = null;
        state = next;
      }
    },
    draw(width) {
      // the caret is measured on the text as drawn (made safe, scrolled), so it stays under the mistake
      const at = problem
        ? inputColumn(
            state.text,
            state.cursor,
            inputRoom(LABEL, width),
            Math.min(problem.position, state.text.length),
            problem.length,
          )
        : null;
      const caret = at ? ' '.repeat(LABEL.length + at.col) + '^'.repeat(at.width) : '';
      const msg = problem
        ? `✖ ${safeText(problem.message)}${problem.suggestion ? '  (Tab: use the suggestion)' : ''}`
        : 'name:AssumeRole  ip:10.0.0.0/8  error:*  user:alice since:2h  -src:s3  (same language as `trailscope query`)';
      return (
        <Box flexDirection="column">
          <LineInput label={LABEL} state={state} width={width} />
          <Text color={color('red')} wrap="truncate">
            {caret}
          </Text>
          <Text color={problem ? color('red') : undefined} dimColor={!problem} wrap="truncate">
            {msg}
          </Text>
        </Box>
      );
    },
  };
}
