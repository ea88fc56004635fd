import React from 'react';
import { Box, Text } from 'ink';
import type { AppApi, ModalModel } from '../shell/app-api.js';
import { editLine, lineEdit, type LineEdit } from './line-edit.js';
import { LineInput } from './line-input.js';
import { safeText } from '../../util/safe-text.js';
import { color } from './colors.js';

/** A one-line question at the bottom. `submit` returns an error to show (and stay open), or null. */
export function promptModal(
  app: AppApi,
  label: string,
  initial: string,
  submit: (text: string, app: AppApi) => string | null,
  note = '',
): ModalModel {
  let state: LineEdit = lineEdit(initial);
  let error: string | null = null;
  return {
    id: 'prompt',
    placement: 'bottom',
    lines: 2,
    hint: 'Enter ok  Esc cancel',
    key(key, input) {
      if (key === 'escape') return app.closeModal();
      if (key === 'enter') {
        const e = submit(state.text, app);
        if (e) error = e;
        else app.closeModal();
        return;
      }
      const next = editLine(state, key, input);
      if (next !== state) {
        state = next;
        error = null;
      }
    },
    draw(width) {
      return (
        <Box flexDirection="column">
          <LineInput label={label} state={state} width={width} />
          <Text wrap="truncate" color={error ? color('red') : undefined} dimColor={!error}>
            {error ? `✖ ${safeText(error)}` : note}
          </Text>
        </Box>
      );
    },
  };
}
